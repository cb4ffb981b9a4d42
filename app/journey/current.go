package journey

import (
	"errors"
	"sync"

	"hallkiosk/app"
)

// Journey is what every journey is: where the citizen stands, as a masked
// snapshot, and its slow work, stopped by Close.
type Journey interface {
	Snapshot() Snapshot
	Close()
	// w is the journey's shared machinery (session, slow work).
	w() *worker
}

func (w *worker) w() *worker { return w }

// Current holds the journey of the citizen at the kiosk. A journey lives
// as long as its citizen's session: the wipe at the session's end stops
// and drops it; starting another journey ends the one before. The call to
// the staff is held beside the journey, not instead of it (CallStaff). It
// is safe for concurrent use.
type Current struct {
	mu       sync.Mutex
	d        Deps
	active   Journey
	staff    *CallStaff // the session's call to the staff, beside active
	failures int        // the citizen's slow work that failed in a row
}

// FailuresForHelp is how many failures of the citizen's slow work in a
// row make the kiosk call the staff by itself (Deps.Stuck).
const FailuresForHelp = 3

// count follows a journey's slow work for Deps.Stuck: a failure counts,
// a success starts again; the staff call's own outcome does not count.
func (c *Current) count(j Journey) {
	j.w().OnChange(func(ev Event) {
		if !ev.Done || ev.Busy == BusyCall {
			return
		}
		c.mu.Lock()
		if ev.Err != nil && !errors.Is(ev.Err, app.ErrInvalidForm) {
			c.failures++
		} else {
			c.failures = 0
		}
		stuck := c.failures >= FailuresForHelp && c.d.Stuck != nil
		if stuck {
			c.failures = 0
		}
		f := c.d.Stuck
		c.mu.Unlock()
		if stuck {
			f()
		}
	})
}

// NewCurrent returns the holder of the kiosk's journeys, built on d.
func NewCurrent(d Deps) *Current {
	c := &Current{d: d}
	d.Session.OnWipe(c.end)
	return c
}

// Deps are the dependencies the journeys are built on.
func (c *Current) Deps() Deps {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.d
}

// SetCatalog hands the journeys a newer catalog; journeys started from now
// on use it (the kiosk adopts a catalog between two citizens).
func (c *Current) SetCatalog(cat Catalog) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.d.Catalog = cat
}

// CanStore says whether an application can be stored on this kiosk now
// (app.ErrNoQueue when it has no outbox it can trust), so the citizen is
// told before filling a form, not after.
func (c *Current) CanStore() error {
	d := c.Deps()
	if d.Submitter == nil {
		return app.ErrNoQueue
	}
	if r, ok := d.Submitter.(interface{ Ready() error }); ok {
		return r.Ready()
	}
	return nil
}

// Apply returns the citizen's journey for the service code, starting it
// (and ending the journey before) when there is none.
func (c *Current) Apply(code string) (*Apply, error) {
	j, err := c.get(func(j Journey) bool {
		a, ok := j.(*Apply)
		return ok && a.item.Code == code
	}, func(d Deps) (Journey, error) { return NewApply(d, code) })
	if err != nil {
		return nil, err
	}
	return j.(*Apply), nil
}

// Feedback returns the citizen's 意见建议 journey, starting it (and
// ending the journey before) when there is none.
func (c *Current) Feedback() *Feedback {
	j, _ := c.get(func(j Journey) bool {
		_, ok := j.(*Feedback)
		return ok
	}, func(d Deps) (Journey, error) { return NewFeedback(d), nil })
	return j.(*Feedback)
}

// CallStaff returns the session's call to the staff, starting it when
// there is none. Unlike the other journeys it does not end the journey
// under way: a citizen calls for help in the middle of an application and
// goes back to it. Active and Snapshot keep telling that journey.
func (c *Current) CallStaff() *CallStaff {
	c.mu.Lock()
	defer c.mu.Unlock()
	seq := c.d.Session.Snapshot().Seq
	if j := c.staff; j != nil && j.seq == seq && j.ctx.Err() == nil {
		return j
	}
	if old := c.staff; old != nil {
		old.cancel()
	}
	c.staff = NewCallStaff(c.d)
	return c.staff
}

// StaffAccepted tells the call to the staff of session seq that staff
// accepted it; a call of a citizen who has gone is not told.
func (c *Current) StaffAccepted(seq int) {
	c.mu.Lock()
	j := c.staff
	c.mu.Unlock()
	if j != nil && j.seq == seq {
		j.Accepted()
	}
}

// get returns the active journey when it is of this session, alive, and
// matches; else it ends it and starts another with start.
func (c *Current) get(match func(Journey) bool, start func(Deps) (Journey, error)) (Journey, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	seq := c.d.Session.Snapshot().Seq
	if j := c.active; j != nil && j.w().seq == seq && j.w().ctx.Err() == nil && match(j) {
		return j, nil
	}
	j, err := start(c.d)
	if err != nil {
		return nil, err
	}
	if old := c.active; old != nil {
		old.w().cancel()
	}
	c.active = j
	c.count(j)
	return j, nil
}

// Active returns the journey under way, nil when there is none.
func (c *Current) Active() Journey {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.active == nil || c.active.w().seq != c.d.Session.Snapshot().Seq {
		return nil
	}
	return c.active
}

// Snapshot is where the citizen stands in the journey under way; ok is
// false when there is none.
func (c *Current) Snapshot() (s Snapshot, ok bool) {
	j := c.Active()
	if j == nil {
		return Snapshot{}, false
	}
	return j.Snapshot(), true
}

// end stops and drops the journey of the session that just ended. It does
// not wait: the wipe may come from the journey's own work (a rating that
// ends the session), and a result that arrives later is dropped anyway.
func (c *Current) end() {
	c.mu.Lock()
	j, staff := c.active, c.staff
	c.active, c.staff = nil, nil
	c.mu.Unlock()
	if j != nil {
		j.w().cancel()
		if w, ok := j.(interface{ wipe() }); ok {
			w.wipe() // what the citizen wrote goes with them
		}
	}
	if staff != nil {
		staff.cancel()
	}
}

// Close stops the journey under way and waits for its work; call it when
// the kiosk stops, never from a journey's own work.
func (c *Current) Close() {
	c.mu.Lock()
	j, staff := c.active, c.staff
	c.active, c.staff = nil, nil
	c.mu.Unlock()
	if j != nil {
		j.Close()
	}
	if staff != nil {
		staff.Close()
	}
}
