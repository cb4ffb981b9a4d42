#!/bin/sh
# Idle benchmark: runs `hallkiosk demo --bench-idle D` on a virtual
# 1920x1080 screen (the real GL driver; Mesa's software GL under Xvfb, as on
# a kiosk PC without a GPU driver). The demo, without its voice (see
# benchidle.go), stays D on home, on the ID-card waiting screen, on the
# attract loop after that session, and on a blank window (Fyne's own floor)
# and prints, for each, the CPU
# time of the whole process as a share of one core and its context
# switches (wakeups) per second. CPU time, not wall time: other work on the
# machine slows it little. RUNS repeats the whole run (default 1).
# usage: packaging/bench-idle.sh BIN [DURATION]
set -eu
bin=$1
d=${2:-60s}
runs=${RUNS:-1}
data=$(mktemp -d)
log=$data/stderr.log
trap 'rm -rf "$data"' EXIT
i=0
while [ "$i" -lt "$runs" ]; do
	LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1920x1080x24" \
		"$bin" --data "$data" demo --windowed --bench-idle "$d" 2>"$log" || { tail -20 "$log"; exit 1; }
	i=$((i + 1))
done
