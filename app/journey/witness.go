package journey

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"hallkiosk/app/portal"
)

// StaffWitness is the staff's side of a staff-witnessed identity check at
// this kiosk; *staff.Witness has it.
type StaffWitness interface {
	// Call tells the staff at the 网办优先窗口 that a citizen at this kiosk
	// needs their identity checked in person; nil only once the window
	// stored the call (app.ErrNoStaffLink without a hall bus).
	Call(ctx context.Context, subject string) error
	// Check checks the ID and PIN a member of staff typed here (the
	// lockout applies) and returns their staff ID when they may witness.
	Check(ctx context.Context, id, pin string) (staffID string, err error)
	// Record writes the witnessed check, or why it failed, to the audit
	// log; a check that cannot be written down does not count.
	Record(ctx context.Context, staffID, subject string, outcome error) error
}

// BusyWitnessCall is the call to the staff for a witnessed check.
const BusyWitnessCall Busy = "witness_call"

// Limits of what a member of staff types at the kiosk.
const (
	maxWitnessID  = 32
	maxWitnessPIN = 12
)

// Errors of the staff-witnessed check.
var (
	// ErrNotSeen: the member of staff did not confirm that they compared
	// the citizen with their card.
	ErrNotSeen = errors.New("journey: the member of staff did not confirm they checked the card against the person")
	// ErrWitnessIncomplete: the staff ID or the PIN is missing.
	ErrWitnessIncomplete = errors.New("journey: staff ID and PIN are required")
)

// witnessState is where the staff's check at this kiosk stands (guarded
// by worker.mu). The PIN is wiped after every try.
type witnessState struct {
	call     CallState
	callErr  error
	id       []byte
	pin      []byte
	pinField bool // typing the PIN (else the staff ID)
	seen     bool // the member of staff checked the card against the person
}

// wipe forgets what the member of staff typed.
func (w *witnessState) wipe() {
	clear(w.pin)
	w.pin = w.pin[:0]
}

// WitnessHere reports whether a member of staff can confirm the citizen
// at this kiosk; when not, the staff-witnessed check is at the 网办优先窗口.
func (j *noFace) WitnessHere() bool { return j.wk.d.Witness != nil && j.wk.d.Witnessing != nil }

// CallWitness calls the staff to this kiosk in the background, bounded by
// StaffCallTimeout; WitnessCall says what came of it. A call under way or
// one that reached the window is not made again.
func (j *noFace) CallWitness() {
	if !j.WitnessHere() {
		j.wk.fail(ErrMethodNotOffered)
		return
	}
	j.wk.mu.Lock()
	if st := j.alt.wit.call; st == CallCalling || st == CallReached || st == CallAccepted {
		j.wk.mu.Unlock()
		return
	}
	j.alt.wit.call, j.alt.wit.callErr = CallCalling, nil
	j.wk.mu.Unlock()
	wit, subject := j.wk.d.Witness, j.h.subject
	var callErr error
	j.wk.run(BusyWitnessCall, func(ctx context.Context) error {
		callErr = callWithin(ctx, j.wk.d.Clock, "journey: witness call", func(ctx context.Context) error {
			return wit.Call(ctx, subject)
		})
		// The citizen may still be checked by staff who are here; the
		// call's failure is the call's, not the step's.
		return nil
	}, func(error) {
		j.wk.mu.Lock()
		defer j.wk.mu.Unlock()
		j.alt.wit.callErr = callErr
		j.alt.wit.call = callStateOf(callErr)
	})
}

// WitnessCall is where the call to the staff stands, and why it reached
// nobody.
func (j *noFace) WitnessCall() (CallState, error) {
	j.wk.mu.Lock()
	defer j.wk.mu.Unlock()
	return j.alt.wit.call, j.alt.wit.callErr
}

// WitnessTyped is what the member of staff typed: their ID, how many
// digits of the PIN (never the PIN), and whether the PIN is being typed.
func (j *noFace) WitnessTyped() (id string, pinLen int, pinField bool) {
	j.wk.mu.Lock()
	defer j.wk.mu.Unlock()
	return string(j.alt.wit.id), len(j.alt.wit.pin), j.alt.wit.pinField
}

// WitnessField chooses the field typed into: the PIN, or the staff ID.
func (j *noFace) WitnessField(pin bool) {
	j.wk.mu.Lock()
	j.alt.wit.pinField = pin
	j.wk.mu.Unlock()
	j.wk.d.Session.Touch()
}

// TypeWitness adds a digit to the field typed into, or deletes one ('\b')
// or all (0); it reports whether anything changed.
func (j *noFace) TypeWitness(key rune) bool {
	j.wk.mu.Lock()
	w := &j.alt.wit
	f, limit := &w.id, maxWitnessID
	if w.pinField {
		f, limit = &w.pin, maxWitnessPIN
	}
	changed := true
	switch {
	case key == '\b' && len(*f) > 0:
		(*f)[len(*f)-1] = 0
		*f = (*f)[:len(*f)-1]
	case key == 0 && len(*f) > 0:
		clear(*f)
		*f = (*f)[:0]
	case key >= '0' && key <= '9' && len(*f) < limit:
		*f = append(*f, byte(key))
	default:
		changed = false
	}
	j.wk.mu.Unlock()
	if changed {
		j.wk.d.Session.Touch()
	}
	return changed
}

// SetWitnessSeen records whether the member of staff confirms they
// compared the citizen with their ID card.
func (j *noFace) SetWitnessSeen(seen bool) {
	j.wk.mu.Lock()
	j.alt.wit.seen = seen
	j.wk.mu.Unlock()
	j.wk.d.Session.Touch()
}

// WitnessSeen reports whether the member of staff confirmed it.
func (j *noFace) WitnessSeen() bool {
	j.wk.mu.Lock()
	defer j.wk.mu.Unlock()
	return j.alt.wit.seen
}

// ForgetWitnessPIN wipes the PIN typed (the screen was left).
func (j *noFace) ForgetWitnessPIN() {
	j.wk.mu.Lock()
	j.alt.wit.wipe()
	j.wk.mu.Unlock()
}

// Witness has the member of staff at this kiosk confirm the citizen: their
// ID and PIN checked (over the hall bus, or this kiosk's copy of the
// accounts), the portal's staff-witnessed check, the audit row; then the
// journey moves on. The PIN is wiped whatever came of it; everything the
// citizen gave stays.
func (j *noFace) Witness() {
	if !j.WitnessHere() || !slices.Contains(j.h.alternatives(), portal.MethodStaffWitnessed) {
		j.wk.fail(ErrMethodNotOffered)
		return
	}
	j.wk.mu.Lock()
	w := &j.alt.wit
	id, pin, seen := string(w.id), string(w.pin), w.seen
	w.wipe()
	if len(id) > 0 && len(pin) == 0 {
		w.pinField = true
	}
	j.wk.mu.Unlock()
	switch {
	case id == "" || pin == "":
		j.wk.fail(ErrWitnessIncomplete)
		return
	case !seen:
		j.wk.fail(ErrNotSeen)
		return
	}
	h := j.h.holder()
	wit, witnessing, subject := j.wk.d.Witness, j.wk.d.Witnessing, j.h.subject
	j.wk.run(BusyWitness, func(ctx context.Context) error {
		staffID, err := wit.Check(ctx, id, pin)
		if err != nil {
			return fmt.Errorf("journey: witness: %w", err)
		}
		err = witnessing.Witnessed(ctx, h, staffID)
		if rerr := wit.Record(context.WithoutCancel(ctx), staffID, subject, err); rerr != nil && err == nil {
			// A check nobody can account for does not count.
			j.wk.d.Session.Data().SetIdentity("")
			err = rerr
		}
		if err != nil {
			return fmt.Errorf("journey: witness: %w", err)
		}
		return nil
	}, func(err error) {
		j.wk.mu.Lock()
		if err == nil {
			j.alt.wit = witnessState{}
		}
		j.wk.mu.Unlock()
		if err == nil {
			j.h.identified()
		}
	})
}
