package assist

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/audit"
	"hallkiosk/app/clock"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/app/staff"
)

// rig is a Desk over a real session, real staff accounts and audit log
// (SQLite files), the time a fake clock's.
type rig struct {
	t       *testing.T
	clk     *clock.Fake
	session *app.Session
	al      *audit.Log
	desk    *Desk
}

// newRig's session times out after idle without a tap.
func newRig(t *testing.T, idle time.Duration) *rig {
	t.Helper()
	dir := t.TempDir()
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
	ctx := context.Background()
	if err := st.Add(ctx, "1001", staff.RoleAssistant, "480215", "cli:root"); err != nil {
		t.Fatal(err)
	}
	if err := st.Add(ctx, "1002", staff.RoleAssistant, "592073", "cli:root"); err != nil {
		t.Fatal(err)
	}
	clk := clock.NewFake(time.Date(2026, 12, 1, 9, 0, 0, 0, time.Local))
	session := app.NewSession(clk, app.SessionConfig{IdleTimeout: idle, ElderIdleTimeout: idle,
		Warning: 20 * time.Second, Ending: 5 * time.Second, TempBase: dir})
	t.Cleanup(session.Close)
	d, err := New(Options{Session: session, Desk: staff.NewDesk(staff.DeskOptions{Audit: al, Terminal: "W1", Clock: clk}),
		Checker: st, Audit: al, Terminal: "W1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return &rig{t: t, clk: clk, session: session, al: al, desk: d}
}

func (r *rig) actions() string {
	r.t.Helper()
	rows, err := r.al.Last(context.Background(), 50)
	if err != nil {
		r.t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range rows {
		b.WriteString(e.Actor + ":" + e.Action + "(" + e.Detail + ") ")
	}
	return b.String()
}

func (r *rig) start(id, pin string) {
	r.t.Helper()
	ctx := context.Background()
	if err := r.desk.LogIn(ctx, id, pin); err != nil {
		r.t.Fatal(err)
	}
	if err := r.desk.Start(ctx); err != nil {
		r.t.Fatal(err)
	}
}

// TestNoJourneyWithoutStaff: without a login Start refuses and a session
// begun by other means (a tap) is ended at once.
func TestNoJourneyWithoutStaff(t *testing.T) {
	r := newRig(t, time.Minute)
	if err := r.desk.Start(context.Background()); !errors.Is(err, staff.ErrNotLoggedIn) {
		t.Fatalf("start: %v", err)
	}
	r.session.Start()
	if s := r.session.Snapshot(); s.State != app.StateEnding {
		t.Fatalf("an unassisted session runs: %v", s.State)
	}
	if got := r.desk.AssistedBy(); got != "" {
		t.Fatalf("assisted_by %q", got)
	}
	if strings.Contains(r.actions(), "assist.start") {
		t.Fatalf("audit: %s", r.actions())
	}
}

// TestActivityKeepsTheLogin: taps and keys on the journey's screens count
// as the staff's activity; two minutes without any log them out, and the
// journey is cancelled and wiped with the login, written down as such.
func TestActivityKeepsTheLogin(t *testing.T) {
	r := newRig(t, 10*time.Minute)
	r.start("1001", "480215")
	for range 5 { // more than the login's two idle minutes
		r.clk.Advance(time.Minute + 50*time.Second)
		r.session.Touch() // a key on the form
	}
	if st := r.desk.State(); !st.Active || !st.LoggedIn || r.desk.AssistedBy() != "1001" {
		t.Fatalf("the login did not last while the journey was worked on: %+v", st)
	}
	r.session.Data().SetField("phone", "13612345678")
	r.clk.Advance(staff.DefaultIdle)
	st := r.desk.State()
	if st.LoggedIn || st.Active || st.Ended != "staff logout: idle" {
		t.Fatalf("after two idle minutes: %+v", st)
	}
	if s := r.session.Snapshot(); s.State != app.StateEnding || s.EndReason != app.EndCancelled || !r.session.Data().Empty() {
		t.Fatalf("the journey outlived the login: %v %v", s.State, s.EndReason)
	}
	if a := r.actions(); !strings.Contains(a, "1001:staff.logout(idle") || !strings.Contains(a, "1001:assist.finish(session 1: staff logout: idle") {
		t.Fatalf("audit: %s", a)
	}
}

// TestTheIdleWarningIsNotStaffActivity: the citizen's idle warning, which
// changes the session every second, does not keep the staff's login alive:
// they are logged out two minutes after their last tap.
func TestTheIdleWarningIsNotStaffActivity(t *testing.T) {
	r := newRig(t, 100*time.Second)
	r.start("1001", "480215")
	for range int((staff.DefaultIdle + time.Second) / time.Second) {
		r.clk.Advance(time.Second) // the warning from 100 s, the end at 120 s
	}
	if st := r.desk.State(); st.LoggedIn {
		t.Fatalf("the idle warning kept the staff logged in: %+v", st)
	}
}

// TestTheSessionsEndEndsAssist: the citizen's session ending (its idle
// timeout here) ends 帮办 after the wipe; the staff stay logged in and
// start the next; another member of staff logging in ends the journey of
// the first.
func TestTheSessionsEndEndsAssist(t *testing.T) {
	r := newRig(t, time.Minute)
	r.start("1001", "480215")
	// The citizen walks away: the session's warning, then its end.
	r.clk.Advance(time.Minute + time.Second)
	r.clk.Advance(20*time.Second + time.Second)
	st := r.desk.State()
	if st.Active || st.Ended != "timeout" {
		t.Fatalf("after the session's timeout: %+v (session %v)", st, r.session.Snapshot().State)
	}
	if err := r.desk.Start(context.Background()); err != nil {
		t.Fatalf("the next citizen: %v", err)
	}
	if err := r.desk.Start(context.Background()); !errors.Is(err, ErrBusy) {
		t.Fatalf("a start over a journey: %v", err)
	}
	r.desk.Submitted(app.Submission{Service: portal.ServiceItem{Code: "SB-0201"}, Receipt: outbox.Receipt{Key: "k", Voucher: "20261201-000001"}}, "1001")
	if err := r.desk.LogIn(context.Background(), "1002", "592073"); err != nil {
		t.Fatal(err)
	}
	if st := r.desk.State(); st.Active || st.Ended != "staff logout: login" || st.StaffID != "1002" {
		t.Fatalf("after another login: %+v", st)
	}
	if s := r.session.Snapshot(); s.State != app.StateEnding {
		t.Fatalf("the first member of staff's journey runs on under the second: %v", s.State)
	}
	a := r.actions()
	for _, want := range []string{"1001:assist.finish(session 1: timeout", "1001:assist.start(session 2", "1001:citizen.submit(service SB-0201; at W1)",
		"1001:assist.finish(session 2: staff logout: login"} {
		if !strings.Contains(a, want) {
			t.Fatalf("audit: %q missing in %s", want, a)
		}
	}
}
