package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"hallkiosk/app"
	"hallkiosk/app/ask"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/app/hall"
	"hallkiosk/app/kiosk"
	"hallkiosk/app/metrics"
	"hallkiosk/app/pinyin"
	"hallkiosk/app/statedir"
	"hallkiosk/internal/logging"
	"hallkiosk/screens"
	"hallkiosk/screens/typeset"
)

// kioskOptions are the flags shared by run and demo.
type kioskOptions struct {
	windowed        bool
	exitAfterFrame  bool
	screenshotsDir  string
	benchTaps       int
	benchIdle       time.Duration
	benchPreview    time.Duration
	soak            int
	noVoice         bool // the demo without its voice
	started         time.Time
	orientationFlag string
	watch           string // the window's live view at start
	demoKiosks      int    // the hall demo's kiosks
}

func (o *kioskOptions) register(e *env, name string) *flag.FlagSet {
	fs := e.flags(name)
	fs.BoolVar(&o.windowed, "windowed", false, "run in a 1920x1080 window instead of fullscreen")
	fs.BoolVar(&o.exitAfterFrame, "exit-after-first-frame", false, "exit right after the first frame of the home screen, printing first_frame_ms=N")
	fs.StringVar(&o.screenshotsDir, "screenshots", "", "write PNGs of the main screens to this directory and exit")
	fs.StringVar(&o.orientationFlag, "orientation", "", "override kiosk.orientation: landscape, portrait or auto")
	fs.StringVar(&o.watch, "watch", "", "window terminal: open this kiosk's live view at start")
	if name == "demo" {
		fs.IntVar(&o.demoKiosks, "kiosks", demoKiosks, "window terminal demo: how many demo kiosks to start")
	}
	if name == "demo" {
		fs.IntVar(&o.benchTaps, "bench-taps", 0, "drive 社保缴费 N times in the window, print tap-to-frame latencies and exit")
		fs.IntVar(&o.soak, "soak", 0, "drive N citizen sessions through the window, print memory, goroutines, fds and the data dir every 10, fail on growth or leaks, and exit")
		fs.DurationVar(&o.benchIdle, "bench-idle", 0, "leave the window on attract, home and the card screen this long each, print the CPU used and exit")
		fs.DurationVar(&o.benchPreview, "bench-preview", 0, "show the face preview from a simulated 640x480 MJPEG camera this long, print frames/s and CPU used and exit")
		fs.BoolVar(&o.noVoice, "no-voice", false, "run without the voice: no spoken prompts and no speech warm-up (make bench-hall measures a terminal whose speech cache is warm)")
	}
	return fs
}

// cmdRun starts the kiosk.
func cmdRun(ctx context.Context, e *env, args []string) int {
	opts := kioskOptions{started: processStart()}
	fs := opts.register(e, "run")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	code := runKiosk(ctx, e, opts, false)
	// Under cage 0.1.4 this code is lost (cage exits 0 whatever its child
	// does): `hallkiosk session` reads it from this file.
	if f := os.Getenv(exitFileEnv); f != "" {
		if err := writeExitFile(f, code); err != nil {
			fmt.Fprintln(e.stderr, "hallkiosk:", err)
		}
	}
	return code
}

// cmdDemo starts the kiosk with simulated devices and the embedded portal.
func cmdDemo(ctx context.Context, e *env, args []string) int {
	opts := kioskOptions{started: processStart()}
	e.userData = true // the demo's state is the developer's, not the hall's
	fs := opts.register(e, "demo")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	return runKiosk(ctx, e, opts, true)
}

// runKiosk builds everything (app/kiosk) and runs the Fyne loop until the
// window closes or ctx ends. withDemo starts the demo's simulators first
// and points the kiosk at them.
func runKiosk(ctx context.Context, e *env, opts kioskOptions, withDemo bool) int {
	cfg, err := e.config()
	if err == nil && !withDemo {
		err = cfg.Production()
	}
	if err != nil {
		// A configuration error: restarting will not help (PROCESS.md).
		e.fail("%v", err)
		fmt.Fprintf(e.stderr, "hallkiosk: fix the configuration (hallkiosk config default prints every key with its meaning), then: systemctl restart hallkiosk\n")
		return exitConfig
	}
	if opts.orientationFlag != "" {
		cfg.Kiosk.Orientation = opts.orientationFlag
	}
	var soakLogs *leakWatch
	if opts.soak > 0 {
		soakConfig(&cfg)
		soakLogs = &leakWatch{w: e.stderr, secrets: soakSecrets()}
		e.stderr = soakLogs
	}
	if opts.benchIdle > 0 || opts.benchPreview > 0 { // no idle timeout while a screen is measured
		cfg.Session.IdleTimeout, cfg.Session.ElderIdleTimeout = config.Duration(time.Hour), config.Duration(time.Hour)
	}
	if cfg.Hall.Role == string(hall.RoleWindow) {
		return runWindow(ctx, e, cfg, opts, withDemo)
	}
	dataDir, err := e.data()
	if err != nil {
		return e.fail("%v", err)
	}
	log := e.logger(cfg)
	// Warnings and errors are counted by component for the metrics.
	logErrors := &metrics.ErrorCounter{}
	log = slog.New(metrics.CountErrors(log.Handler(), logErrors))
	setCrashOutput(dataDir, log)
	// The catalog as last received from the portal; on the very first
	// start none (正在连接服务平台 until the portal's arrives), the
	// embedded one for the demo only.
	known, etag, cached, err := kiosk.StartingCatalog(dataDir, withDemo)
	if err != nil {
		return e.fail("%v", err)
	}
	cat, err := catalog.New(known, pinyin.Speller{})
	if err != nil {
		return e.fail("%v", err)
	}
	// The theme font is cut in two: the kiosk's own characters, always
	// loaded, and the rest of GB2312 for citizens' texts, loaded when needed.
	fonts, err := typeset.LoadFonts(cfg.Kiosk.Font, filepath.Join(dataDir, "font-cache"), cfg.Kiosk.HallName+cat.Text())
	if err != nil {
		return e.fail("%v", err)
	}
	tmp := filepath.Join(dataDir, "tmp")
	if _, err := statedir.Ensure(tmp); err != nil {
		return e.fail("temp dir: %v", err)
	}
	defaults := app.Mode{Elder: cfg.Kiosk.Theme == "elder", HighContrast: cfg.Kiosk.Theme == "high_contrast", Voice: cfg.Speech.VoiceNavigation}
	session := app.NewSession(clock.Real{}, app.SessionConfig{
		IdleTimeout:      cfg.Session.IdleTimeout.D(),
		ElderIdleTimeout: cfg.Session.ElderIdleTimeout.D(),
		Warning:          cfg.Session.Warning.D(),
		Ending:           cfg.Session.Ending.D(),
		TempBase:         tmp,
		Defaults:         defaults,
	})
	defer session.Close()
	session.OnWipeError(func(err error) { log.Error("session wipe incomplete", "err", err) })

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ko := kiosk.Options{Config: cfg, DataDir: dataDir, Log: log, Session: session, Catalog: cat, Version: version,
		AskDelay: ask.FirstBuildDelay}
	// See benchIdle: without this, a fresh data dir's speech warm-up (every
	// prompt through espeak-ng) would be measured too. The taps' journey
	// runs in the normal mode, which does not speak.
	ko.NoSpeech = opts.noVoice || opts.benchIdle > 0 || opts.benchPreview > 0 || opts.benchTaps > 0
	var demo *kiosk.Demo
	if !withDemo {
		closeCameras := openCameras(cfg, &ko)
		defer closeCameras()
	}
	if withDemo {
		if demo, err = kiosk.StartDemo(ctx, &ko); err != nil {
			return e.fail("%v", err)
		}
		defer demo.Close()
		if opts.benchPreview > 0 {
			cam, err := benchPreviewCamera()
			if err != nil {
				return e.fail("%v", err)
			}
			defer cam.Close()
			ko.Camera = cam
		}
	}
	k, err := kiosk.Start(ctx, ko)
	if err != nil {
		return e.fail("%v", err)
	}
	defer k.Close()
	if addr := cfg.Metrics.Listen; addr != "" {
		if l, err := metrics.Listen(addr); err != nil {
			log.Warn("no metrics endpoint", "err", err)
		} else {
			reg := metrics.Registry(k.MetricsSources(version, logErrors))
			k.Go(func(ctx context.Context) {
				if err := metrics.Serve(ctx, l, reg, logging.Component(log, "metrics")); err != nil {
					log.Warn("metrics endpoint stopped", "err", err)
				}
			})
		}
	}

	a := fyneapp.NewWithID("cn.gov.hallkiosk")
	win := a.NewWindow("hallkiosk")
	win.SetPadded(false)
	// A window (the demo, a desk) starts at the kiosk's logical size, upright
	// for a portrait kiosk; fullscreen takes the screen's size.
	if cfg.Kiosk.Orientation == "portrait" {
		win.Resize(fyne.NewSize(1080, 1920))
	} else {
		win.Resize(fyne.NewSize(1920, 1080))
	}
	if !opts.windowed {
		win.SetFullScreen(true)
	}
	exitCode := exitOK
	var quit func()
	// requested is set when the kiosk ends on purpose (a signal, the
	// demo's window, screenshots, a benchmark): any other end of the
	// window loop (the compositor closed the window, the display went)
	// is an error the supervisor restarts, never "stopped on request".
	var requested atomic.Bool
	if !opts.windowed && !withDemo {
		win.SetCloseIntercept(func() {
			log.Warn("the compositor asked to close the kiosk's window; the kiosk stays")
		})
	} else {
		win.SetCloseIntercept(func() { requested.Store(true); quit() })
	}
	sd := newSystemd(log)
	// quit hides the window before the app stops, so no pointer event
	// reaches a window GLFW already destroyed (Fyne 2.7 then panics in
	// processMouseMoved, upstream fyne-io/fyne#5981).
	quit = func() {
		win.Hide()
		a.Quit()
	}
	// The staff menu's 退出自助终端 (admins only) ends the program.
	k.SetLeave(func() { requested.Store(true); fyne.Do(quit) })
	deps := screenDeps(k, demo)
	deps.Fonts, deps.Clock = fonts, clock.Real{}
	if opts.exitAfterFrame {
		session.Start()
		deps.OnFirstFrame = func() {
			requested.Store(true)
			fmt.Fprintf(e.stdout, "first_frame_ms=%d\n", time.Since(opts.started).Milliseconds())
			// The pointer events of the window's first appearance are
			// handled before it goes (see quit).
			time.AfterFunc(500*time.Millisecond, func() { fyne.Do(quit) })
		}
	}
	firstFrame := make(chan struct{})
	if opts.benchTaps > 0 {
		session.Start()
		deps.OnFirstFrame = func() { close(firstFrame) }
	}
	// READY=1 after the first frame of home; from then on the UI loop
	// itself pings the watchdog, so a frozen UI is restarted.
	onFrame := deps.OnFirstFrame
	deps.OnFirstFrame = func() {
		sd.ready()
		sd.runWatchdog(ctx, fyne.Do)
		if onFrame != nil {
			onFrame()
		}
	}
	ui := screens.New(a, win, deps)
	// Staff at the window point at an item: the kiosk rings it.
	k.OnHint(func(h hall.Hint) {
		if name, ok := strings.CutPrefix(h.Item, "item:"); ok {
			fyne.Do(func() { ui.Point(name) })
		}
	})
	ui.Start(ctx)
	defer ui.Stop()
	if cached {
		k.Portal.SeedCatalog(etag, known)
	}
	k.Go(func(ctx context.Context) { k.KeepCatalog(ctx, ui.SetCatalog, ui.SetCatalogWait) })
	if opts.screenshotsDir != "" {
		go func() {
			if err := takeScreenshots(ctx, k, demo, ui, opts.screenshotsDir); err != nil {
				fmt.Fprintln(e.stderr, "hallkiosk: screenshots:", err)
				exitCode = exitError
			}
			requested.Store(true)
			fyne.Do(quit)
		}()
	}
	if opts.benchTaps > 0 {
		go func() {
			<-firstFrame
			if err := benchTaps(ctx, k, demo, ui, opts.benchTaps, e.stdout); err != nil {
				fmt.Fprintln(e.stderr, "hallkiosk: bench-taps:", err)
				exitCode = exitError
			}
			requested.Store(true)
			fyne.Do(quit)
		}()
	}
	if opts.soak > 0 && demo != nil {
		go func() {
			if err := soak(ctx, k, demo, ui, dataDir, soakLogs, opts.soak, e.stdout); err != nil {
				fmt.Fprintln(e.stdout, "hallkiosk: soak:", err)
				exitCode = exitError
			}
			requested.Store(true)
			fyne.Do(quit)
		}()
	}
	if opts.benchPreview > 0 {
		go func() {
			if err := benchPreview(ctx, k, ui, opts.benchPreview, e.stdout); err != nil {
				fmt.Fprintln(e.stderr, "hallkiosk: bench-preview:", err)
				exitCode = exitError
			}
			requested.Store(true)
			fyne.Do(quit)
		}()
	}
	if opts.benchIdle > 0 {
		go func() {
			if err := benchIdle(ctx, k, win, ui, opts.benchIdle, e.stdout); err != nil {
				fmt.Fprintln(e.stderr, "hallkiosk: bench-idle:", err)
				exitCode = exitError
			}
			requested.Store(true)
			fyne.Do(quit)
		}()
	}
	go func() {
		<-ctx.Done()
		requested.Store(true)
		sd.stopping()
		fyne.Do(quit)
	}()
	go settleMemory(ctx, func() bool { return session.Snapshot().State == app.StateAttract })
	log.Info("kiosk started", "windowed", opts.windowed)
	win.ShowAndRun()
	sd.stopping()
	if !requested.Load() && ctx.Err() == nil {
		log.Error("the window loop ended without a stop request (display or compositor gone?); exiting for a restart")
		return exitError
	}
	return exitCode
}

// settleMemory keeps the kiosk lean on small machines: a soft memory limit
// for the Go heap, and the garbage of start-up (font tables parsed while
// the first screens are laid out, the speech warm-up building every view)
// and of each citizen's session handed back to the OS while the kiosk idles
// on the attract loop, instead of waiting for the background scavenger.
// Never while a citizen uses the kiosk: a forced collection and scavenge
// take tens of milliseconds of CPU that a tap would wait for (a kiosk
// restarted mid-session, or a benchmark, taps within seconds of start).
func settleMemory(ctx context.Context, idle func() bool) {
	debug.SetMemoryLimit(64 << 20)
	for _, wait := range []time.Duration{3 * time.Second, 3 * time.Second} {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
			if idle() {
				debug.FreeOSMemory()
			}
		}
	}
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if idle() {
				debug.FreeOSMemory()
			}
		}
	}
}

// crashLogMax bounds crash.log: past it, at a start, the file becomes
// crash.log.1 (replacing the one before), so the two never pass 2 MB.
const crashLogMax = 1 << 20

// setCrashOutput sends a crash's stack to a file in the data dir as well,
// so staff can hand it to the engineers after a restart. Every start
// writes a line with the time, version and process id first, so the stack
// that follows (a panic's, or the watchdog's SIGABRT) is dated and
// versioned.
func setCrashOutput(dataDir string, log interface{ Warn(string, ...any) }) {
	path := filepath.Join(dataDir, "crash.log")
	if fi, err := os.Stat(path); err == nil && fi.Size() > crashLogMax {
		if err := os.Rename(path, path+".1"); err != nil {
			log.Warn("crash log not rotated", "err", err)
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		log.Warn("no crash log", "err", err)
		return
	}
	fmt.Fprintf(f, "=== %s hallkiosk %s started, pid %d: a crash's stack follows this line ===\n",
		time.Now().Format(time.RFC3339), version, os.Getpid())
	if err := debug.SetCrashOutput(f, debug.CrashOptions{}); err != nil {
		log.Warn("no crash log", "err", err)
	}
	f.Close()
}
