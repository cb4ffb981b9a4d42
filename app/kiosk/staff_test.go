package kiosk

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/audit"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/app/journey"
	"hallkiosk/app/staff"
	"hallkiosk/internal/logging"
)

// startIn starts a kiosk without devices on the state directory dir.
func startIn(t *testing.T, dir string, logs *syncBuf) *Kiosk {
	t.Helper()
	cfg := config.Default()
	cfg.Portal.URL, cfg.Portal.Token = "http://127.0.0.1:9", "t"
	cfg.IDCard.Port, cfg.Receipt.Port = "/nonexistent/idcard", "/nonexistent/receipt"
	session := app.NewSession(clock.Real{}, app.SessionConfig{IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour,
		Warning: time.Minute, Ending: time.Hour, TempBase: t.TempDir()})
	t.Cleanup(session.Close)
	demo, _ := catalog.Demo()
	cat, _ := catalog.New(demo, nil)
	k, err := Start(context.Background(), Options{Config: cfg, DataDir: dir, Session: session, Catalog: cat,
		Log: logging.New(logs, "debug", cfg.Kiosk.DeviceID), NoSpeech: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(k.Close)
	return k
}

func (k *Kiosk) waitAudit(t *testing.T) audit.Report {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if r, ok := k.AuditReport(); ok {
			return r
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the audit log was not checked at start")
	return audit.Report{}
}

// TestStaffMenuOnTheKiosksCopy: accounts added on this kiosk's state
// directory (as `hallkiosk staff add` does) open its staff menu with no
// hall bus at all; the audit chain is checked at start, and a break is
// named in the log and on the menu, never accepted.
func TestStaffMenuOnTheKiosksCopy(t *testing.T) {
	dir := t.TempDir()
	al, err := audit.Open(filepath.Join(dir, audit.FileName), audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := staff.Open(filepath.Join(dir, staff.FileName), staff.Options{Audit: al})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := st.Add(ctx, "1001", staff.RoleAssistant, "480215", "cli:root"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	al.Close()

	logs := &syncBuf{}
	k := startIn(t, dir, logs)
	if k.StaffMenu == nil {
		t.Fatal("no staff menu")
	}
	if r := k.waitAudit(t); r.Broken != nil || r.Rows != 1 {
		t.Fatalf("audit at start: %+v", r)
	}
	if _, err := k.StaffMenu.LogIn(ctx, "1001", "480215"); err != nil {
		t.Fatalf("login on the kiosk's copy: %v", err)
	}
	hs, err := k.StaffMenu.Health()
	if err != nil || hs[len(hs)-1].Action != "" {
		t.Fatalf("health %+v %v", hs, err)
	}
	if err := k.StaffMenu.Reprint(ctx); err == nil {
		t.Fatal("reprinted a receipt that was never printed")
	}
	k.StaffMenu.LogOut(ctx)
	k.Close()

	db, err := sql.Open("sqlite3", filepath.Join(dir, audit.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE rows SET actor = 'nobody' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	logs2 := &syncBuf{}
	k2 := startIn(t, dir, logs2)
	r := k2.waitAudit(t)
	if r.Broken == nil || r.Broken.Seq != 2 {
		t.Fatalf("a changed row passed the check at start: %+v", r)
	}
	if l := string(logs2.Bytes()); !strings.Contains(l, `"row":2`) || !strings.Contains(l, `"msg":"audit log chain broken: run hallkiosk audit verify"`) {
		t.Fatalf("the break is not in the log:\n%s", logs2.Bytes())
	}
	if _, err := k2.StaffMenu.LogIn(ctx, "1001", "480215"); err != nil {
		t.Fatal(err)
	}
	hs, _ = k2.StaffMenu.Health()
	if a := hs[len(hs)-1]; a.OK || !strings.Contains(a.Status.Detail, "第 2 行") {
		t.Fatalf("the menu does not show the break: %+v", a)
	}
}

// TestAssistedApplicationEndToEnd (帮办代办): a member of staff logged in
// at the terminal helps a citizen apply; the citizen's card is read and
// the citizen confirms as always; the application reaches the portal
// simulator with assisted_by set to the staff id (and counted assisted),
// while the next citizen's, with nobody logged in, carries none. The
// staff act is in the audit log; the receipt is reprinted from the menu.
func TestAssistedApplicationEndToEnd(t *testing.T) {
	k := startDemoKiosk(t)
	ctx := context.Background()
	if err := k.StaffAccounts.Add(ctx, "1001", staff.RoleAssistant, "480215", "cli:root"); err != nil {
		t.Fatal(err)
	}
	apply := func() {
		t.Helper()
		k.Session.Start()
		j := applyWithCard(t, k, "SB-0201")
		fillSocialInsurance(t, j)
		if j.Current().Kind != journey.StepReview {
			t.Fatalf("the citizen is not asked to confirm: step %v", j.Current().Kind)
		}
		j.Submit() // the citizen's 确认提交
		k.waitFor(t, "the result", func() bool { return j.Current().Kind == journey.StepResult })
		if sub := j.Submission(); sub == nil || !sub.Receipt.Acknowledged() {
			t.Fatalf("submission %+v (%v)", sub, j.Err())
		}
		j.Print()
		k.waitFor(t, "the receipt", func() bool { st, _ := j.PrintState(); return st == journey.PrintDone })
		k.demo.RemoveCard()
		k.Session.Finish()
		k.waitFor(t, "the end", func() bool { return k.Session.Snapshot().State != app.StateInService })
	}
	if _, err := k.StaffDesk.LogIn(ctx, k.StaffAccounts, "1001", "480215"); err != nil {
		t.Fatal(err)
	}
	apply()
	if err := k.StaffMenu.Reprint(ctx); err != nil {
		t.Fatalf("reprint: %v", err)
	}
	k.StaffMenu.LogOut(ctx)
	apply()
	stored, err := k.demo.Portal.Applications(ctx)
	if err != nil || len(stored) != 2 {
		t.Fatalf("portal got %d applications (%v)", len(stored), err)
	}
	if got := stored[0].Application.AssistedBy; got != "1001" {
		t.Fatalf("assisted application: assisted_by %q", got)
	}
	if got := stored[1].Application.AssistedBy; got != "" {
		t.Fatalf("self-service application: assisted_by %q", got)
	}
	rows, _ := k.Audit.Last(ctx, 20)
	var acts []string
	for _, r := range rows {
		acts = append(acts, r.Action)
	}
	if got := strings.Join(acts, " "); !strings.Contains(got, "staff.login receipt.reprint staff.logout") {
		t.Fatalf("audit: %s", got)
	}
}
