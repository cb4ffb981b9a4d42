package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/kiosk"
	"hallkiosk/screens"
)

// idlePhase is one screen the idle benchmark leaves the kiosk on.
type idlePhase struct {
	name  string
	show  func() error
	limit float64 // the target, % of one core
}

// benchIdle leaves the demo on home, on the ID-card waiting screen (its
// arrow moves) and, the session ended, on the attract loop for d each,
// nobody touching it, and
// prints the CPU the whole process used meanwhile (user + system time of
// all its threads, Mesa's software GL included, as a share of one core)
// and its context switches per second (each a thread woken). The kiosk
// runs without its voice (runKiosk): a speaking kiosk synthesizes every
// prompt once at its first start, minutes of espeak-ng at low priority that
// would be measured instead, and once warmed an idle speaker wakes nothing
// (its player lets the sound device go). Last, the window shows one plain
// rectangle: what Fyne's event loop and the kiosk's devices cost with
// nothing to draw, the floor of the others.
func benchIdle(ctx context.Context, k *kiosk.Kiosk, win fyne.Window, ui *screens.UI, d time.Duration, out io.Writer) error {
	fmt.Fprintf(out, "idle CPU of the demo (speech off), %d CPUs, %s per screen\n", runtime.NumCPU(), d)
	s := k.Session
	show := func(f func(), id app.ScreenID) func() error {
		return func() error {
			fyne.DoAndWait(f)
			return waitShown(ctx, ui, id)
		}
	}
	// The attract loop comes after a session (home, the card screen) has
	// ended, as it does all day in a hall; measured first, it would also
	// carry what the start leaves to collect.
	phases := []idlePhase{
		{"home", show(s.Start, app.ScreenHome), 1},
		{"idcard-waiting", show(func() {
			s.Open(app.Screen{ID: app.ScreenIDCard, Param: benchIdleService})
		}, app.ScreenIDCard), 3},
		{"attract", show(s.Finish, app.ScreenAttract), 1},
		{"blank-window", func() error {
			fyne.DoAndWait(func() {
				s.Finish()
				win.SetContent(canvas.NewRectangle(theme.Color(theme.ColorNameBackground)))
			})
			return nil
		}, 0},
	}
	// What a start does in the background (the search indexes, built
	// from 2 s after the first frame) is not idle: a kiosk waits for hours.
	if err := sleepCtx(ctx, benchIdleStartup); err != nil {
		return err
	}
	for _, p := range phases {
		if err := p.show(); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		// Let the screen's first frames and their garbage pass.
		if err := sleepCtx(ctx, 5*time.Second); err != nil {
			return err
		}
		stopProfile, err := startBenchProfile(p.name)
		if err != nil {
			return err
		}
		before, err := readUsage()
		if err != nil {
			return err
		}
		if err := sleepCtx(ctx, d); err != nil {
			return err
		}
		stopProfile()
		after, err := readUsage()
		if err != nil {
			return err
		}
		cpu, wakeups := after.since(before)
		target := ""
		if p.limit > 0 {
			target = fmt.Sprintf(" (target <= %g%%)", p.limit)
		}
		fmt.Fprintf(out, "idle_cpu %-15s %5.2f%% of one core  %6.0f wakeups/s  over %s%s\n", p.name, cpu, wakeups, d, target)
	}
	return nil
}

// startBenchProfile starts a pprof CPU profile of what a benchmark
// measures when BENCH_CPUPROFILE=FILE is set: FILE itself, or
// FILE-name.pprof for one part of it (a phase of bench-idle). The
// returned function stops it.
func startBenchProfile(name string) (stop func(), err error) {
	path := os.Getenv("BENCH_CPUPROFILE")
	if path == "" {
		return func() {}, nil
	}
	if name != "" {
		path += "-" + name + ".pprof"
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// benchIdleStartup is how long the benchmark lets a fresh start settle
// before the first screen is measured.
const benchIdleStartup = 15 * time.Second

// benchIdleService is a service whose application starts with the card.
const benchIdleService = "GJJ-0301"

// procUsage is the process's CPU time and context switches so far.
type procUsage struct {
	at       time.Time
	cpu      time.Duration
	switches int64
}

// readUsage reads the process's own resource usage (every thread's).
func readUsage() (procUsage, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return procUsage{}, fmt.Errorf("getrusage: %w", err)
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return procUsage{at: time.Now(), cpu: cpu, switches: ru.Nvcsw + ru.Nivcsw}, nil
}

// since is the CPU share (% of one core) and the context switches per
// second between u and an earlier reading.
func (u procUsage) since(b procUsage) (cpuPct, perSec float64) {
	wall := u.at.Sub(b.at).Seconds()
	if wall <= 0 {
		return 0, 0
	}
	return 100 * (u.cpu - b.cpu).Seconds() / wall, float64(u.switches-b.switches) / wall
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}
