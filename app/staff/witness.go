package staff

import (
	"context"
	"fmt"

	"hallkiosk/app/audit"
)

// Witness is a member of staff confirming a citizen's identity at a kiosk
// (the portal's staff_witnessed method): the citizen's call to the
// window, the staff ID and PIN typed at the kiosk, and an audit row for
// every check made. It does not log anyone in at the terminal: the
// citizen's session goes on, and the application is not 帮办.
type Witness struct {
	// Checker checks the PIN (the window over the hall bus, the kiosk's
	// copy of the accounts behind it); the lockout is the checker's.
	Checker Checker
	// Audit receives the rows; required.
	Audit *audit.Log
	// Terminal names this kiosk in the audit rows.
	Terminal string
	// Caller raises the call to the window; required (without a hall bus,
	// one that answers app.ErrNoStaffLink).
	Caller func(ctx context.Context, subject string) error
}

// Call calls the staff to this kiosk (see Caller).
func (w *Witness) Call(ctx context.Context, subject string) error {
	return w.Caller(ctx, subject)
}

// Check checks id and pin and returns id when the account may witness
// (the 帮办 permission): ErrWrongPIN, a *LockedError, ErrDisabled or
// ErrForbidden otherwise. A refused PIN is the checker's audit row; a
// role that may not witness gets its own.
func (w *Witness) Check(ctx context.Context, id, pin string) (string, error) {
	a, err := w.Checker.Check(ctx, id, pin)
	if err != nil {
		return "", err
	}
	if !a.Role.Can(PermAssist) {
		w.record(ctx, a.ID, "identity.witness_refused", "", "role "+string(a.Role))
		return "", fmt.Errorf("%w: %s may not witness", ErrForbidden, a.Role)
	}
	return a.ID, nil
}

// Record writes the witnessed check of subject (a service code or a
// purpose, never the citizen) by staffID: identity.witness, or
// identity.witness_failed with why.
func (w *Witness) Record(ctx context.Context, staffID, subject string, outcome error) error {
	action, detail := "identity.witness", "staff_witnessed"
	if outcome != nil {
		action, detail = "identity.witness_failed", outcome.Error()
	}
	return w.record(ctx, staffID, action, subject, detail)
}

func (w *Witness) record(ctx context.Context, actor, action, subject, detail string) error {
	if err := AppendAudit(ctx, w.Audit, w.Terminal, audit.Record{Actor: actor, Action: action, Subject: subject, Detail: detail}); err != nil {
		return fmt.Errorf("staff: audit %s: %w", action, err)
	}
	return nil
}
