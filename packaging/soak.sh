#!/bin/sh
# Soak: runs `hallkiosk demo --soak N` on a virtual 1920x1080 screen (the
# real window and GL driver). The demo drives N citizen sessions (社保缴费
# with the card, receipt, rating; every 10th ends by the idle timeout),
# prints RSS, Go heap, goroutines, fds and the data dir's size every 10
# sessions and fails when they keep growing after the warm-up, when a
# session leaves personal data in the clear on disk or in the log, or when
# a session takes too long. The kiosk's log is kept in $data/kiosk.log
# until the script ends; its last lines are shown on failure.
# usage: packaging/soak.sh BIN [N]
set -eu
bin=$1
n=${2:-100}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
mkdir "$data/kiosk"
LANG=C.UTF-8 xvfb-run -a -s "-screen 0 1920x1080x24" \
	"$bin" --data "$data/kiosk" demo --windowed --soak "$n" 2>"$data/kiosk.log" || { tail -20 "$data/kiosk.log"; exit 1; }
