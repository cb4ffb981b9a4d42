package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hallkiosk/app"
	"hallkiosk/app/audit"
	"hallkiosk/app/config"
	"hallkiosk/app/hall"
	"hallkiosk/app/staff"
	"hallkiosk/internal/logging"
	"hallkiosk/screens"
)

// TestWindowAssistPageWiring: the window terminal as runWindow wires it
// for the demo — the window's audit log, staff accounts and usage log
// shared with its own terminal on simulated devices — gets a third page,
// 帮办代办, whose kiosk screens stay hidden and refuse a journey until a
// member of staff logged in and started one; then they show the citizen's
// journey on the window's own card reader, and every row lands in the
// window's one audit log, whose chain holds.
func TestWindowAssistPageWiring(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := config.Default()
	cfg.Hall.Role = string(hall.RoleWindow)
	dir := t.TempDir()
	al, err := audit.Open(filepath.Join(dir, audit.FileName), audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer al.Close()
	accounts, err := staff.Open(filepath.Join(dir, staff.FileName), staff.Options{Audit: al, Terminal: cfg.Kiosk.DeviceID})
	if err != nil {
		t.Fatal(err)
	}
	defer accounts.Close()
	if err := accounts.Add(ctx, "1001", staff.RoleAssistant, "480215", "cli:root"); err != nil {
		t.Fatal(err)
	}
	evs := openWindowEvents(cfg, dir, logging.Discard())
	if evs == nil {
		t.Fatal("no usage log")
	}
	defer evs.Close()
	wt, err := startWindowTerminal(ctx, cfg, dir, true, false, al, accounts, evs, logging.Discard())
	if err != nil {
		t.Fatal(err)
	}
	defer wt.stop()
	if wt.Assist == nil || wt.Audit != al || wt.StaffAccounts != accounts || wt.Events != evs {
		t.Fatal("the window's own terminal does not share the window's stores")
	}

	a := test.NewTempApp(t)
	calls := widget.NewLabel("呼叫与终端")
	win := test.NewTempWindow(t, calls)
	win.Resize(fyne.NewSize(1280, 800))
	var kui *screens.UI
	var stop func()
	fyne.DoAndWait(func() {
		kui, _, stop = windowAssistPage(ctx, a, win, wt, nil, screens.NewTheme(nil, false, false, 0.8), logging.Discard())
	})
	defer stop()
	tabs, ok := win.Content().(*container.AppTabs)
	if !ok || len(tabs.Items) != 2 || tabs.Items[1].Text != assistTab {
		t.Fatalf("window content %T", win.Content())
	}
	// The page stays behind the first tab: Fyne's test driver runs
	// fyne.Do at once, so the kiosk screens' theme, set while they are
	// laid out at a new zoom, would wait on itself (the real driver
	// queues it; the screenshots show the page under Xvfb).
	journey := func() bool {
		var on bool
		fyne.DoAndWait(func() { on = kui.Content().Visible() })
		return on
	}
	if journey() {
		t.Fatal("the kiosk screens show before a login")
	}
	if err := wt.Assist.Start(ctx); !errors.Is(err, staff.ErrNotLoggedIn) {
		t.Fatalf("start without a login: %v", err)
	}
	wt.demo.PlaceCard(0)
	time.Sleep(500 * time.Millisecond) // the reader polls
	if s := wt.Session.Snapshot(); s.State == app.StateHome || s.State == app.StateInService || wt.Session.Data().Card() != nil {
		t.Fatalf("a card on the window's reader started a journey: %v", s.State)
	}
	wt.demo.RemoveCard()

	if err := wt.Assist.LogIn(ctx, "1001", "480215"); err != nil {
		t.Fatal(err)
	}
	if err := wt.Assist.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitAssist(t, "the journey on show", journey)
	fyne.DoAndWait(func() { wt.Session.Open(app.Screen{ID: app.ScreenIDCard, Param: "SB-0201"}) })
	wt.demo.PlaceCard(0)
	waitAssist(t, "the card read", func() bool { return wt.Session.Data().Card() != nil })
	waitAssist(t, "the card screen", func() bool {
		var id app.ScreenID
		fyne.DoAndWait(func() { id = kui.Shown().ID })
		return id == app.ScreenIDCard
	})
	wt.Assist.End()
	waitAssist(t, "the journey covered", func() bool { return !journey() })
	if !wt.Session.Data().Empty() {
		t.Fatal("the citizen's data outlived 帮办")
	}
	rows, err := al.Last(ctx, 20)
	if err != nil {
		t.Fatal(err)
	}
	var acts []string
	for _, r := range rows {
		acts = append(acts, r.Action)
	}
	if got := strings.Join(acts, " "); !strings.Contains(got, "staff.login assist.start citizen.card assist.finish") {
		t.Fatalf("the window's audit log: %s", got)
	}
	if rep, err := al.Verify(ctx); err != nil || rep.Broken != nil {
		t.Fatalf("audit chain: %+v %v", rep, err)
	}
}

func waitAssist(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
