// Package usage turns a kiosk's citizen sessions into usage events
// (app/events): a session's start and end (its reason and length), each
// screen left with how long it was on, the time a session spent on each
// service, and each journey step reached, once per session, for the
// funnel.
//
// The session calls its listeners on whatever goroutine changed it, often
// Fyne's. The tracker's listener only notes the snapshot, the time and
// which journey step the screen is (a quick look at the journey under
// way, which may be gone a moment later) on a queue; the tracker's own
// goroutine works out the events and hands them to the store (whose Add
// never blocks either). Only catalog codes leave the session: a screen's
// parameter is recorded when it is a service code, never otherwise (a
// search screen's parameter is what the citizen typed).
package usage

import (
	"context"
	"sync"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/clock"
	"hallkiosk/app/events"
	"hallkiosk/app/journey"
)

// Recorder takes events; *events.Store has it.
type Recorder interface{ Add(events.Event) }

// Options are what a tracker needs. Session and Recorder are required.
type Options struct {
	Session  *app.Session
	Recorder Recorder
	Clock    clock.Clock
	// Steps says which journey step a screen is; nil records no steps.
	// *journey.Current has it (StepAt). It is called in the session's
	// listener, on the goroutine that changed the session: it must be
	// quick and take no lock held by whoever changes the session.
	Steps func(app.Screen) (journey.Reached, bool)
	// IsService says whether a screen parameter is a catalog code.
	IsService func(code string) bool
}

// Tracker follows the session and records its usage events.
type Tracker struct {
	o Options

	mu      sync.Mutex
	queue   []noted
	waiters []chan struct{}
	wake    chan struct{}

	// owned by the tracker's goroutine
	active  bool
	seq     int
	started time.Time
	screen  app.Screen
	since   time.Time
	reached map[journey.Reached]bool
	visits  map[string]time.Duration
	order   []string
}

type noted struct {
	snap    app.Snapshot
	at      time.Time
	step    journey.Reached
	hasStep bool
}

// New returns a tracker; Run starts it.
func New(o Options) *Tracker {
	if o.Clock == nil {
		o.Clock = clock.Real{}
	}
	if o.IsService == nil {
		o.IsService = func(string) bool { return false }
	}
	return &Tracker{o: o, wake: make(chan struct{}, 1)}
}

// Run follows the session until ctx ends.
func (t *Tracker) Run(ctx context.Context) {
	unsubscribe := t.o.Session.Subscribe(t.note)
	defer unsubscribe()
	t.note(t.o.Session.Snapshot())
	for {
		select {
		case <-ctx.Done():
			t.mu.Lock()
			for _, w := range t.waiters {
				close(w)
			}
			t.waiters = nil
			t.mu.Unlock()
			return
		case <-t.wake:
		}
		t.mu.Lock()
		q, ws := t.queue, t.waiters
		t.queue, t.waiters = nil, nil
		t.mu.Unlock()
		for _, n := range q {
			t.handle(n)
		}
		for _, w := range ws {
			close(w)
		}
	}
}

// note is the session's listener: it asks which step the screen is (now:
// the journey may be gone once the tracker's goroutine looks, a rating
// ends the session at once), queues the snapshot and returns.
func (t *Tracker) note(s app.Snapshot) {
	n := noted{snap: s, at: t.o.Clock.Now()}
	if t.o.Steps != nil && (s.State == app.StateHome || s.State == app.StateInService) {
		n.step, n.hasStep = t.o.Steps(s.Screen)
	}
	t.mu.Lock()
	t.queue = append(t.queue, n)
	t.mu.Unlock()
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

// Sync waits until every snapshot noted before it is handled (tests), or
// ctx ends.
func (t *Tracker) Sync(ctx context.Context) error {
	ch := make(chan struct{})
	t.mu.Lock()
	t.waiters = append(t.waiters, ch)
	t.mu.Unlock()
	select {
	case t.wake <- struct{}{}:
	default:
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (t *Tracker) add(e events.Event) { t.o.Recorder.Add(e) }

// handle works out the events of one snapshot.
func (t *Tracker) handle(n noted) {
	s := n.snap
	inSession := s.State == app.StateHome || s.State == app.StateInService
	if inSession && (!t.active || s.Seq != t.seq) {
		if t.active {
			t.end(n.at, app.EndNone)
		}
		t.active, t.seq, t.started = true, s.Seq, n.at
		t.reached, t.visits, t.order = map[journey.Reached]bool{}, map[string]time.Duration{}, nil
		t.add(events.Event{At: n.at, Kind: events.SessionStart})
		t.enter(n)
		return
	}
	if !t.active {
		return
	}
	if !inSession {
		t.end(n.at, s.EndReason)
		return
	}
	if s.Screen != t.screen {
		t.leave(n.at)
		t.enter(n)
	}
}

func (t *Tracker) service(s app.Screen) string {
	if s.Param != "" && t.o.IsService(s.Param) {
		return s.Param
	}
	return ""
}

func (t *Tracker) enter(n noted) {
	t.screen, t.since = n.snap.Screen, n.at
	r := n.step
	if !n.hasStep || t.reached[r] {
		return
	}
	t.reached[r] = true
	t.add(events.Event{At: n.at, Kind: events.Step, Key: r.Journey, Detail: r.Step.Name(), Value: int64(r.Position),
		Service: r.Service})
}

func (t *Tracker) leave(at time.Time) {
	d := at.Sub(t.since)
	svc := t.service(t.screen)
	t.add(events.Event{At: at, Kind: events.Screen, Key: string(t.screen.ID), Service: svc, Value: d.Milliseconds()})
	if svc != "" {
		if _, ok := t.visits[svc]; !ok {
			t.order = append(t.order, svc)
		}
		t.visits[svc] += d
	}
}

func (t *Tracker) end(at time.Time, reason app.EndReason) {
	t.leave(at)
	for _, svc := range t.order {
		t.add(events.Event{At: at, Kind: events.Visit, Service: svc, Value: t.visits[svc].Milliseconds()})
	}
	if reason == app.EndNone {
		reason = "unknown"
	}
	t.add(events.Event{At: at, Kind: events.SessionEnd, Key: string(reason), Value: at.Sub(t.started).Milliseconds()})
	t.active = false
}
