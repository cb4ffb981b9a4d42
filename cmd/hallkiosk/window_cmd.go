package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"hallkiosk/app/catalog"
	"hallkiosk/app/config"
	"hallkiosk/app/hall"
	"hallkiosk/app/kiosk"
	"hallkiosk/app/metrics"
	"hallkiosk/app/statedir"
	"hallkiosk/internal/logging"
	"hallkiosk/screens"
	"hallkiosk/screens/typeset"
	"hallkiosk/screens/window"
)

// demoKiosks is how many simulated kiosks the hall demo starts.
const demoKiosks = 2

// runWindow runs the window terminal: the hall bus (the embedded server
// unless [hall] bus names one), the window's side of it (calls, roster,
// live views) and its screens. withDemo is the hall demo: the bus on
// loopback (unless --bus names one) and two demo kiosks on it, each a
// `hallkiosk demo` of its own with its simulators and its window.
func runWindow(ctx context.Context, e *env, cfg config.Config, opts kioskOptions, withDemo bool) int {
	dataDir, err := e.data()
	if err != nil {
		return e.fail("%v", err)
	}
	log := e.logger(cfg)
	logErrors := &metrics.ErrorCounter{} // warnings and errors by component, for the metrics
	log = slog.New(metrics.CountErrors(log.Handler(), logErrors))
	setCrashOutput(dataDir, log)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	bus, srv, busURL, closeBus, err := windowBus(cfg, withDemo, log)
	if err != nil {
		e.fail("%v", err)
		return exitConfig
	}
	defer closeBus()
	w, err := hall.StartWindow(hall.WindowOptions{Bus: bus, CallsPath: filepath.Join(dataDir, "calls.db"),
		Version: version, HallName: cfg.Kiosk.HallName, Log: logging.Component(log, "window")})
	if err != nil {
		return e.fail("%v", err)
	}
	defer w.Close()
	log.Info("window terminal on the hall bus", "bus", busURL)
	// The hall's staff accounts: the kiosks check PINs here.
	al, accounts, closeStaff, err := windowStaff(ctx, cfg, dataDir, bus, log)
	if err != nil {
		return e.fail("%v", err)
	}
	defer closeStaff()
	evs := openWindowEvents(cfg, dataDir, log)
	if evs != nil {
		defer evs.Close()
	}
	// The window's own terminal for 帮办代办 (its card reader and printer).
	wt, err := startWindowTerminal(ctx, cfg, dataDir, withDemo, opts.noVoice, al, accounts, evs, log)
	if err != nil {
		log.Error("no 帮办代办 at this window", "err", err)
	} else {
		defer wt.stop()
	}
	var own *kiosk.Kiosk
	if wt != nil {
		own = wt.Kiosk
	}
	serveWindowMetrics(ctx, cfg, w, srv, own, logErrors, log)

	if withDemo && opts.screenshotsDir == "" && opts.demoKiosks > 0 {
		stop, err := startDemoKiosks(ctx, e, cfg, dataDir, busURL, opts.demoKiosks, log)
		if err != nil {
			return e.fail("%v", err)
		}
		defer stop()
	}

	demo, _ := catalog.Demo()
	cat, _ := catalog.New(demo, nil)
	extra := cfg.Kiosk.HallName
	if cat != nil {
		extra += cat.Text()
	}
	fonts, err := typeset.LoadFonts(cfg.Kiosk.Font, filepath.Join(dataDir, "font-cache"), extra)
	if err != nil {
		return e.fail("%v", err)
	}
	a := fyneapp.NewWithID("cn.gov.hallkiosk.window")
	windowTheme := screens.NewTheme(fonts, false, false, 0.8)
	a.Settings().SetTheme(windowTheme)
	win := a.NewWindow("hallkiosk 网办优先窗口")
	if cfg.Kiosk.Orientation == "portrait" {
		win.Resize(fyne.NewSize(1080, 1920))
	} else {
		win.Resize(fyne.NewSize(1920, 1080))
	}
	if !opts.windowed {
		win.SetFullScreen(true)
	}
	ui := window.New(win, window.Deps{Window: w, HallName: cfg.Kiosk.HallName, Stale: 3 * cfg.Hall.StatusInterval.D(),
		Log: logging.Component(log, "window-ui")})
	ui.Start(ctx)
	defer ui.Stop()
	defer windowFigures(cfg, dataDir, bus, evs, win, log)()
	var shotsAssist func() error
	if wt != nil {
		kui, page, stopAssist := windowAssistPage(ctx, a, win, wt, fonts, windowTheme, log)
		defer stopAssist()
		shotsAssist = func() error { return windowAssistScreenshots(ctx, win, wt, kui, page, opts.screenshotsDir) }
	}
	if opts.watch != "" {
		ui.Watch(opts.watch)
	}
	quit := func() { win.Hide(); a.Quit() }
	exitCode := exitOK
	if opts.screenshotsDir != "" {
		go func() {
			err := windowScreenshots(ctx, cfg, dataDir, busURL, w, ui, opts.screenshotsDir)
			if err == nil && shotsAssist != nil {
				err = shotsAssist()
			}
			if err != nil {
				fmt.Fprintln(e.stderr, "hallkiosk: screenshots:", err)
				exitCode = exitError
			}
			fyne.Do(quit)
		}()
	}
	go func() {
		<-ctx.Done()
		fyne.Do(quit)
	}()
	win.ShowAndRun()
	return exitCode
}

// windowBus joins the hall bus as the window: the configured bus, or a
// server embedded here (on loopback for the demo) that the window joins
// in process. It returns the embedded server (nil when the bus is
// another's) and the bus's address for the demo's kiosks.
func windowBus(cfg config.Config, withDemo bool, log *slog.Logger) (*hall.Bus, *hall.Server, string, func(), error) {
	hlog := logging.Component(log, "hall")
	if cfg.Hall.Bus != "" {
		co, err := hall.ClientFromConfig(cfg, "")
		if err != nil {
			return nil, nil, "", nil, err
		}
		co.Log = hlog
		b, err := hall.Connect(co)
		if err != nil {
			return nil, nil, "", nil, err
		}
		return b, nil, co.URL, b.Close, nil
	}
	so, err := hall.ServerFromConfig(cfg, "")
	if err != nil {
		return nil, nil, "", nil, err
	}
	if withDemo {
		so.Listen = "127.0.0.1:0"
	}
	id := cfg.Kiosk.DeviceID
	so.Local, so.Log = []hall.Terminal{{ID: id, Role: hall.RoleWindow}}, hlog
	srv, err := hall.StartServer(so)
	if err != nil {
		return nil, nil, "", nil, err
	}
	b, err := hall.Connect(hall.ClientOptions{URL: srv.URL(), Terminal: id, Role: hall.RoleWindow, Extra: srv.LocalOptions(id), Log: hlog})
	if err != nil {
		srv.Close()
		return nil, nil, "", nil, err
	}
	return b, srv, srv.URL(), func() { b.Close(); srv.Close() }, nil
}

// startDemoKiosks starts the hall demo's kiosks: `hallkiosk demo` processes
// of their own (their simulators, their windows) on the bus, stopped with
// the window. Their logs go to kiosk-N.log in the demo's state.
func startDemoKiosks(ctx context.Context, e *env, cfg config.Config, dataDir, busURL string, n int, log *slog.Logger) (func(), error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("hall demo: %w", err)
	}
	var cmds []*exec.Cmd
	stop := func() {
		for _, c := range cmds {
			_ = c.Process.Signal(os.Interrupt)
		}
		for _, c := range cmds {
			done := make(chan struct{})
			go func() { _ = c.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				_ = c.Process.Kill()
				<-done
			}
		}
	}
	for i := 1; i <= n; i++ {
		dir := filepath.Join(dataDir, fmt.Sprintf("hall-demo-kiosk-%d", i))
		if _, err := statedir.Ensure(dir); err != nil {
			stop()
			return nil, fmt.Errorf("hall demo: %w", err)
		}
		conf := filepath.Join(dir, "config.toml")
		text := fmt.Sprintf("[kiosk]\ndevice_id = %q\nhall_name = %q\nfont = %q\n", fmt.Sprintf("DEMO-K%02d", i), cfg.Kiosk.HallName, cfg.Kiosk.Font)
		if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
			stop()
			return nil, fmt.Errorf("hall demo: %w", err)
		}
		logf, err := os.OpenFile(filepath.Join(dataDir, fmt.Sprintf("hall-demo-kiosk-%d.log", i)), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			stop()
			return nil, fmt.Errorf("hall demo: %w", err)
		}
		c := exec.Command(self, "--config", conf, "--data", dir, "--bus", busURL, "--role", "kiosk", "demo", "--windowed")
		c.Stdout, c.Stderr = logf, logf
		if err := c.Start(); err != nil {
			logf.Close()
			stop()
			return nil, fmt.Errorf("hall demo kiosk %d: %w", i, err)
		}
		logf.Close()
		cmds = append(cmds, c)
		log.Info("hall demo kiosk started", "kiosk", fmt.Sprintf("DEMO-K%02d", i), "pid", c.Process.Pid)
	}
	fmt.Fprintf(e.stdout, "hall demo: window terminal and %d kiosks on %s\n", n, strings.TrimSpace(busURL))
	return stop, nil
}
