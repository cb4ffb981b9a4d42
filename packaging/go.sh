#!/bin/sh
# Prints the path of a go command that can build hallkiosk (the version
# go.mod's go line names), fetching it first when there is none:
#   - a go on PATH of 1.21 or later switches to go.mod's version by itself
#     (GOTOOLCHAIN=auto: the golang.org/toolchain module, from the Go
#     module proxy), so it is used as it is;
#   - Debian 12's own Go is 1.19, which cannot even read go.mod: with it
#     (golang-go, installed here when no go is there at all) the
#     golang.org/toolchain module of go.mod's version is downloaded from the
#     Go module proxy (checked against sum.golang.org) into
#     .cache/go<version>, and that go is used. Nothing comes from anywhere else.
# Run from the repository root (the Makefile does: GO ?= $(shell ...)).
set -eu

want=$(awk '$1 == "go" { print $2; exit }' go.mod)
local_go="$(pwd)/.cache/go$want/bin/go"
if [ -x "$local_go" ]; then
	echo "$local_go"
	exit 0
fi

# minor VERSION: 19 for go1.19.8, 26 for go1.26.8.
minor() { echo "$1" | sed -n 's/^go1\.\([0-9]*\).*/\1/p'; }

if command -v go >/dev/null 2>&1; then
	have=$(go env GOVERSION 2>/dev/null || echo go1.0)
	if [ "$(minor "$have")" -ge 21 ] 2>/dev/null; then
		command -v go
		exit 0
	fi
else
	echo "go.sh: no go command; installing Debian's golang-go to fetch Go $want" >&2
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends golang-go >&2 ||
		{ $SUDO apt-get update >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends golang-go >&2; }
fi

old=$(command -v go)
arch=$("$old" env GOARCH)
echo "go.sh: $($old version) is too old for go.mod's go $want; fetching golang.org/toolchain@v0.0.1-go$want.linux-$arch from the Go module proxy" >&2
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
# Outside any module, with its own module cache: Go 1.19 only downloads.
dir=$(cd "$tmp" && env -u GOFLAGS GO111MODULE=on GOPATH="$tmp/gopath" GOMODCACHE="$tmp/mod" GOTOOLCHAIN=local \
	"$old" mod download -json "golang.org/toolchain@v0.0.1-go$want.linux-$arch" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
if [ -z "$dir" ] || [ ! -f "$dir/bin/go" ]; then
	echo "go.sh: the toolchain module did not download" >&2
	exit 1
fi
mkdir -p "$(pwd)/.cache"
dest="$(pwd)/.cache/go$want"
rm -rf "$dest.partial"
cp -R "$dir" "$dest.partial"
chmod -R u+w "$dest.partial"
# A module zip keeps no executable bits (the go command sets them when it
# switches toolchains itself).
chmod +x "$dest.partial"/bin/* "$dest.partial"/pkg/tool/*/*
mv "$dest.partial" "$dest"
echo "$dest/bin/go"
