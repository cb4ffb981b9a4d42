package kiosk

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/app/journey"
	"hallkiosk/app/outbox"
	"hallkiosk/devices"
	"hallkiosk/internal/logging"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}

// demoKiosk is the demo kiosk as `hallkiosk demo` builds it, without a
// window: StartDemo, then Start.
type demoKiosk struct {
	*Kiosk
	demo *Demo
	logs *syncBuf
	temp string
}

func startDemoKiosk(t *testing.T, change ...func(*config.Config)) *demoKiosk {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuf{}
	cfg := config.Default()
	for _, f := range change {
		f(&cfg)
	}
	temp := t.TempDir()
	session := app.NewSession(clock.Real{}, app.SessionConfig{IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour,
		Warning: time.Minute, Ending: time.Hour, TempBase: temp})
	demo, _ := catalog.Demo()
	cat, err := catalog.New(demo, nil)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Config: cfg, DataDir: t.TempDir(), Log: logging.New(logs, "debug", cfg.Kiosk.DeviceID),
		Session: session, Catalog: cat, Version: "test", NoSpeech: true}
	d, err := StartDemo(ctx, &o)
	if err != nil {
		t.Fatal(err)
	}
	k, err := Start(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		k.Close()
		d.Close()
		cancel()
		session.Close()
	})
	return &demoKiosk{Kiosk: k, demo: d, logs: logs, temp: temp}
}

func (k *demoKiosk) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; screen %+v", what, k.Session.Snapshot().Screen)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// checkNoLeak fails when the kiosk's data directory (the portal
// simulator's own database aside: that is the portal), its temp dir or its
// log carries a personal value in the clear.
func (k *demoKiosk) checkNoLeak(t *testing.T, values ...string) {
	t.Helper()
	var files []string
	for _, root := range []string{k.DataDir, k.temp} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && d.Name() == "portalsim" {
				return filepath.SkipDir
			}
			if d.Type().IsRegular() { // not the simulators' PTY links
				files = append(files, path)
			}
			return nil
		})
	}
	check := func(where string, data []byte) {
		for _, v := range values {
			if bytes.Contains(data, []byte(v)) {
				t.Errorf("%s carries %q in the clear", where, v)
			}
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err == nil {
			check(f, data)
		}
	}
	check("the log", k.logs.Bytes())
}

// TestDemoKioskAppliesEndToEnd: the wiring `hallkiosk demo` runs (the
// portal simulator over loopback HTTP, the card reader and receipt printer
// simulated on PTYs with the real drivers, the real outbox) carries 社保缴费
// with card prefill from the card to a printed receipt and a stored
// rating; nothing personal is left in the clear anywhere the kiosk writes.
func TestDemoKioskAppliesEndToEnd(t *testing.T) {
	k := startDemoKiosk(t)
	k.Session.Start()
	j, err := k.Journeys.Apply("SB-0201")
	if err != nil {
		t.Fatal(err)
	}
	var snaps []journey.Snapshot
	j.Begin()
	k.demo.PlaceCard(0)
	k.waitFor(t, "the card", func() bool { return k.Session.Data().Card() != nil })
	snaps = append(snaps, j.Snapshot())
	j.CardConfirmed()
	grade, _ := j.Field(0)
	j.SetValue(grade, "1000")
	if fe := j.Next(0); fe != nil {
		t.Fatal(fe)
	}
	phone, _ := j.Field(1)
	j.SetValue(phone, "13612345678")
	snaps = append(snaps, j.Snapshot())
	if fe := j.Next(1); fe != nil {
		t.Fatal(fe)
	}
	snaps = append(snaps, j.Snapshot())
	j.Submit()
	k.waitFor(t, "the result", func() bool { return j.Current().Kind == journey.StepResult })
	if sub := j.Submission(); sub == nil || !sub.Receipt.Acknowledged() {
		t.Fatalf("submission %+v (%v)", sub, j.Err())
	}
	j.Print()
	k.waitFor(t, "the receipt", func() bool { st, _ := j.PrintState(); return st == journey.PrintDone })
	if k.demo.LatestReceipt() == nil {
		t.Fatal("nothing printed")
	}
	snaps = append(snaps, j.Snapshot())
	j.OpenRating()
	j.Rate(4, nil)
	k.waitFor(t, "the end", func() bool { return k.Session.Snapshot().State == app.StateEnding })
	if c, err := k.Outbox.Counts(context.Background()); err != nil || c.Sent+c.Pending != 2 {
		t.Fatalf("outbox %+v %v", c, err)
	}
	b, _ := json.Marshal(snaps)
	card := DemoCards()[0]
	for _, v := range []string{card.Name, card.IDNumber, card.Address, "13612345678"} {
		if strings.Contains(string(b), v) {
			t.Errorf("a snapshot carries %q", v)
		}
	}
	// The outbox sender finishes its idle step (WAL truncated) before the
	// files are read.
	k.Outbox.Drain(context.Background(), false)
	k.checkNoLeak(t, card.Name, card.IDNumber, "13612345678", card.Address)
}

// TestKioskWithoutDevices: with nothing plugged in and no portal, the kiosk
// still starts, every device reports why, and a journey's submission is
// stored offline.
func TestKioskWithoutDevices(t *testing.T) {
	cfg := config.Default()
	cfg.Portal.URL, cfg.Portal.Token = "http://127.0.0.1:9", "t" // nothing listens
	cfg.IDCard.Port, cfg.Receipt.Port = "/nonexistent/idcard", "/nonexistent/receipt"
	cfg.A4.Queue = ""
	session := app.NewSession(clock.Real{}, app.SessionConfig{IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour,
		Warning: time.Minute, Ending: time.Hour, TempBase: t.TempDir()})
	defer session.Close()
	demo, _ := catalog.Demo()
	cat, _ := catalog.New(demo, nil)
	k, err := Start(context.Background(), Options{Config: cfg, DataDir: t.TempDir(), Session: session, Catalog: cat,
		Log: slog.New(slog.DiscardHandler), NoSpeech: true})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if k.Camera != nil || k.Outbox == nil {
		t.Fatalf("camera %v outbox %v", k.Camera, k.Outbox)
	}
	if st := k.Cards.Status(); st.State != devices.NoDevice {
		t.Errorf("card reader %+v, want no_device", st)
	}
	deadline := time.Now().Add(10 * time.Second)
	for k.Receipt.DeviceStatus().State != devices.NoDevice && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if st := k.Receipt.DeviceStatus(); st.State != devices.NoDevice {
		t.Errorf("receipt printer %+v, want no_device", st)
	}
	if err := k.Identity.Ready(); err == nil {
		t.Fatal("a face check looks possible without a camera")
	}
	session.Start()
	// A service without a face check: this kiosk has no camera.
	j, err := k.Journeys.Apply("SB-0204")
	if err != nil {
		t.Fatal(err)
	}
	session.Data().SetCard(DemoCards()[0])
	j.CardConfirmed()
	for i := 0; i < len(j.Asked()); i++ {
		f, _ := j.Field(i)
		if len(f.Options) > 0 {
			j.SetValue(f, f.Options[0])
		} else {
			j.SetValue(f, "个人了解")
		}
		if fe := j.Next(i); fe != nil {
			t.Fatal(fe)
		}
	}
	j.Submit()
	deadline = time.Now().Add(20 * time.Second)
	for j.Submission() == nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	sub := j.Submission()
	if sub == nil || sub.Receipt.State != outbox.StatePending || sub.Receipt.Voucher == "" {
		t.Fatalf("offline submission %+v (%v)", sub, j.Err())
	}
}
