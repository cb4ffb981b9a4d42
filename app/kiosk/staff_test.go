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
