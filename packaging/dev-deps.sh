#!/bin/sh
# Installs the Debian packages hallkiosk needs to build, test and run its
# demo, and only those that are missing. Safe to run again and again.
# Uses sudo when not run as root.
set -eu

# Build: cgo toolchain, OpenGL/X11 headers for Fyne, ALSA headers for oto.
BUILD="gcc pkg-config libgl1-mesa-dev xorg-dev libasound2-dev"
# Runtime and tests: the CJK font the theme loads, the pinyin dictionary of
# the on-screen keyboard, Mandarin speech, a
# virtual X server for UI runs and screenshots, CUPS with a PDF queue for
# A4 printing tests, ImageMagick for screen captures, a UTF-8 locale.
RUNTIME="fonts-droid-fallback rime-data-pinyin-simp espeak-ng xvfb xauth x11-utils imagemagick cups cups-client cups-bsd printer-driver-cups-pdf locales"

# Packaging and its tests: systemd (systemd-analyze verify of the unit, a
# user manager for the restart test, sysusers/tmpfiles of the .deb's
# scripts), lintian for the .deb, util-linux for unshare/nsenter, and
# Debian's own Go 1.19 (golang-1.19-go: /usr/lib/go-1.19, not on PATH) for
# the test of go.sh's bootstrap on a bare Debian 12 (packaging/gobootstrap).
PACKAGING="systemd lintian util-linux golang-1.19-go"

missing=""
for p in $BUILD $RUNTIME $PACKAGING; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	exit 0
fi

echo "dev-deps: installing$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends $missing; then
	$SUDO apt-get update
	$SUDO apt-get install -y --no-install-recommends $missing
fi
