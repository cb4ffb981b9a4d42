package staffmenu

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/app/audit"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/app/staff"
	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/devices"
	"hallkiosk/internal/privacy"
)

const token = "staffmenu-token"

type fixture struct {
	menu   *Menu
	audit  *audit.Log
	queue  *outbox.Outbox
	left   bool
	spoken []string
	paper  devices.Paper
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	sim, err := server.Start(ctx, server.Options{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Token: token})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); sim.Close() })
	client, err := portal.New(portal.Options{BaseURL: sim.URL(), Token: token, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	q, err := outbox.Open(filepath.Join(dir, "outbox.db"), outbox.Options{Portal: client, KeyFile: filepath.Join(t.TempDir(), "k")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	al, err := audit.Open(filepath.Join(dir, audit.FileName), audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { al.Close() })
	st, err := staff.Open(filepath.Join(dir, staff.FileName), staff.Options{Audit: al, Params: staff.Params{Time: 1, MemoryKiB: 64, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.Add(context.Background(), "1001", staff.RoleAssistant, "480215", "test")
	st.Add(context.Background(), "9001", staff.RoleAdmin, "735190", "test")
	f := &fixture{audit: al, queue: q, paper: devices.PaperOK}
	f.menu, err = New(Deps{
		Desk:    staff.NewDesk(staff.DeskOptions{Audit: al, Terminal: "kiosk-7"}),
		Checker: st,
		Devices: map[devices.Kind]func() devices.Status{
			devices.KindIDCard:  func() devices.Status { return devices.Status{State: devices.Online} },
			devices.KindReceipt: func() devices.Status { return devices.Status{State: devices.UserError, Paper: f.paper} },
		},
		Queue:       q,
		PrintTest:   func(context.Context) error { return nil },
		CardPresent: func() bool { return false },
		Speak:       func(_ context.Context, s string) error { f.spoken = append(f.spoken, s); return nil },
		Leave:       func() error { f.left = true; return nil },
		Audit:       func() (audit.Report, bool) { return audit.Report{Rows: 12}, true },
		Terminal:    "kiosk-7",
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// parked queues an application the portal refuses (an unknown service),
// so it is parked for staff.
func (f *fixture) parked(t *testing.T) string {
	t.Helper()
	who := server.DemoIdentities()[0]
	r, err := f.queue.Add(context.Background(), portal.Application{ServiceCode: "NO-SUCH-SERVICE", Channel: "kiosk",
		Applicant: portal.Applicant{CardType: who.CardType, IDNumber: who.IDNumber, Name: who.Name, Phone: who.Phone}})
	if err != nil {
		t.Fatal(err)
	}
	f.queue.Drain(context.Background(), false)
	return r.Key
}

func TestNothingWithoutALogin(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	key := f.parked(t)
	if _, err := f.menu.Health(); !errors.Is(err, staff.ErrNotLoggedIn) {
		t.Fatalf("health: %v", err)
	}
	if _, err := f.menu.Items(ctx); !errors.Is(err, staff.ErrNotLoggedIn) {
		t.Fatalf("items: %v", err)
	}
	for name, act := range map[string]func() error{
		"retry":   func() error { return f.menu.Retry(ctx, key, "x") },
		"discard": func() error { return f.menu.Discard(ctx, key, "x") },
		"print":   func() error { return f.menu.TestPrint(ctx) },
		"speak":   func() error { return f.menu.TestSpeech(ctx) },
		"reprint": func() error { return f.menu.Reprint(ctx) },
		"leave":   func() error { return f.menu.Leave(ctx) },
	} {
		if err := act(); !errors.Is(err, staff.ErrNotLoggedIn) {
			t.Errorf("%s without a login: %v", name, err)
		}
	}
	if _, err := f.menu.LogIn(ctx, "1001", "000000"); !errors.Is(err, staff.ErrWrongPIN) {
		t.Fatalf("wrong PIN: %v", err)
	}
	if _, err := f.menu.Health(); !errors.Is(err, staff.ErrNotLoggedIn) {
		t.Fatalf("health after a wrong PIN: %v", err)
	}
	if f.left || len(f.spoken) > 0 {
		t.Fatal("an act ran without a login")
	}
	if e, _ := f.queue.Get(ctx, key); e.State != outbox.StateParked {
		t.Fatalf("item %s", e.State)
	}
}

func TestAssistantWorksTheMenu(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	key := f.parked(t)
	if _, err := f.menu.LogIn(ctx, "1001", "480215"); err != nil {
		t.Fatal(err)
	}
	f.paper = devices.PaperOut
	hs, err := f.menu.Health()
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[devices.Kind]Health{}
	for _, h := range hs {
		byKind[h.Kind] = h
	}
	if !byKind[devices.KindIDCard].OK || byKind[devices.KindReceipt].Action != "装入打印纸" || !byKind[devices.KindCamera].OK ||
		!byKind["audit"].OK || len(hs) != len(devices.AllKinds())+1 {
		t.Fatalf("health %+v", hs)
	}
	items, err := f.menu.Items(ctx)
	if err != nil || len(items) != 1 || items[0].Key != key || items[0].State != outbox.StateParked {
		t.Fatalf("items %+v %v", items, err)
	}
	who := server.DemoIdentities()[0]
	for _, v := range []string{who.IDNumber, who.Name, who.Phone} {
		if strings.Contains(items[0].LastError+items[0].ServiceCode+items[0].Voucher, v) {
			t.Fatalf("personal data in an item: %+v", items[0])
		}
	}
	if err := f.menu.Retry(ctx, key, " "); !errors.Is(err, ErrNoReason) {
		t.Fatalf("retry without a reason: %v", err)
	}
	if err := f.menu.Retry(ctx, key, "catalog fixed"); err != nil {
		t.Fatal(err)
	}
	if e, _ := f.queue.Get(ctx, key); e.State != outbox.StatePending {
		t.Fatalf("after retry: %s", e.State)
	}
	if err := f.menu.Discard(ctx, key, "duplicate"); err == nil {
		t.Fatal("a pending item was discarded")
	}
	f.queue.Drain(ctx, false)
	if err := f.menu.Discard(ctx, key, "citizen applies at the window "+who.Phone); err != nil {
		t.Fatal(err)
	}
	if err := f.menu.TestCard(ctx); !errors.Is(err, ErrNoCard) {
		t.Fatalf("card test: %v", err)
	}
	if err := f.menu.TestSpeech(ctx); err != nil || len(f.spoken) != 1 {
		t.Fatalf("speech test: %v %v", err, f.spoken)
	}
	if err := f.menu.Reprint(ctx); !errors.Is(err, ErrMissing) {
		t.Fatalf("reprint without a printer: %v", err)
	}
	if err := f.menu.Leave(ctx); !errors.Is(err, staff.ErrForbidden) || f.left {
		t.Fatalf("an assistant left the kiosk: %v", err)
	}
	if f.menu.Can(staff.PermLeave) || !f.menu.Can(staff.PermOutbox) {
		t.Fatal("Can")
	}
	rows, _ := f.audit.Last(ctx, 100)
	var got []string
	for _, r := range rows[2:] {
		got = append(got, r.Actor+" "+r.Action+" "+r.Detail)
		if strings.Contains(r.Detail, who.Phone) {
			t.Fatalf("phone in the audit log: %s", r.Detail)
		}
	}
	want := []string{
		"1001 staff.login role assistant; at kiosk-7",
		"1001 outbox.requeue reason: catalog fixed; at kiosk-7",
		// The key is a random UUID: a run of 7 or more digits in it is
		// masked like any number the audit log does not know.
		"1001 outbox.discard failed: outbox: discard " + privacy.MaskShapes(key) + ": item is pending, not parked; at kiosk-7",
		"1001 outbox.discard reason: citizen applies at the window 138****" + who.Phone[7:] + "; at kiosk-7",
		"1001 device.test failed: staffmenu: no card on the reader; at kiosk-7",
		"1001 device.test spoken; at kiosk-7",
		"1001 receipt.reprint failed: staffmenu: this kiosk has no such part; at kiosk-7",
		"1001 kiosk.leave_refused staff: not allowed for this role: assistant may not leave; at kiosk-7",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestAdminLeaves(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.menu.LogIn(ctx, "9001", "735190"); err != nil {
		t.Fatal(err)
	}
	if err := f.menu.Leave(ctx); err != nil || !f.left {
		t.Fatalf("leave: %v", err)
	}
	if _, ok := f.menu.Current(); ok {
		t.Fatal("still logged in after leaving")
	}
}
