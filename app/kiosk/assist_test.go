package kiosk

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/config"
	"hallkiosk/app/events"
	"hallkiosk/app/figures"
	"hallkiosk/app/hall"
	"hallkiosk/app/journey"
	"hallkiosk/app/staff"
)

// startWindowTerminal is the window terminal's own terminal as
// `hallkiosk demo --role window` builds it: the portal simulator over
// loopback HTTP, the card reader and the receipt printer simulated on
// PTYs, [hall] role = window, and staff 1001 (帮办) on file.
func startWindowTerminal(t *testing.T, change ...func(*config.Config)) *demoKiosk {
	t.Helper()
	k := startDemoKiosk(t, append([]func(*config.Config){func(c *config.Config) { c.Hall.Role = string(hall.RoleWindow) }}, change...)...)
	if k.Assist == nil {
		t.Fatal("the window terminal has no 帮办")
	}
	if err := k.StaffAccounts.Add(context.Background(), "1001", staff.RoleAssistant, "480215", "cli:root"); err != nil {
		t.Fatal(err)
	}
	return k
}

func (k *demoKiosk) auditActions(t *testing.T) string {
	t.Helper()
	rows, err := k.Audit.Last(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var acts []string
	for _, r := range rows {
		acts = append(acts, r.Action+"("+r.Detail+")")
	}
	return strings.Join(acts, " ")
}

// TestWindowAssistEndToEnd (帮办代办 at the window): nobody starts a
// journey at the window without a staff login (nor by a tap, nor by a card
// on the reader); staff 1001 logs in with the PIN, starts 帮办, the
// citizen's card is read on the window's own reader, the form filled, the
// citizen confirms on the review step, and the application reaches the
// portal simulator with assisted_by = 1001; the receipt comes out of the
// window's printer, the figures count the submission as assisted, every
// step is in the audit log, the session ends in the wipe, and nothing
// personal is left in the clear.
func TestWindowAssistEndToEnd(t *testing.T) {
	k := startWindowTerminal(t)
	ctx := context.Background()
	card := DemoCards()[0]

	// Not logged in: no journey.
	if err := k.Assist.Start(ctx); !errors.Is(err, staff.ErrNotLoggedIn) {
		t.Fatalf("start without a login: %v", err)
	}
	if s := k.Session.Snapshot(); s.State != app.StateAttract {
		t.Fatalf("a refused start left the session at %v", s.State)
	}
	k.Session.Start() // a tap on the screens' attract loop
	k.waitFor(t, "the unassisted session ended", func() bool { return k.Session.Snapshot().State == app.StateEnding })
	k.demo.PlaceCard(0) // a card on the window's reader
	k.waitFor(t, "the card seen", func() bool { return k.Cards.Present() })
	if s := k.Session.Snapshot(); s.State == app.StateInService || s.State == app.StateHome || k.Session.Data().Card() != nil {
		t.Fatalf("a card started or stayed in a session nobody started: %v", s.State)
	}
	k.demo.RemoveCard()
	k.waitFor(t, "the card gone", func() bool { return !k.Cards.Present() })
	if err := k.Assist.LogIn(ctx, "1001", "000000"); !errors.Is(err, staff.ErrWrongPIN) {
		t.Fatalf("a wrong PIN: %v", err)
	}
	if err := k.Assist.Start(ctx); !errors.Is(err, staff.ErrNotLoggedIn) {
		t.Fatalf("start after a wrong PIN: %v", err)
	}

	// Staff log in and start 帮办.
	if err := k.Assist.LogIn(ctx, "1001", "480215"); err != nil {
		t.Fatal(err)
	}
	if st := k.Assist.State(); !st.LoggedIn || !st.CanAssist || st.Active {
		t.Fatalf("after the login: %+v", st)
	}
	if err := k.Assist.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if st := k.Assist.State(); !st.Active || st.StaffID != "1001" {
		t.Fatalf("after the start: %+v", st)
	}
	if err := k.Assist.Start(ctx); err == nil {
		t.Fatal("a second 帮办 started over the first")
	}
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
	if k.demo.LatestReceipt() == nil {
		t.Fatal("nothing came out of the window's printer")
	}
	k.demo.RemoveCard()
	k.Assist.End() // 结束帮办
	k.waitFor(t, "the end", func() bool { return !k.Assist.State().Active })
	if s := k.Session.Snapshot(); s.State != app.StateEnding || k.Session.Data().Card() != nil || !k.Session.Data().Empty() {
		t.Fatalf("the session was not wiped: %v", s.State)
	}
	if st := k.Assist.State(); !st.LoggedIn || st.Ended != "finished" {
		t.Fatalf("after the end: %+v", st)
	}

	stored, err := k.demo.Portal.Applications(ctx)
	if err != nil || len(stored) != 1 {
		t.Fatalf("portal got %d applications (%v)", len(stored), err)
	}
	if got := stored[0].Application.AssistedBy; got != "1001" {
		t.Fatalf("assisted_by %q, want 1001", got)
	}
	if err := k.Events.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := figures.Compute(ctx, k.Events.DB(), k.Events.Location(), figures.OneDay(events.DayOf(time.Now(), time.Local)), figures.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total.Submissions != 1 || r.Total.Assisted != 1 {
		t.Fatalf("figures: %d submissions, %d assisted; want 1 and 1", r.Total.Submissions, r.Total.Assisted)
	}
	acts := k.auditActions(t)
	want := []string{"staff.login(role assistant", "assist.start(session", "citizen.card(", "citizen.submit(service SB-0201", "assist.finish(session"}
	last := -1
	for _, w := range want {
		i := strings.Index(acts, w)
		if i < 0 || i < last {
			t.Fatalf("audit: %q missing or out of order in\n%s", w, acts)
		}
		last = i
	}
	if rep, err := k.Audit.Verify(ctx); err != nil || rep.Broken != nil {
		t.Fatalf("audit chain: %+v %v", rep, err)
	}
	k.Outbox.Drain(ctx, false)
	k.checkNoLeak(t, card.Name, card.IDNumber, "13612345678", card.Address)
}

// TestWindowAssistIdleLogoutWipes: the staff login ending by itself (two
// idle minutes, here shortened) in the middle of a journey ends the
// journey with it: the session is cancelled and wiped, nothing reaches the
// portal, and the audit log says why.
func TestWindowAssistIdleLogoutWipes(t *testing.T) {
	k := startWindowTerminal(t, func(c *config.Config) { c.Staff.IdleLogout = config.Duration(time.Second) })
	ctx := context.Background()
	card := DemoCards()[0]
	if err := k.Assist.LogIn(ctx, "1001", "480215"); err != nil {
		t.Fatal(err)
	}
	if err := k.Assist.Start(ctx); err != nil {
		t.Fatal(err)
	}
	j, err := k.Journeys.Apply("SB-0201")
	if err != nil {
		t.Fatal(err)
	}
	j.Begin()
	k.demo.PlaceCard(0)
	k.waitFor(t, "the card", func() bool { return k.Session.Data().Card() != nil })
	j.CardConfirmed()
	grade, _ := j.Field(0)
	j.SetValue(grade, "1000")
	// The member of staff walks away.
	k.waitFor(t, "the idle logout", func() bool { return !k.Assist.State().LoggedIn })
	k.waitFor(t, "the journey ended", func() bool { return !k.Assist.State().Active })
	if s := k.Session.Snapshot(); s.State != app.StateEnding || s.EndReason != app.EndCancelled {
		t.Fatalf("the journey outlived the login: %v %v", s.State, s.EndReason)
	}
	if !k.Session.Data().Empty() {
		t.Fatal("the citizen's data outlived the login")
	}
	if st := k.Assist.State(); st.Ended != "staff logout: idle" {
		t.Fatalf("ended %q", st.Ended)
	}
	if stored, _ := k.demo.Portal.Applications(ctx); len(stored) != 0 {
		t.Fatalf("the portal got %d applications", len(stored))
	}
	if k.Assist.AssistedBy() != "" {
		t.Fatal("assisted_by outlived the login")
	}
	if acts := k.auditActions(t); !strings.Contains(acts, "staff.logout(idle") || !strings.Contains(acts, "assist.finish(session 1: staff logout: idle") {
		t.Fatalf("audit: %s", acts)
	}
	k.demo.RemoveCard()
	k.checkNoLeak(t, card.Name, card.IDNumber, card.Address)
}
