#!/bin/sh
# Tap-to-frame benchmark: runs `hallkiosk demo --bench-taps N` on a virtual
# 1920x1080 screen (the real GL driver, not Fyne's test driver). The demo
# drives 社保缴费 from home to a submitted application N times and prints
# the time from each tap to the frame that shows its result (p50, p99), the
# card-to-screen time and the tap count.
# usage: packaging/bench-taps.sh BIN [N]
set -eu
bin=$1
n=${2:-10}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1920x1080x24" \
	"$bin" --data "$data" demo --windowed --bench-taps "$n" 2>"$data/stderr.log" || { tail -20 "$data/stderr.log"; exit 1; }
