package journey

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/clock"
)

// BusyCall is a call to the staff under way.
const BusyCall Busy = "call_staff"

// StaffCallTimeout bounds one staff call, so a citizen is never left on
// "正在联系" when the link hangs.
const StaffCallTimeout = 10 * time.Second

// ErrNoAnswer means the staff call did not return within
// StaffCallTimeout.
var ErrNoAnswer = errors.New("journey: the staff call got no answer in time")

// CallState is where a staff call stands.
type CallState string

// States of a staff call.
const (
	// CallNone: not called yet on this visit of the screen.
	CallNone CallState = ""
	// CallCalling: the call is under way.
	CallCalling CallState = "calling"
	// CallReached: the caller returned nil, staff really got the call.
	CallReached CallState = "reached"
	// CallAccepted: a member of staff accepted the call at the window and
	// is on the way (工作人员正在赶来).
	CallAccepted CallState = "accepted"
	// CallNoLink: the kiosk has no link to the staff
	// (app.ErrNoStaffLink, or no caller at all); the citizen is sent to
	// the 网办优先窗口 and the hotline.
	CallNoLink CallState = "no_link"
	// CallFailed: the link failed or gave no answer in time; the citizen
	// is sent to the window and the hotline as well.
	CallFailed CallState = "failed"
)

// CallStaff is the journey of 呼叫工作人员: one call to the staff at the
// 网办优先窗口 per visit of the screen, in the background and bounded by
// StaffCallTimeout, and what came of it. Only CallReached means someone
// heard it. It is held beside the journey under way (Current.CallStaff),
// never instead of it. It is safe for concurrent use.
type CallStaff struct {
	worker

	// guarded by worker.mu
	state CallState
}

// NewCallStaff starts the staff-call journey in the current session.
func NewCallStaff(d Deps) *CallStaff {
	j := &CallStaff{worker: newWorker(d)}
	j.where = j.Current
	return j
}

// At returns the step the session's screen shows, and whether the screen
// belongs to this journey.
func (j *CallStaff) At(s app.Screen) (Step, bool) {
	if s.ID != app.ScreenCallStaff {
		return Step{}, false
	}
	return Step{Kind: StepHelp}, true
}

// Current is the step on screen now (StepNone when the session shows
// something else).
func (j *CallStaff) Current() Step {
	s, _ := j.At(j.d.Session.Snapshot().Screen)
	return s
}

// Screen is where the call is drawn.
func (j *CallStaff) Screen(Step) app.Screen { return app.Screen{ID: app.ScreenCallStaff} }

// Open shows 呼叫工作人员 as a new visit, so the next Call calls again.
// On the screen already, or while a call still runs, it keeps the call as
// it is.
func (j *CallStaff) Open() {
	if j.Current().Kind == StepHelp {
		return
	}
	j.mu.Lock()
	if !j.running[BusyCall] {
		j.state, j.err = CallNone, nil
	}
	j.mu.Unlock()
	j.d.Session.Open(j.Screen(Step{Kind: StepHelp}))
}

// State is where the call of this visit stands. A kiosk without a staff
// caller is CallNoLink before anyone calls: the screen tells the citizen
// at once.
func (j *CallStaff) State() CallState {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.state == CallNone && j.d.StaffCaller == nil {
		return CallNoLink
	}
	return j.state
}

// Call calls the staff in the background, once per visit (drawing the
// screen again does not call again), bounded by StaffCallTimeout on the
// journey's clock. Its outcome is State, and Err says why nobody heard it.
func (j *CallStaff) Call() {
	j.mu.Lock()
	if j.state != CallNone {
		j.mu.Unlock()
		return
	}
	caller := j.d.StaffCaller
	if caller == nil {
		j.state = CallNoLink
		j.mu.Unlock()
		j.fail(fmt.Errorf("journey: call staff: %w", app.ErrNoStaffLink))
		return
	}
	j.state = CallCalling
	j.mu.Unlock()
	j.run(BusyCall, func(ctx context.Context) error {
		return callWithin(ctx, j.d.Clock, "journey: call staff", caller)
	}, func(err error) {
		j.mu.Lock()
		defer j.mu.Unlock()
		j.state = callStateOf(err)
	})
}

// callWithin makes a call to the staff, given StaffCallTimeout of clk to be
// stored by the window: no answer by then is ErrNoAnswer. what names the
// call in the error.
func callWithin(ctx context.Context, clk clock.Clock, what string, call func(context.Context) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	t := clk.AfterFunc(StaffCallTimeout, func() { cancel(ErrNoAnswer) })
	defer t.Stop()
	err := call(ctx)
	switch {
	case err == nil:
		return nil
	case errors.Is(context.Cause(ctx), ErrNoAnswer):
		return fmt.Errorf("%s: %w (%w)", what, ErrNoAnswer, err)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// callStateOf is where a call that ended with err stands.
func callStateOf(err error) CallState {
	switch {
	case err == nil:
		return CallReached
	case errors.Is(err, app.ErrNoStaffLink):
		return CallNoLink
	}
	return CallFailed
}

// Accepted records that staff accepted the call that reached them, and
// tells the listeners; a call that did not reach anyone stays as it is.
func (j *CallStaff) Accepted() {
	if j.ctx.Err() != nil || j.d.Session.Snapshot().Seq != j.seq {
		return // the citizen is gone
	}
	j.mu.Lock()
	if j.state != CallReached {
		j.mu.Unlock()
		return
	}
	j.state = CallAccepted
	j.mu.Unlock()
	j.changed(Event{Busy: BusyCall, Done: true})
}

// Snapshot returns where the call stands now.
func (j *CallStaff) Snapshot() Snapshot {
	return Snapshot{Journey: "call_staff", Step: j.Current(), Call: j.State(), Busy: j.Busy(), Problem: problemOf(j.Err())}
}
