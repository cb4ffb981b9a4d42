package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/app/hall"
	"hallkiosk/app/kiosk"
	"hallkiosk/devices"
	"hallkiosk/devices/receipt/receiptsim"
	"hallkiosk/internal/logging"
	"hallkiosk/screens/window"
)

// headlessKiosk is a demo kiosk without a window (its simulators, its
// journeys), on the hall bus: the window's screenshots and benchmarks.
type headlessKiosk struct {
	*kiosk.Kiosk
	demo *kiosk.Demo
	stop func()
}

// startHeadlessKiosk starts demo kiosk id on the bus at busURL, its state
// in dir.
func startHeadlessKiosk(ctx context.Context, base config.Config, id, busURL, dir string) (*headlessKiosk, error) {
	cfg := base
	cfg.Kiosk.DeviceID, cfg.Hall.Role, cfg.Hall.Bus, cfg.Hall.Creds = id, string(hall.RoleKiosk), busURL, ""
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o700); err != nil {
		return nil, err
	}
	session := app.NewSession(clock.Real{}, app.SessionConfig{IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour,
		Warning: time.Minute, Ending: time.Minute, TempBase: filepath.Join(dir, "tmp")})
	demo, _ := catalog.Demo()
	cat, err := catalog.New(demo, nil)
	if err != nil {
		session.Close()
		return nil, err
	}
	o := kiosk.Options{Config: cfg, DataDir: dir, Log: logging.Discard(), Session: session, Catalog: cat, Version: version, NoSpeech: true}
	d, err := kiosk.StartDemo(ctx, &o)
	if err != nil {
		session.Close()
		return nil, err
	}
	k, err := kiosk.Start(ctx, o)
	if err != nil {
		d.Close()
		session.Close()
		return nil, err
	}
	return &headlessKiosk{Kiosk: k, demo: d, stop: func() { k.Close(); d.Close(); session.Close() }}, nil
}

// windowScreenshots puts two headless demo kiosks on the bus, one with a
// citizen half-way through 社保缴费 who calls the staff, one whose
// receipt printer ran out of paper, and writes what the X server shows of
// the window terminal: the calls and the hall's devices, the live view,
// the call accepted.
func windowScreenshots(ctx context.Context, cfg config.Config, dataDir, busURL string, w *hall.Window, ui *window.UI, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("screenshots dir: %w", err)
	}
	var ks []*headlessKiosk
	defer func() {
		for _, k := range ks {
			k.stop()
		}
	}()
	for i := 1; i <= demoKiosks; i++ {
		k, err := startHeadlessKiosk(ctx, cfg, fmt.Sprintf("DEMO-K%02d", i), busURL, filepath.Join(dataDir, fmt.Sprintf("shots-kiosk-%d", i)))
		if err != nil {
			return err
		}
		ks = append(ks, k)
	}
	waitFor := func(what string, cond func() bool) error {
		for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				return fmt.Errorf("screenshots: timed out waiting for %s", what)
			}
		}
		return nil
	}
	shot := func(name string) error {
		time.Sleep(1500 * time.Millisecond) // a redraw and a few frames
		out := filepath.Join(dir, name+".png")
		if msg, err := exec.CommandContext(ctx, "import", "-window", "root", out).CombinedOutput(); err != nil {
			return fmt.Errorf("%s: import (Debian package imagemagick): %v: %s", name, err, msg)
		}
		return nil
	}
	// Kiosk 1: a citizen on 社保缴费's form, calling for help.
	k1 := ks[0]
	k1.Session.Start()
	j, err := k1.Journeys.Apply("SB-0201")
	if err != nil {
		return err
	}
	j.Begin()
	k1.demo.PlaceCard(0)
	if err := waitFor("the card", func() bool { return k1.Session.Data().Card() != nil }); err != nil {
		return err
	}
	j.CardConfirmed()
	grade, _ := j.Field(0)
	j.SetValue(grade, "1000")
	if fe := j.Next(0); fe != nil {
		return errors.New(fe.Problem)
	}
	phone, _ := j.Field(1)
	j.SetValue(phone, "13612345678")
	k1.SetScreenItems([]string{"删除一位", "下一项", "返回", "结束办理", "呼叫工作人员"})
	call := k1.Journeys.CallStaff()
	call.Open()
	call.Call()
	// Kiosk 2: out of paper (a call of its own).
	ks[1].demo.Printer.SetCondition(receiptsim.Condition{Paper: devices.PaperOut})
	if err := waitFor("two calls", func() bool {
		calls, _ := w.Calls(ctx)
		return len(calls) == 2 && len(w.Terminals()) >= 3
	}); err != nil {
		return err
	}
	if err := shot("window-calls"); err != nil {
		return err
	}
	k1.Session.Back() // back on the form: the live view shows the field
	ui.Watch("DEMO-K01")
	if err := waitFor("the live view", func() bool { v, ok := w.View("DEMO-K01"); return ok && v.Journey != nil }); err != nil {
		return err
	}
	if err := shot("window-live"); err != nil {
		return err
	}
	calls, _ := w.Calls(ctx)
	for _, c := range calls {
		if c.Reason == hall.ReasonCitizen {
			ui.Accept(c.ID)
		}
	}
	return shot("window-accepted")
}
