package hall

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"

	"hallkiosk/app"
	"hallkiosk/devices"
	"hallkiosk/internal/logging"
)

// Agent is a kiosk on the hall bus: it publishes the kiosk's status every
// Interval, raises calls to the staff and hears what became of them,
// answers the window's watch with the live view and sends every change
// while watched, and passes the window's pointing on. Nothing a citizen
// does waits for it: publishing does not block, a call is bounded by its
// context, and with the bus down every method returns at once.
type Agent struct {
	// Bus is the kiosk's connection.
	Bus *Bus
	// Interval is how often the status goes out (2s when zero).
	Interval time.Duration
	// Status builds the kiosk's status now: its configured devices (a
	// device slot it has, not there, is a fault), outbox, screen
	// (Terminal, Role, At and Faults are filled in here).
	Status func(ctx context.Context) Status
	// View builds the live view now (masked; Terminal, Seq and At are
	// filled in here). Nil is a kiosk without a live view.
	View func() LiveView
	// OnCallUpdate hears what staff did with a call this kiosk raised.
	OnCallUpdate func(CallUpdate)
	// OnHint hears the window pointing at an item.
	OnHint func(Hint)
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	Log *slog.Logger

	poll chan struct{}

	mu           sync.Mutex
	watchedUntil time.Time
	lastView     []byte
	seq          uint64
	faults       map[devices.Kind]Fault
	deviceCalled map[devices.Kind]bool
}

// DefaultInterval is the status interval when none is set.
const DefaultInterval = 2 * time.Second

// maxWatch bounds one watch: the window renews it while its view is open.
const maxWatch = time.Minute

// livePoll is how often a watched kiosk looks for a change of its live
// view (besides Changed): well under the 300 ms a change may take.
const livePoll = 100 * time.Millisecond

func (a *Agent) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

func (a *Agent) log() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return logging.Discard()
}

// Run subscribes the kiosk's subjects and publishes its status until ctx
// ends.
func (a *Agent) Run(ctx context.Context) error {
	a.mu.Lock()
	a.poll = make(chan struct{}, 1)
	a.faults, a.deviceCalled = map[devices.Kind]Fault{}, map[devices.Kind]bool{}
	a.mu.Unlock()
	id := a.Bus.ID()
	var subs []*nats.Subscription
	defer func() {
		for _, s := range subs {
			_ = s.Unsubscribe()
		}
	}()
	for subj, f := range map[string]func(*nats.Msg){
		Subject(KindCallState, id): a.onCallState,
		Subject(KindWatch, id):     a.onWatch,
		Subject(KindHint, id):      a.onHint,
	} {
		s, err := a.Bus.Handle(subj, f)
		if err != nil {
			return err
		}
		subs = append(subs, s)
	}
	interval := a.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	status := time.NewTicker(interval)
	defer status.Stop()
	// The live view is polled only while staff watch it: an idle kiosk
	// must not wake ten times a second for nobody (make bench-idle). A
	// stopped ticker sends nothing (Go 1.23), so it waits stopped.
	live := time.NewTicker(livePoll)
	live.Stop()
	defer live.Stop()
	polling := false
	a.sendStatus(ctx)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-status.C:
			a.sendStatus(ctx)
			continue
		case <-live.C:
		case <-a.poll:
		}
		watched := a.sendView(false)
		switch {
		case watched && !polling:
			live.Reset(livePoll)
		case !watched && polling:
			live.Stop()
		}
		polling = watched
	}
}

// Changed says the live view may have changed: a watched kiosk sends it
// now instead of at the next poll. It never blocks.
func (a *Agent) Changed() {
	a.mu.Lock()
	p := a.poll
	a.mu.Unlock()
	if p == nil {
		return
	}
	select {
	case p <- struct{}{}:
	default:
	}
}

func (a *Agent) sendStatus(ctx context.Context) {
	if a.Status == nil {
		return
	}
	st := a.Status(ctx)
	st.Terminal, st.Role, st.At = a.Bus.ID(), RoleKiosk, a.now()
	st.Faults = a.track(st.Devices, st.At)
	if err := a.Bus.Publish(Subject(KindStatus, a.Bus.ID()), st); err != nil && !errors.Is(err, ErrDown) {
		a.log().Warn("hall status not sent", "err", err)
	}
	a.callForDevices(ctx, st.Faults)
}

// track turns the devices' states into faults with the time each began.
func (a *Agent) track(devs map[devices.Kind]devices.Status, now time.Time) []Fault {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []Fault
	for _, kind := range devices.AllKinds() {
		st, ok := devs[kind]
		bad := ok && (st.State != devices.Online && st.State != devices.Busy || st.Paper == devices.PaperOut)
		if !bad {
			delete(a.faults, kind)
			delete(a.deviceCalled, kind)
			continue
		}
		f, had := a.faults[kind]
		if !had || f.State != st.State || f.Paper != st.Paper {
			f = Fault{Device: kind, State: st.State, Detail: st.Detail, Paper: st.Paper, Since: now}
			a.faults[kind] = f
			delete(a.deviceCalled, kind)
		}
		out = append(out, f)
	}
	return out
}

// callForDevices raises a call for each fault that needs staff and has
// not reached the window yet (tried again at every status until it does).
func (a *Agent) callForDevices(ctx context.Context, faults []Fault) {
	for _, f := range faults {
		if !f.NeedsStaff() {
			continue
		}
		a.mu.Lock()
		done := a.deviceCalled[f.Device]
		a.mu.Unlock()
		if done || !a.Bus.Connected() {
			continue
		}
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		_, err := a.Call(cctx, Call{Reason: ReasonDevice, Device: f.Device, Detail: f.Detail})
		cancel()
		if err == nil {
			a.mu.Lock()
			a.deviceCalled[f.Device] = true
			a.mu.Unlock()
			a.log().Info("device fault reported to staff", "device", f.Device, "state", f.State)
		}
	}
}

// Call raises a call to the staff and returns it once the window has
// stored it (its id, time and terminal filled in). It returns an error
// wrapping app.ErrNoStaffLink when there is no bus or no window on it.
func (a *Agent) Call(ctx context.Context, c Call) (Call, error) {
	if c.ID == "" {
		c.ID = uuid.NewString()
	}
	c.Terminal = a.Bus.ID()
	if c.At.IsZero() {
		c.At = a.now()
	}
	if c.Reason == "" {
		c.Reason = ReasonCitizen
	}
	var ack CallAck
	err := a.Bus.Request(ctx, Subject(KindCall, c.Terminal), c, &ack)
	switch {
	case errors.Is(err, ErrDown):
		return c, fmt.Errorf("hall: call: %w (%w)", app.ErrNoStaffLink, err)
	case err != nil:
		return c, fmt.Errorf("hall: call: %w", err)
	case ack.ID != c.ID:
		return c, fmt.Errorf("hall: call: the window acknowledged %q, not %q", ack.ID, c.ID)
	}
	return c, nil
}

func (a *Agent) onCallState(m *nats.Msg) {
	var u CallUpdate
	if err := Decode(m.Data, &u); err != nil || a.OnCallUpdate == nil {
		return
	}
	a.OnCallUpdate(u)
}

func (a *Agent) onHint(m *nats.Msg) {
	var h Hint
	if err := Decode(m.Data, &h); err != nil || a.OnHint == nil || len(h.Item) > 200 {
		return
	}
	a.OnHint(h)
}

func (a *Agent) onWatch(m *nats.Msg) {
	var w Watch
	if err := Decode(m.Data, &w); err != nil {
		return
	}
	if w.For <= 0 || w.For > maxWatch {
		w.For = maxWatch
	}
	a.mu.Lock()
	if until := a.now().Add(w.For); until.After(a.watchedUntil) {
		a.watchedUntil = until
	}
	a.mu.Unlock()
	v, _ := a.view(true)
	_ = a.Bus.Reply(m, v)
	a.Changed() // the run loop starts polling the live view
}

// view builds the live view; changed tells whether it differs from the
// last one sent (always true with force).
func (a *Agent) view(force bool) (LiveView, bool) {
	if a.View == nil {
		return LiveView{Terminal: a.Bus.ID(), At: a.now()}, force
	}
	v := a.View()
	v.Terminal = a.Bus.ID()
	body, _ := json.Marshal(v) // Seq and At are still zero: only content counts
	a.mu.Lock()
	defer a.mu.Unlock()
	changed := !bytes.Equal(body, a.lastView)
	if changed {
		a.seq++
		a.lastView = body
	}
	v.Seq, v.At = a.seq, a.now()
	return v, changed || force
}

// sendView publishes the live view while staff watch this kiosk and it
// changed (or force); it reports whether they watch.
func (a *Agent) sendView(force bool) (watched bool) {
	a.mu.Lock()
	watched = a.now().Before(a.watchedUntil)
	a.mu.Unlock()
	if !watched || !a.Bus.Connected() {
		return watched
	}
	if v, send := a.view(force); send {
		_ = a.Bus.Publish(Subject(KindSnap, a.Bus.ID()), v)
	}
	return watched
}
