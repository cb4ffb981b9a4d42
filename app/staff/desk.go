package staff

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"hallkiosk/app/audit"
	"hallkiosk/app/clock"
)

// DefaultIdle is how long a login lasts without activity.
const DefaultIdle = 2 * time.Minute

// Checker checks a PIN: the Store on the window terminal, or on a kiosk
// the window over the hall bus with the kiosk's copy behind it.
type Checker interface {
	Check(ctx context.Context, id, pin string) (Account, error)
}

// Login is a member of staff logged in at a terminal.
type Login struct {
	ID   string
	Role Role
	At   time.Time
}

// Errors of a Desk.
var (
	ErrNotLoggedIn = errors.New("staff: nobody is logged in")
	ErrForbidden   = errors.New("staff: not allowed for this role")
)

// DeskOptions configure a Desk.
type DeskOptions struct {
	// Audit receives a row for every login, logout and act; required.
	Audit *audit.Log
	// Terminal names this terminal in the audit rows.
	Terminal string
	// Clock runs the idle logout; nil is the wall clock.
	Clock clock.Clock
	// Idle is how long a login lasts without activity; 0 is DefaultIdle.
	Idle time.Duration
	// OnLogout, when set, hears of every logout with its reason ("idle",
	// "logout", "login"); it runs on the goroutine that ended the login
	// (for an idle logout, the clock's).
	OnLogout func(l Login, reason string)
}

// Desk is the one staff login at a terminal.
type Desk struct {
	o DeskOptions

	mu        sync.Mutex
	cur       *Login
	timer     clock.Timer
	gen       int
	listeners []func(Login, string)
}

// Idle is how long a login here lasts without activity.
func (d *Desk) Idle() time.Duration { return d.o.Idle }

// OnLogout adds f to those who hear of every logout (as
// DeskOptions.OnLogout).
func (d *Desk) OnLogout(f func(l Login, reason string)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.listeners = append(d.listeners, f)
}

// NewDesk returns a desk nobody is logged in at.
func NewDesk(o DeskOptions) *Desk {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.Idle <= 0 {
		o.Idle = DefaultIdle
	}
	return &Desk{o: o}
}

func (d *Desk) record(ctx context.Context, actor, action, subject, detail string) error {
	return AppendAudit(ctx, d.o.Audit, d.o.Terminal, audit.Record{Actor: actor, Action: action, Subject: subject, Detail: detail})
}

// LogIn checks id and pin with c and, when good, logs the account in
// (ending any login before it). The error is c's (ErrWrongPIN,
// *LockedError, ErrDisabled, or the check could not be made).
func (d *Desk) LogIn(ctx context.Context, c Checker, id, pin string) (Login, error) {
	a, err := c.Check(ctx, id, pin)
	if err != nil {
		return Login{}, err
	}
	d.LogOut(ctx, "login")
	l := Login{ID: a.ID, Role: a.Role, At: d.o.Clock.Now()}
	if err := d.record(ctx, a.ID, "staff.login", a.ID, "role "+string(a.Role)); err != nil {
		// A login that is not written down does not happen.
		return Login{}, fmt.Errorf("staff: login: %w", err)
	}
	d.mu.Lock()
	d.cur = &l
	d.armLocked()
	d.mu.Unlock()
	return l, nil
}

// armLocked (re)starts the idle timer; d.mu is held.
func (d *Desk) armLocked() {
	if d.timer != nil {
		d.timer.Stop()
	}
	d.gen++
	gen := d.gen
	d.timer = d.o.Clock.AfterFunc(d.o.Idle, func() { d.expire(gen) })
}

func (d *Desk) expire(gen int) {
	d.mu.Lock()
	if gen != d.gen || d.cur == nil {
		d.mu.Unlock()
		return
	}
	d.mu.Unlock()
	d.LogOut(context.Background(), "idle")
}

// Current returns the login, if anyone is logged in.
func (d *Desk) Current() (Login, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cur == nil {
		return Login{}, false
	}
	return *d.cur, true
}

// Touch is activity by the member of staff logged in: the idle time
// starts again.
func (d *Desk) Touch() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cur != nil {
		d.armLocked()
	}
}

// LogOut ends the login, if any, writing why to the audit log.
func (d *Desk) LogOut(ctx context.Context, reason string) {
	d.mu.Lock()
	l := d.cur
	d.cur = nil
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	d.gen++
	ls := append([]func(Login, string){}, d.listeners...)
	d.mu.Unlock()
	if l == nil {
		return
	}
	// The logout happens even when its row cannot be written.
	d.record(context.WithoutCancel(ctx), l.ID, "staff.logout", l.ID, reason)
	if d.o.OnLogout != nil {
		d.o.OnLogout(*l, reason)
	}
	for _, f := range ls {
		f(*l, reason)
	}
}

// Allow returns the login when it may do p (and counts as activity);
// ErrNotLoggedIn, or the login with ErrForbidden, otherwise.
func (d *Desk) Allow(p Permission) (Login, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cur == nil {
		return Login{}, ErrNotLoggedIn
	}
	if !d.cur.Role.Can(p) {
		return *d.cur, fmt.Errorf("%w: %s may not %s", ErrForbidden, d.cur.Role, p)
	}
	d.armLocked()
	return *d.cur, nil
}

// Do runs act when the login may do p, and writes the act and its outcome
// (act's detail, or its error) to the audit log as action on subject.
// Subjects and details carry no citizen's data (see app/audit).
func (d *Desk) Do(ctx context.Context, p Permission, action, subject string, act func() (string, error)) error {
	l, err := d.Allow(p)
	if err != nil {
		if !errors.Is(err, ErrNotLoggedIn) {
			d.record(ctx, l.ID, action+"_refused", subject, err.Error())
		}
		return err
	}
	detail, actErr := act()
	if actErr != nil {
		detail = "failed: " + actErr.Error()
	}
	if err := d.record(ctx, l.ID, action, subject, detail); err != nil {
		return errors.Join(actErr, fmt.Errorf("staff: audit %s: %w", action, err))
	}
	return actErr
}
