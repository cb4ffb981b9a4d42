#!/bin/sh
# The window terminal under a hall's load: `hall serve` on loopback, the
# window terminal (a real Fyne window on a virtual screen) with the live
# view of one kiosk open, and N simulated kiosks publishing their status
# every 2 s. Prints the window process's CPU (% of one core) and RSS over
# the measured seconds, after a warm-up. The window runs without its voice:
# a fresh data dir's speech warm-up (minutes of espeak-ng) is not what a
# hall's window does all day. WATCH= leaves the live view closed.
# usage: packaging/bench-hall.sh BIN [KIOSKS] [SECONDS]
set -eu
bin=$1
kiosks=${2:-50}
secs=${3:-30}
watch=${WATCH-SIM-01}
data=$(mktemp -d)
serve_pid= window_pid= sim_pid=
cleanup() {
	for p in $sim_pid $window_pid $serve_pid; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$data"
}
trap cleanup EXIT INT TERM

"$bin" --data "$data/serve" hall serve --listen 127.0.0.1:0 >"$data/serve.out" 2>"$data/serve.log" &
serve_pid=$!
i=0
until url=$(sed -n 's/^hall bus listening on //p' "$data/serve.out") && [ -n "$url" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || { echo "hall serve did not start" >&2; cat "$data/serve.log" >&2; exit 1; }
	sleep 0.1
done

LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1920x1080x24" \
	"$bin" --data "$data/window" --bus "$url" --role window demo --windowed --no-voice --kiosks 0 ${watch:+--watch "$watch"} \
	>"$data/window.out" 2>"$data/window.log" &
xvfb_pid=$!
i=0
until window_pid=$(pgrep -n -f -- "^$bin --data $data/window") && [ -n "$window_pid" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || { echo "the window terminal did not start" >&2; cat "$data/window.log" >&2; exit 1; }
	sleep 0.1
done

"$bin" --data "$data/sim" --bus "$url" hall simulate --kiosks "$kiosks" >"$data/sim.out" 2>"$data/sim.log" &
sim_pid=$!

sleep 10 # warm-up: every kiosk seen, the live view open
ticks() { awk '{print $14 + $15}' "/proc/$window_pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks)
sleep "$secs"
t1=$(ticks)
rss=$(awk '/^VmRSS/ {print $2}' "/proc/$window_pid/status")
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$window_pid/status")
cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$secs" 'BEGIN {printf "%.1f", (b - a) * 100 / hz / s}')
echo "kiosks=$kiosks seconds=$secs window_cpu_percent_of_one_core=$cpu window_rss_mb=$((rss / 1024)) window_peak_rss_mb=$((hwm / 1024))"
kill "$window_pid" 2>/dev/null || true
wait "$xvfb_pid" 2>/dev/null || true
