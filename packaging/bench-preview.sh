#!/bin/sh
# Camera preview benchmark: runs `hallkiosk demo --bench-preview D` on a
# virtual 1920x1080 screen (the real GL driver; Mesa's software GL under
# Xvfb, as on a kiosk PC without a GPU driver). The demo's face camera is
# the real V4L2 driver over a simulated UVC camera that sends 640x480
# MJPEG frames without Huffman tables at 15 fps; the face screen shows its
# live preview. For D the program counts the frames put on screen and the
# CPU time of the whole process (every thread's, from /proc/self/stat) as
# a share of one core. BENCH_CPUPROFILE=FILE also writes a pprof profile.
# RUNS repeats the whole run (default 1).
# usage: packaging/bench-preview.sh BIN [DURATION]
set -eu
bin=$1
d=${2:-20s}
runs=${RUNS:-1}
data=$(mktemp -d)
log=$data/stderr.log
trap 'rm -rf "$data"' EXIT
i=0
while [ "$i" -lt "$runs" ]; do
	LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1920x1080x24" \
		"$bin" --data "$data" demo --windowed --bench-preview "$d" 2>"$log" || { tail -20 "$log"; exit 1; }
	i=$((i + 1))
done
