package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"hallkiosk/app"
	"hallkiosk/app/ask"
	"hallkiosk/app/audit"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/app/events"
	"hallkiosk/app/kiosk"
	"hallkiosk/app/pinyin"
	"hallkiosk/app/staff"
	"hallkiosk/app/statedir"
	"hallkiosk/internal/logging"
	"hallkiosk/screens"
	"hallkiosk/screens/typeset"
	"hallkiosk/screens/window"
)

// assistTab is the title of the window terminal's 帮办代办 page.
const assistTab = "帮办代办"

// windowTerminal is the window terminal's own terminal for 帮办代办: the
// kiosk's wiring (app/kiosk, [hall] role = window: staff start every
// journey, app/assist) on the window's ID-card reader and receipt printer
// of its configuration, or on the demo's simulated ones.
type windowTerminal struct {
	*kiosk.Kiosk
	demo *kiosk.Demo
	stop func()
}

// startWindowTerminal builds the window's own terminal in the state
// directory, sharing the window's audit log, staff accounts and usage log;
// noVoice leaves its voice out (demo --no-voice).
func startWindowTerminal(ctx context.Context, cfg config.Config, dataDir string, withDemo, noVoice bool,
	al *audit.Log, accounts *staff.Store, evs *events.Store, log *slog.Logger) (*windowTerminal, error) {
	tmp := filepath.Join(dataDir, "tmp")
	if _, err := statedir.Ensure(tmp); err != nil {
		return nil, fmt.Errorf("window terminal: temp dir: %w", err)
	}
	// The portal's catalog as last received; none on a first start (the
	// 帮办 screens say 正在连接服务平台 until it comes), the demo's for the demo.
	known, etag, cached, err := kiosk.StartingCatalog(dataDir, withDemo)
	if err != nil {
		return nil, err
	}
	cat, err := catalog.New(known, pinyin.Speller{})
	if err != nil {
		return nil, err
	}
	defaults := app.Mode{Elder: cfg.Kiosk.Theme == "elder", HighContrast: cfg.Kiosk.Theme == "high_contrast", Voice: cfg.Speech.VoiceNavigation}
	session := app.NewSession(clock.Real{}, app.SessionConfig{
		IdleTimeout: cfg.Session.IdleTimeout.D(), ElderIdleTimeout: cfg.Session.ElderIdleTimeout.D(),
		Warning: cfg.Session.Warning.D(), Ending: cfg.Session.Ending.D(), TempBase: tmp, Defaults: defaults,
	})
	session.OnWipeError(func(err error) { log.Error("session wipe incomplete", "err", err) })
	ko := kiosk.Options{Config: cfg, DataDir: dataDir, Log: log, Session: session, Catalog: cat,
		Version: version, Audit: al, StaffAccounts: accounts, Events: evs, AskDelay: ask.FirstBuildDelay,
		NoSpeech: noVoice}
	var demo *kiosk.Demo
	closeCameras := func() {}
	if withDemo {
		if demo, err = kiosk.StartDemo(ctx, &ko); err != nil {
			session.Close()
			return nil, err
		}
	} else {
		closeCameras = openCameras(cfg, &ko)
	}
	k, err := kiosk.Start(ctx, ko)
	if err != nil {
		if demo != nil {
			demo.Close()
		}
		closeCameras()
		session.Close()
		return nil, err
	}
	if k.Assist == nil {
		log.Error("no 帮办代办 at this window: the staff accounts or the audit log are missing")
	}
	if cached {
		k.Portal.SeedCatalog(etag, known)
	}
	stop := func() {
		k.Close()
		if demo != nil {
			demo.Close()
		}
		closeCameras()
		session.Close()
	}
	return &windowTerminal{Kiosk: k, demo: demo, stop: stop}, nil
}

// windowAssistPage adds the 帮办代办 page to the window terminal's tabs:
// the kiosk's own screens (screens.UI, embedded) for the citizen's
// journey, under the page that lets only a logged-in member of staff
// start one (screens/window.AssistPage). The window's theme comes back
// whenever the journey is not on show. It returns the kiosk screens (for
// the screenshots) and what stops both.
func windowAssistPage(ctx context.Context, a fyne.App, win fyne.Window, wt *windowTerminal, fonts *typeset.Fonts,
	windowTheme fyne.Theme, log *slog.Logger) (*screens.UI, *window.AssistPage, func()) {
	if wt.Assist == nil {
		return nil, nil, func() {}
	}
	deps := screenDeps(wt.Kiosk, wt.demo)
	deps.Fonts, deps.Clock, deps.Embedded = fonts, clock.Real{}, true
	deps.OnItems = nil // no live view of the window's own terminal
	ui := screens.New(a, win, deps)
	wt.Go(func(ctx context.Context) { wt.KeepCatalog(ctx, ui.SetCatalog, ui.SetCatalogWait) })
	page := window.NewAssist(window.AssistDeps{Assist: wt.Assist, Journey: ui.Content(), Log: logging.Component(log, "assist-ui"),
		OnJourney: func(on bool) {
			ui.SetShown(on)
			if !on {
				a.Settings().SetTheme(windowTheme)
			}
		}})
	tab := container.NewTabItem(assistTab, page.Object())
	tabs, ok := win.Content().(*container.AppTabs)
	if !ok {
		tabs = container.NewAppTabs(container.NewTabItem("呼叫与终端", win.Content()))
		win.SetContent(tabs)
	}
	// Under the kiosk screens' larger theme the other pages might need
	// more than an upright screen's width (tabs take their widest page's):
	// they scroll instead of widening the window.
	for _, t := range tabs.Items {
		t.Content = container.NewScroll(t.Content)
	}
	tabs.Append(tab)
	selected := tabs.OnSelected
	tabs.OnSelected = func(t *container.TabItem) {
		if selected != nil {
			selected(t)
		}
		page.Shown(t == tab)
	}
	ui.Start(ctx)
	page.Start(ctx)
	a.Settings().SetTheme(windowTheme)
	return ui, page, func() { page.Stop(); ui.Stop() }
}

// windowAssistScreenshots writes what the X server shows of the 帮办代办
// page: the staff login, then a demo member of staff's 帮办 for 王秀兰 at
// the step where the citizen confirms, on the window's own simulated
// reader and printer.
func windowAssistScreenshots(ctx context.Context, win fyne.Window, wt *windowTerminal, kui *screens.UI, page *window.AssistPage, dir string) error {
	if kui == nil || wt.demo == nil {
		return nil
	}
	fyne.DoAndWait(func() {
		if tabs, ok := win.Content().(*container.AppTabs); ok {
			for _, t := range tabs.Items {
				if t.Text == assistTab {
					tabs.Select(t)
				}
			}
		}
	})
	if err := shotRoot(ctx, dir, "window-assist-login"); err != nil {
		return err
	}
	const id, pin = "1001", "480215" // the demo's member of staff
	if err := wt.StaffAccounts.Add(ctx, id, staff.RoleAssistant, pin, "demo"); err != nil && !errors.Is(err, staff.ErrExists) {
		return err
	}
	if err := wt.Assist.LogIn(ctx, id, pin); err != nil {
		return err
	}
	if err := wt.Assist.Start(ctx); err != nil {
		return err
	}
	defer wt.Assist.LogOut(context.WithoutCancel(ctx))
	// As staff and citizen would: the card on the window's reader, the
	// form on the kiosk's screens, up to the citizen's 确认提交.
	fyne.DoAndWait(func() { wt.Session.Open(app.Screen{ID: app.ScreenIDCard, Param: "SB-0201"}) })
	wt.demo.PlaceCard(0)
	defer wt.demo.RemoveCard()
	for deadline := time.Now().Add(20 * time.Second); wt.Session.Data().Card() == nil; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			return errors.New("screenshots: the window's card reader read no card")
		}
	}
	time.Sleep(300 * time.Millisecond)
	for _, item := range []string{"确认，下一步", "1000", "1", "3", "6", "1", "2", "3", "4", "5", "6", "7", "8", "填好了，去核对"} {
		if err := tapItem(kui, item); err != nil {
			return fmt.Errorf("screenshots: 帮办: %w", err)
		}
		time.Sleep(150 * time.Millisecond)
	}
	for deadline := time.Now().Add(20 * time.Second); kui.Shown().ID != app.ScreenConfirm; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fmt.Errorf("screenshots: 帮办: the citizen's confirmation did not come (at %+v)", kui.Shown())
		}
	}
	return shotRoot(ctx, dir, "window-assist")
}

// shotRoot writes the X server's screen to dir/name.png after a redraw.
func shotRoot(ctx context.Context, dir, name string) error {
	time.Sleep(1500 * time.Millisecond) // a redraw and a few frames
	out := filepath.Join(dir, name+".png")
	if msg, err := exec.CommandContext(ctx, "import", "-window", "root", out).CombinedOutput(); err != nil {
		return fmt.Errorf("%s: import (Debian package imagemagick): %v: %s", name, err, msg)
	}
	return nil
}
