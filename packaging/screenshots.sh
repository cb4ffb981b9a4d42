#!/bin/sh
# Runs the demo on a virtual 1920x1080 screen (Xvfb) and writes PNGs of the
# main screens, as the real GL driver draws them, into the given directory.
# usage: packaging/screenshots.sh BIN DIR
set -eu
bin=$1
dir=$2
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
mkdir -p "$dir"
LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1920x1080x24" \
	"$bin" --data "$data" demo --windowed --screenshots "$dir"
LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1080x1920x24" \
	"$bin" --data "$data" demo --windowed --orientation portrait --screenshots "$dir/portrait"
# The window terminal (网办优先窗口) with two headless demo kiosks on its bus,
# and its 帮办代办 page (staff login; a citizen confirming on the window's own
# simulated card reader and printer).
LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1920x1080x24" \
	"$bin" --data "$data/window" --role window demo --windowed --screenshots "$dir/window"
LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1080x1920x24" \
	"$bin" --data "$data/window-portrait" --role window demo --windowed --orientation portrait --screenshots "$dir/window/portrait"
echo "screenshots in $dir"
