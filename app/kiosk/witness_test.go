package kiosk

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/audit"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/app/hall"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
	"hallkiosk/app/staff"
	"hallkiosk/internal/logging"
)

// accountsIn makes a staff store in dir holding id with pin (an
// assistant), as `hallkiosk staff add` does.
func accountsIn(t *testing.T, dir, id, pin string) *staff.Store {
	t.Helper()
	al, err := audit.Open(filepath.Join(dir, audit.FileName), audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { al.Close() })
	st, err := staff.Open(filepath.Join(dir, staff.FileName), staff.Options{Audit: al})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Add(context.Background(), id, staff.RoleAssistant, pin, "cli:test"); err != nil {
		t.Fatal(err)
	}
	return st
}

// startDemoKioskIn is startDemoKiosk on the state directory dir.
func startDemoKioskIn(t *testing.T, dir string, change ...func(*config.Config)) *demoKiosk {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuf{}
	cfg := config.Default()
	for _, f := range change {
		f(&cfg)
	}
	session := app.NewSession(clock.Real{}, app.SessionConfig{IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour,
		Warning: time.Minute, Ending: time.Hour, TempBase: t.TempDir()})
	demo, _ := catalog.Demo()
	cat, _ := catalog.New(demo, nil)
	o := Options{Config: cfg, DataDir: dir, Log: logging.New(logs, "debug", cfg.Kiosk.DeviceID),
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
	return &demoKiosk{Kiosk: k, demo: d, logs: logs}
}

// toWitness starts 居住证申领 (its only way besides the face is the
// staff's check), reads the demo card and chooses the staff's check.
func toWitness(t *testing.T, k *demoKiosk) *journey.Apply {
	t.Helper()
	k.Session.Start()
	j := applyWithCard(t, k, "GA-0502")
	if !j.WitnessHere() {
		t.Fatal("staff cannot witness at this kiosk")
	}
	j.ChooseMethod(portal.MethodStaffWitnessed)
	k.waitFor(t, "the call's end", func() bool {
		st, _ := j.WitnessCall()
		return st != journey.CallCalling && st != journey.CallNone
	})
	return j
}

// sign has the member of staff type id and pin, tick that they compared
// the card with the person, and confirm; it waits for the outcome.
func sign(t *testing.T, k *demoKiosk, j *journey.Apply, id, pin string) error {
	t.Helper()
	j.WitnessField(false)
	j.TypeWitness(0)
	for _, c := range id {
		j.TypeWitness(c)
	}
	j.WitnessField(true)
	for _, c := range pin {
		j.TypeWitness(c)
	}
	j.SetWitnessSeen(true)
	j.Witness()
	k.waitFor(t, "the staff check", func() bool { return !j.Running(journey.BusyWitness) })
	return j.Err()
}

// lastAudit is the kiosk's last audit row.
func lastAudit(t *testing.T, k *demoKiosk) audit.Entry {
	t.Helper()
	rows, err := k.Audit.Last(context.Background(), 1)
	if err != nil || len(rows) != 1 {
		t.Fatalf("audit %v %v", rows, err)
	}
	return rows[0]
}

// TestWitnessedOnTheKiosk: the citizen asks for the staff's check; the
// window stores the call (and only then is the citizen told staff were
// called); a wrong PIN checked by the window does not pass and keeps the
// card; the right one does, the portal (portalsim) accepts the
// staff-witnessed session, the journey goes on, and the audit log names
// the member of staff and the service, never the citizen.
func TestWitnessedOnTheKiosk(t *testing.T) {
	r := startHallRig(t)
	wb, err := hall.Connect(hall.ClientOptions{URL: r.srv.URL(), Terminal: "W2", Role: hall.RoleWindow})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(wb.Close)
	windowAccounts := accountsIn(t, t.TempDir(), "2001", "480215")
	stop, err := hall.ServeStaff(wb, windowAccounts, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	wb.Flush(context.Background())

	k := startDemoKioskIn(t, t.TempDir(), onBus(r.srv.URL()))
	k.waitFor(t, "the bus", func() bool { return k.Bus().Connected() })
	j := toWitness(t, k)
	if st, err := j.WitnessCall(); st != journey.CallReached {
		t.Fatalf("call %s %v", st, err)
	}
	calls, err := r.window.Calls(context.Background())
	if err != nil || len(calls) != 1 || calls[0].Reason != hall.ReasonWitness || calls[0].Service != "GA-0502" {
		t.Fatalf("window calls %+v %v", calls, err)
	}

	if err := sign(t, k, j, "2001", "135790"); !errors.Is(err, staff.ErrWrongPIN) {
		t.Fatalf("wrong PIN: %v", err)
	}
	if k.Session.Data().Identity() != "" || k.Session.Data().Card() == nil || j.Current().Kind != journey.StepWitness {
		t.Fatal("a wrong PIN passed, or lost the citizen's card")
	}
	if err := sign(t, k, j, "2001", "480215"); err != nil {
		t.Fatal(err)
	}
	if k.Session.Data().Identity() == "" || j.Current().Kind != journey.StepField {
		t.Fatalf("after the staff's check: identity %v, step %v", k.Session.Data().Identity() != "", j.Current())
	}
	if a := lastAudit(t, k); a.Action != "identity.witness" || a.Actor != "2001" || a.Subject != "GA-0502" {
		t.Fatalf("audit row %+v", a)
	}
	card := DemoCards()[0]
	rows, _ := k.Audit.Last(context.Background(), 100)
	for _, row := range rows {
		for _, v := range []string{card.Name, card.IDNumber, "480215", "135790"} {
			if row.Detail == v || row.Subject == v || row.Actor == v || strings.Contains(row.Detail, v) {
				t.Errorf("audit row carries %q: %+v", v, row)
			}
		}
	}
}

// TestWitnessBusDownOfflineCopy: with the hall bus down the citizen is
// told plainly that no staff could be called (never "已通知"), a member of
// staff who is there signs on this kiosk's copy of the accounts, and the
// lockout holds: five wrong PINs lock the account, even the right PIN
// then. The citizen's card stays through every refusal.
func TestWitnessBusDownOfflineCopy(t *testing.T) {
	dir := t.TempDir()
	accountsIn(t, dir, "3001", "480215").Close()
	k := startDemoKioskIn(t, dir, onBus("nats://127.0.0.1:1"))
	j := toWitness(t, k)
	if st, err := j.WitnessCall(); st != journey.CallNoLink || !errors.Is(err, app.ErrNoStaffLink) {
		t.Fatalf("call with the bus down: %s %v", st, err)
	}
	if err := sign(t, k, j, "3001", "480215"); err != nil {
		t.Fatalf("the kiosk's copy: %v", err)
	}
	if a := lastAudit(t, k); a.Action != "identity.witness" || a.Actor != "3001" {
		t.Fatalf("audit row %+v", a)
	}
	k.Session.Cancel()
	k.waitFor(t, "the wipe", func() bool { return k.Session.Data().Empty() })

	j = toWitness(t, k)
	var le *staff.LockedError
	for i := 0; i < 5; i++ {
		if err := sign(t, k, j, "3001", "111222"); !errors.Is(err, staff.ErrWrongPIN) && !(i == 4 && errors.As(err, &le)) {
			t.Fatalf("wrong PIN %d: %v", i+1, err)
		}
	}
	if err := sign(t, k, j, "3001", "480215"); !errors.As(err, &le) {
		t.Fatalf("after five wrong PINs: %v", err)
	}
	if k.Session.Data().Identity() != "" || k.Session.Data().Card() == nil {
		t.Fatal("a locked account witnessed, or the card was lost")
	}
}
