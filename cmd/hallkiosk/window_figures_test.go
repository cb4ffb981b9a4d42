package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hallkiosk/app/config"
	"hallkiosk/app/eventbus"
	"hallkiosk/app/events"
	"hallkiosk/app/hall"
	"hallkiosk/app/kiosk"
	"hallkiosk/internal/logging"
)

// TestWindowFigures: the window terminal gets a 数据复盘 tab beside its
// page, and its usage log receives a kiosk's events over the bus.
func TestWindowFigures(t *testing.T) {
	cfg := config.Default()
	if _, err := os.Stat(cfg.Kiosk.Font); err != nil {
		t.Skip("no CJK font (packaging/dev-deps.sh installs fonts-droid-fallback)")
	}
	cfg.Kiosk.DeviceID = "WIN-01"
	srv, err := hall.StartServer(hall.ServerOptions{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	connect := func(id string, role hall.Role) *hall.Bus {
		b, err := hall.Connect(hall.ClientOptions{URL: srv.URL(), Terminal: id, Role: role, ReconnectWait: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(b.Close)
		for deadline := time.Now().Add(10 * time.Second); !b.Connected(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal(id, "not on the bus")
			}
		}
		return b
	}
	wbus := connect("WIN-01", hall.RoleWindow)
	test.NewTempApp(t)
	page := widget.NewLabel("呼叫")
	win := test.NewTempWindow(t, page)
	data := t.TempDir()
	st := openWindowEvents(cfg, data, logging.Discard())
	if st == nil {
		t.Fatal("no usage log")
	}
	defer st.Close()
	stop := windowFigures(cfg, data, wbus, st, win, logging.Discard())
	defer stop()
	tabs, ok := win.Content().(*container.AppTabs)
	if !ok || len(tabs.Items) != 2 || tabs.Items[0].Content != page || tabs.Items[1].Text != "数据复盘" {
		t.Fatalf("window content %T", win.Content())
	}

	ks, err := events.Open(filepath.Join(t.TempDir(), "k.db"), events.Options{Kiosk: "K1"})
	if err != nil {
		t.Fatal(err)
	}
	defer ks.Close()
	ks.Add(events.Event{Kind: events.SessionStart})
	ks.Add(events.Event{Kind: events.Submission, Service: "GJJ-0301", Key: events.Online})
	if err := ks.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := &eventbus.Sender{Bus: connect("K1", hall.RoleKiosk), Store: ks}
	if _, err := s.SendOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	ws, err := events.Open(filepath.Join(data, kiosk.EventsFile), events.Options{Kiosk: "WIN-01"})
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if n, _ := ws.Last(context.Background(), "K1"); n != 2 {
		t.Errorf("the window holds K1's events up to %d, want 2", n)
	}
}
