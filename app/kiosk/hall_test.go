package kiosk

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"hallkiosk/app"
	"hallkiosk/app/config"
	"hallkiosk/app/hall"
	"hallkiosk/app/journey"
	"hallkiosk/devices"
)

// hallRig is an embedded hall bus, a window on it, and a recorder of
// every message that crosses it.
type hallRig struct {
	srv    *hall.Server
	window *hall.Window
	mu     sync.Mutex
	seen   [][]byte
}

func startHallRig(t *testing.T) *hallRig {
	t.Helper()
	srv, err := hall.StartServer(hall.ServerOptions{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	r := &hallRig{srv: srv}
	wb, err := hall.Connect(hall.ClientOptions{URL: srv.URL(), Terminal: "W1", Role: hall.RoleWindow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(wb.Close)
	rec, err := nats.Connect(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(rec.Close)
	for _, subj := range []string{"hall.>", "_INBOX.>"} {
		if _, err := rec.Subscribe(subj, func(m *nats.Msg) {
			r.mu.Lock()
			r.seen = append(r.seen, bytes.Clone(m.Data))
			r.mu.Unlock()
		}); err != nil {
			t.Fatal(err)
		}
	}
	rec.Flush()
	for deadline := time.Now().Add(5 * time.Second); !wb.Connected(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("window not connected")
		}
	}
	r.window, err = hall.StartWindow(hall.WindowOptions{Bus: wb, CallsPath: filepath.Join(t.TempDir(), "calls.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.window.Close)
	return r
}

func onBus(url string) func(*config.Config) {
	return func(c *config.Config) { c.Hall.Bus, c.Hall.StatusInterval = url, config.Duration(100*time.Millisecond) }
}

// TestKioskCallsTheWindow: on the bus, the demo kiosk's 呼叫工作人员 reaches
// the window with the service and stage, is acknowledged (CallReached),
// and staff accepting it shows 工作人员正在赶来 (CallAccepted); the window
// sees the kiosk's devices and follows its journey in the live view; no
// message on the bus carries the card's name, ID number, address or the
// phone typed.
func TestKioskCallsTheWindow(t *testing.T) {
	r := startHallRig(t)
	k := startDemoKiosk(t, onBus(r.srv.URL()))
	id := k.Config.Kiosk.DeviceID
	k.waitFor(t, "the kiosk's status", func() bool {
		ti, ok := r.window.Roster().Get(id)
		return ok && ti.Devices[devices.KindIDCard].State != ""
	})
	k.waitFor(t, "the live view", func() bool {
		_, err := r.window.Watch(context.Background(), id)
		return err == nil
	})
	k.Session.Start()
	j := applyWithCard(t, k, "SB-0201")
	grade, _ := j.Field(0)
	j.SetValue(grade, "1000")
	if fe := j.Next(0); fe != nil {
		t.Fatal(fe)
	}
	phone, _ := j.Field(1)
	j.SetValue(phone, "13612345678")
	k.waitFor(t, "the phone in the live view", func() bool {
		v, ok := r.window.View(id)
		if !ok || v.Journey == nil || v.Journey.Field == nil {
			return false
		}
		return v.Journey.Field.Filled && v.Journey.Field.Value != "" && v.Screen == string(app.ScreenForm)
	})

	before := j.Snapshot()
	call := k.Journeys.CallStaff()
	call.Open()
	call.Call()
	k.waitFor(t, "the call's answer", func() bool { return call.State() != journey.CallCalling })
	if call.State() != journey.CallReached {
		t.Fatalf("call %s: %v", call.State(), call.Err())
	}
	open, err := r.window.Calls(context.Background())
	if err != nil || len(open) != 1 {
		t.Fatalf("window calls %+v, %v", open, err)
	}
	c := open[0]
	if c.Terminal != id || c.Service != "SB-0201" || c.Stage != before.Stage || c.StageName != before.StageName || c.Reason != hall.ReasonCitizen {
		t.Fatalf("call %+v", c)
	}
	k.waitFor(t, "the call in the live view", func() bool {
		v, ok := r.window.View(id)
		return ok && v.Screen == string(app.ScreenCallStaff) && v.Call == journey.CallReached
	})
	if err := r.window.Accept(context.Background(), c.ID); err != nil {
		t.Fatal(err)
	}
	k.waitFor(t, "工作人员正在赶来", func() bool { return call.State() == journey.CallAccepted })

	card := DemoCards()[0]
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.seen) < 5 {
		t.Fatalf("only %d messages on the bus", len(r.seen))
	}
	for _, m := range r.seen {
		for _, v := range []string{card.Name, card.IDNumber, card.Address, "13612345678", card.IDNumber[len(card.IDNumber)-8:]} {
			if bytes.Contains(m, []byte(v)) {
				t.Errorf("a bus message carries %q: %s", v, m)
			}
		}
	}
}

// TestKioskBusDown: with its bus not there, the kiosk serves on and the
// staff call sends the citizen to the window (CallNoLink) at once.
func TestKioskBusDown(t *testing.T) {
	k := startDemoKiosk(t, onBus("nats://127.0.0.1:1"))
	k.Session.Start()
	call := k.Journeys.CallStaff()
	call.Open()
	start := time.Now()
	call.Call()
	k.waitFor(t, "the call's end", func() bool { return call.State() != journey.CallCalling && call.State() != journey.CallNone })
	if call.State() != journey.CallNoLink || !errors.Is(call.Err(), app.ErrNoStaffLink) {
		t.Fatalf("call with the bus down: %s, %v", call.State(), call.Err())
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("the call took %v with the bus down", d)
	}
	if _, err := k.Journeys.Apply("SB-0201"); err != nil {
		t.Fatal(err)
	}
}
