package assist

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/audit"
	"hallkiosk/app/staff"
	"hallkiosk/internal/logging"
)

// ErrBusy is Start while a journey is already under way at the window.
var ErrBusy = errors.New("assist: a citizen's journey is already under way")

// Options are what a Desk is built from. Session, Desk, Checker and Audit
// are required.
type Options struct {
	// Session is the window terminal's citizen session.
	Session *app.Session
	// Desk is the window's one staff login.
	Desk *staff.Desk
	// Checker checks a PIN: the window's staff accounts.
	Checker staff.Checker
	// Audit receives the rows of 帮办代办.
	Audit *audit.Log
	// Cards, if set, is the window's ID-card reader: a card read during
	// 帮办 is written to the audit log.
	Cards *app.Cards
	// Terminal names this terminal in the audit rows.
	Terminal string
	Log      *slog.Logger
}

// State is what the window's 帮办 page draws.
type State struct {
	// LoggedIn is true while a member of staff is logged in; StaffID and
	// Role name them, CanAssist whether their role may start 帮办.
	LoggedIn  bool
	StaffID   string
	Role      staff.Role
	CanAssist bool
	// Active is true while a journey started by StaffID runs.
	Active bool
	// Ended says how the last journey ended ("" before the first):
	// EndedFinished, EndedNotStarted, EndedStaffIdle, EndedStaffLogout, or
	// the citizen session's app.EndReason (cancelled, timeout).
	Ended string
	// IdleLogout is how long the staff's login lasts without activity.
	IdleLogout time.Duration
}

// How a journey of 帮办 ended (State.Ended), besides the session's own
// end reasons.
const (
	EndedFinished    = "finished"             // the citizen's journey was done
	EndedNotStarted  = "not started"          // another session got there first
	EndedStaffIdle   = "staff logout: idle"   // the staff's login timed out
	EndedStaffLogout = "staff logout: logout" // the staff logged out
)

// Desk is 帮办代办 at one window terminal. Its methods are safe for
// concurrent use; none may run on a UI goroutine that must not wait for
// a PIN check or SQLite.
type Desk struct {
	o Options

	mu       sync.Mutex
	active   bool
	staffID  string
	seq      int    // the session the journey runs in
	carded   bool   // the card read in this journey is written down
	ending   string // how the journey ends, when it is made to end here
	ended    string
	watchers []func()
	unsub    func()
}

// New starts following the session, the card reader and the staff login.
// Close stops it.
func New(o Options) (*Desk, error) {
	if o.Session == nil || o.Desk == nil || o.Checker == nil || o.Audit == nil {
		return nil, errors.New("assist: session, staff desk, checker and audit log are required")
	}
	if o.Log == nil {
		o.Log = logging.Discard()
	}
	d := &Desk{o: o}
	d.unsub = o.Session.Subscribe(d.follow)
	o.Session.OnWipe(d.wiped)
	o.Session.OnTouch(d.touched)
	o.Desk.OnLogout(d.loggedOut)
	if o.Cards != nil {
		o.Cards.Subscribe(d.cardEvent)
	}
	return d, nil
}

// Close stops following the session.
func (d *Desk) Close() {
	if d.unsub != nil {
		d.unsub()
	}
}

// OnChange adds f to those told after every change of State (on the
// goroutine that made it).
func (d *Desk) OnChange(f func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.watchers = append(d.watchers, f)
}

func (d *Desk) changed() {
	d.mu.Lock()
	ws := append([]func(){}, d.watchers...)
	d.mu.Unlock()
	for _, f := range ws {
		f()
	}
}

// State is the login and the journey now.
func (d *Desk) State() State {
	var s State
	if l, ok := d.o.Desk.Current(); ok {
		s.LoggedIn, s.StaffID, s.Role, s.CanAssist = true, l.ID, l.Role, l.Role.Can(staff.PermAssist)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	s.Active, s.Ended, s.IdleLogout = d.active, d.ended, d.o.Desk.Idle()
	if d.active {
		s.StaffID = d.staffID
	}
	return s
}

// LogIn checks the staff id and PIN (the PIN is never kept) and logs them
// in at the window.
func (d *Desk) LogIn(ctx context.Context, id, pin string) error {
	_, err := d.o.Desk.LogIn(ctx, d.o.Checker, id, pin)
	d.changed()
	return err
}

// LogOut ends the staff login; a journey under way ends with it (wiped).
func (d *Desk) LogOut(ctx context.Context) {
	d.o.Desk.LogOut(ctx, "logout")
	d.changed()
}

// Start begins 帮办代办: the logged-in member of staff, when their role
// may assist, starts a citizen's session on this terminal (written to the
// audit log as assist.start). It refuses with staff.ErrNotLoggedIn
// without a login, staff.ErrForbidden for a role that may not, ErrBusy
// while a journey runs.
func (d *Desk) Start(ctx context.Context) error {
	d.mu.Lock()
	busy := d.active
	d.mu.Unlock()
	if busy {
		return ErrBusy
	}
	if st := d.o.Session.Snapshot().State; st != app.StateAttract && st != app.StateEnding {
		// A session that is not ours (it is ended at once by follow).
		return ErrBusy
	}
	var id string
	err := d.o.Desk.Do(ctx, staff.PermAssist, "assist.start", d.o.Terminal, func() (string, error) {
		l, _ := d.o.Desk.Current()
		id = l.ID
		d.mu.Lock()
		d.active, d.staffID, d.carded, d.ended = true, l.ID, false, ""
		d.seq = d.o.Session.Snapshot().Seq + 1
		d.mu.Unlock()
		return fmt.Sprintf("session %d", d.seq), nil
	})
	if err != nil {
		d.mu.Lock()
		if d.staffID == id {
			d.active = false
		}
		d.mu.Unlock()
		d.changed()
		return fmt.Errorf("assist: start: %w", err)
	}
	d.o.Session.Start()
	if s := d.o.Session.Snapshot(); s.Seq != d.seq {
		// Someone else's session got there first: not ours to run.
		d.finish(context.WithoutCancel(ctx), EndedNotStarted)
		return ErrBusy
	}
	d.o.Log.Info("assisted journey started", "staff", id)
	d.changed()
	return nil
}

// End finishes the journey under way (结束帮办): the citizen's session
// ends and is wiped as on a kiosk; the staff stay logged in.
func (d *Desk) End() {
	d.o.Session.Finish()
}

// AssistedBy is the staff id the application of the journey under way
// carries (app.Submitter.AssistedBy): "" when none runs, or when the
// login that started it is gone.
func (d *Desk) AssistedBy() string {
	d.mu.Lock()
	active, id := d.active, d.staffID
	d.mu.Unlock()
	if !active {
		return ""
	}
	if l, ok := d.o.Desk.Current(); !ok || l.ID != id {
		return ""
	}
	return id
}

// Submitted writes an application stored during 帮办 to the audit log
// (app.Submitter.Submitted): its 凭证号 (or queue key), never the
// citizen's data.
func (d *Desk) Submitted(sub app.Submission, assistedBy string) {
	if assistedBy == "" {
		return
	}
	ref := sub.Receipt.Voucher
	if ref == "" {
		ref = sub.Receipt.Key
	}
	d.record(context.Background(), assistedBy, "citizen.submit", ref, "service "+sub.Service.Code)
}

func (d *Desk) record(ctx context.Context, actor, action, subject, detail string) {
	if err := staff.AppendAudit(ctx, d.o.Audit, d.o.Terminal, audit.Record{Actor: actor, Action: action, Subject: subject, Detail: detail}); err != nil {
		d.o.Log.Error("audit row not written", "action", action, "err", err)
	}
}

// follow watches the session: a session nobody started by Start is ended
// at once (its end, the wipe, ends 帮办: wiped). Activity is not read from
// the snapshots: the citizen's idle warning changes one every second, and
// would keep the staff's login alive; taps and keys reach touched.
func (d *Desk) follow(s app.Snapshot) {
	d.mu.Lock()
	active := d.active
	d.mu.Unlock()
	running := s.State == app.StateHome || s.State == app.StateInService
	if running && !active {
		d.o.Log.Warn("a journey at the window without 帮办 was ended")
		d.o.Session.Cancel()
	}
}

// wiped is the end of a session, after its data is gone: when it was
// ours, 帮办 ends with it.
func (d *Desk) wiped() {
	s := d.o.Session.Snapshot()
	d.mu.Lock()
	mine := d.active && s.Seq == d.seq
	d.mu.Unlock()
	if mine && s.State != app.StateHome && s.State != app.StateInService {
		d.finish(context.Background(), string(s.EndReason))
	}
}

// touched is a tap or key on the journey's screens.
func (d *Desk) touched() {
	d.mu.Lock()
	active := d.active
	d.mu.Unlock()
	if active {
		d.o.Desk.Touch()
	}
}

// finish ends 帮办 (once) and writes assist.finish.
func (d *Desk) finish(ctx context.Context, how string) bool {
	d.mu.Lock()
	if !d.active {
		d.mu.Unlock()
		return false
	}
	id, seq := d.staffID, d.seq
	if d.ending != "" {
		how = d.ending
	}
	d.active, d.ended, d.ending = false, how, ""
	if how == "" {
		d.ended = EndedFinished
	}
	d.mu.Unlock()
	d.record(ctx, id, "assist.finish", d.o.Terminal, fmt.Sprintf("session %d: %s", seq, d.ended))
	d.o.Log.Info("assisted journey ended", "staff", id, "how", d.ended)
	d.changed()
	return true
}

// loggedOut ends the journey with the login that started it: the
// citizen's session is cancelled and wiped.
func (d *Desk) loggedOut(l staff.Login, reason string) {
	how := "staff logout: " + reason
	d.mu.Lock()
	mine := d.active && d.staffID == l.ID
	if mine {
		d.ending = how
	}
	d.mu.Unlock()
	if mine {
		// The session ends (and is wiped) before 帮办 is said to: the wipe
		// finishes 帮办 (wiped); finish again for a session that had
		// ended already.
		d.o.Session.Cancel()
		d.finish(context.Background(), how)
	}
	d.changed()
}

// cardEvent writes the first card read during a journey to the audit log.
func (d *Desk) cardEvent() {
	if d.o.Session.Data().Card() == nil {
		return
	}
	d.mu.Lock()
	if !d.active || d.carded || d.o.Session.Snapshot().Seq != d.seq {
		d.mu.Unlock()
		return
	}
	d.carded = true
	id, seq := d.staffID, d.seq
	d.mu.Unlock()
	d.record(context.Background(), id, "citizen.card", fmt.Sprintf("session %d", seq), "ID card read for the citizen")
}
