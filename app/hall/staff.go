package hall

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"

	"hallkiosk/app/staff"
	"hallkiosk/internal/logging"
)

// The staff subjects: a kiosk asks the window to check a staff PIN typed
// at its staff menu, and for a copy of the accounts' hashes so that its
// menu still opens while the bus is down. Only the window subscribes to
// them (Permissions), so no other kiosk ever sees a PIN in flight; run the
// bus over tls:// where the hall's network is shared.
const (
	// KindStaff: a kiosk's PIN check (StaffCheck), a request the window
	// answers with a StaffVerdict.
	KindStaff = "staff"
	// KindStaffCopy: a kiosk asks for the accounts (an empty request),
	// the window answers with a StaffCopy.
	KindStaffCopy = "staffcopy"
)

// StaffCheck is a PIN typed at a kiosk. It is never logged.
type StaffCheck struct {
	ID  string `json:"id"`
	PIN string `json:"pin"`
}

// StaffVerdict is the window's answer to a StaffCheck.
type StaffVerdict struct {
	// OK is a good PIN of an active account, with its Role.
	OK   bool       `json:"ok"`
	Role staff.Role `json:"role,omitempty"`
	// Refused says why not: "wrong_pin", "locked" (until LockedUntil),
	// "disabled", or "error" (the window could not check).
	Refused     string    `json:"refused,omitempty"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

// StaffCopy is the accounts as the window hands them to a kiosk.
type StaffCopy struct {
	Accounts []staff.Replica `json:"accounts"`
}

// StaffAccounts is what the window needs of its accounts; *staff.Store
// has it.
type StaffAccounts interface {
	staff.Checker
	Export(ctx context.Context) ([]staff.Replica, error)
}

var _ StaffAccounts = (*staff.Store)(nil)

// ServeStaff answers the kiosks' PIN checks and copy requests from the
// window's accounts until the returned stop is called. Each check runs
// the store's lockout; the PIN is never logged.
func ServeStaff(bus *Bus, accounts StaffAccounts, log *slog.Logger) (stop func(), err error) {
	if log == nil {
		log = logging.Discard()
	}
	check, err := bus.Handle(All(KindStaff), func(m *nats.Msg) {
		var c StaffCheck
		if err := Decode(m.Data, &c); err != nil {
			bus.Reply(m, StaffVerdict{Refused: "error"})
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a, err := accounts.Check(ctx, c.ID, c.PIN)
		c.PIN = ""
		var v StaffVerdict
		var le *staff.LockedError
		switch {
		case err == nil:
			v = StaffVerdict{OK: true, Role: a.Role}
		case errors.As(err, &le):
			v = StaffVerdict{Refused: "locked", LockedUntil: le.Until}
		case errors.Is(err, staff.ErrWrongPIN):
			v = StaffVerdict{Refused: "wrong_pin"}
		case errors.Is(err, staff.ErrDisabled):
			v = StaffVerdict{Refused: "disabled"}
		default:
			log.Error("staff PIN check failed", "err", err)
			v = StaffVerdict{Refused: "error"}
		}
		bus.Reply(m, v)
	})
	if err != nil {
		return nil, err
	}
	cp, err := bus.Handle(All(KindStaffCopy), func(m *nats.Msg) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		rs, err := accounts.Export(ctx)
		if err != nil {
			log.Error("staff accounts not exported", "err", err)
			return // no answer: the kiosk keeps its copy
		}
		bus.Reply(m, StaffCopy{Accounts: rs})
	})
	if err != nil {
		check.Unsubscribe()
		return nil, err
	}
	return func() { check.Unsubscribe(); cp.Unsubscribe() }, nil
}

// StaffChecker checks a PIN at a kiosk: by the window over the bus, or,
// when the bus or the window is down, by the kiosk's copy of the accounts
// (Local), which it keeps fresh with Refresh.
type StaffChecker struct {
	Bus   *Bus
	Local interface {
		staff.Checker
		Import(ctx context.Context, rs []staff.Replica, source string) error
	}
	// Timeout bounds one check over the bus (default 5 s: argon2 on a
	// busy window), after which the copy decides.
	Timeout time.Duration
	Log     *slog.Logger
}

var _ staff.Checker = (*StaffChecker)(nil)

// ErrCheckFailed is a check the window could not make.
var ErrCheckFailed = errors.New("hall: the window could not check the PIN")

// Check asks the window; the kiosk's copy decides when it cannot be
// asked. A refusal from the window is final (its lockout counts).
func (c *StaffChecker) Check(ctx context.Context, id, pin string) (staff.Account, error) {
	if c.Bus == nil || !c.Bus.Connected() {
		return c.Local.Check(ctx, id, pin)
	}
	to := c.Timeout
	if to <= 0 {
		to = 5 * time.Second
	}
	rctx, cancel := context.WithTimeout(ctx, to)
	defer cancel()
	var v StaffVerdict
	err := c.Bus.Request(rctx, Subject(KindStaff, c.Bus.ID()), StaffCheck{ID: id, PIN: pin}, &v)
	if err != nil {
		if ctx.Err() != nil {
			return staff.Account{}, ctx.Err()
		}
		c.log().Info("staff PIN checked on this kiosk's copy: the window did not answer", "err", err)
		return c.Local.Check(ctx, id, pin)
	}
	switch v.Refused {
	case "":
		if !v.OK {
			return staff.Account{}, staff.ErrWrongPIN
		}
		role, err := staff.ParseRole(string(v.Role))
		if err != nil {
			return staff.Account{}, fmt.Errorf("hall: staff check: %w", err)
		}
		return staff.Account{ID: id, Role: role}, nil
	case "locked":
		return staff.Account{}, &staff.LockedError{Until: v.LockedUntil}
	case "disabled":
		return staff.Account{}, staff.ErrDisabled
	case "wrong_pin":
		return staff.Account{}, staff.ErrWrongPIN
	}
	return staff.Account{}, ErrCheckFailed
}

func (c *StaffChecker) log() *slog.Logger {
	if c.Log == nil {
		return logging.Discard()
	}
	return c.Log
}

// Refresh asks the window for the accounts and makes the kiosk's copy
// match them; ErrDown (wrapped) when there is no window to ask.
func (c *StaffChecker) Refresh(ctx context.Context) error {
	if c.Bus == nil {
		return ErrDown
	}
	var cp StaffCopy
	if err := c.Bus.Request(ctx, Subject(KindStaffCopy, c.Bus.ID()), struct{}{}, &cp); err != nil {
		return err
	}
	return c.Local.Import(ctx, cp.Accounts, "window")
}

// KeepCopy refreshes the kiosk's copy now and every interval until ctx
// ends; a refresh that fails leaves the copy as it was and is tried again
// after ten seconds.
func (c *StaffChecker) KeepCopy(ctx context.Context, interval time.Duration) {
	for {
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := c.Refresh(rctx)
		cancel()
		wait := interval
		if err != nil && ctx.Err() == nil {
			c.log().Debug("staff copy not refreshed", "err", err)
			wait = min(wait, 10*time.Second)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}
