package hall

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"hallkiosk/internal/logging"
)

// WindowOptions are what the window terminal's side of the bus is built
// from.
type WindowOptions struct {
	Bus *Bus
	// CallsPath is the window's call store (SQLite).
	CallsPath string
	// Version and HallName go into the window's own status.
	Version, HallName string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	Log *slog.Logger
}

// ChangeKind says what changed at the window.
type ChangeKind string

// What can change at the window.
const (
	ChangeStatus ChangeKind = "status"
	ChangeCall   ChangeKind = "call"
	ChangeView   ChangeKind = "view"
)

// Change tells the window's screens what to draw again.
type Change struct {
	Kind     ChangeKind
	Terminal string
	CallID   string
}

// Window is the 网办优先窗口 terminal on the hall bus: it keeps the roster
// of terminals and answers hall.directory, stores and acknowledges calls,
// lets staff accept and close them, and holds the live views it watches.
// No Fyne: the window's screens draw what it holds and call its methods.
type Window struct {
	bus    *Bus
	calls  *CallStore
	roster *Roster
	now    func() time.Time
	log    *slog.Logger
	opts   WindowOptions

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	subs   []*nats.Subscription

	mu        sync.Mutex
	views     map[string]LiveView
	watching  map[string]bool
	listeners []func(Change)
}

// WatchLease is how long one watch lasts; the window renews it at a third
// of that while the view is open.
const WatchLease = 15 * time.Second

// StartWindow opens the call store and joins the bus as the window.
func StartWindow(o WindowOptions) (*Window, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = logging.Discard()
	}
	cs, err := OpenCallStore(o.CallsPath)
	if err != nil {
		return nil, err
	}
	w := &Window{bus: o.Bus, calls: cs, roster: NewRoster(o.Now), now: o.Now, log: o.Log, opts: o,
		views: map[string]LiveView{}, watching: map[string]bool{}}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	w.roster.OnChange(func(ti TerminalInfo) { w.changed(Change{Kind: ChangeStatus, Terminal: ti.Terminal}) })
	if err := w.roster.Serve(o.Bus, true); err != nil {
		cs.Close()
		return nil, err
	}
	for subj, f := range map[string]func(*nats.Msg){
		All(KindCall): w.onCall,
		All(KindSnap): w.onSnap,
	} {
		s, err := o.Bus.Handle(subj, f)
		if err != nil {
			w.Close()
			return nil, err
		}
		w.subs = append(w.subs, s)
	}
	w.wg.Add(1)
	go w.renew()
	return w, nil
}

// Close leaves the bus's subjects and closes the call store; the bus
// itself is the caller's.
func (w *Window) Close() {
	w.cancel()
	w.wg.Wait()
	w.roster.Stop()
	for _, s := range w.subs {
		_ = s.Unsubscribe()
	}
	w.subs = nil
	w.calls.Close()
}

// OnChange calls f after every change, on the bus's goroutine or the
// caller's; f must not block.
func (w *Window) OnChange(f func(Change)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.listeners = append(w.listeners, f)
}

func (w *Window) changed(c Change) {
	w.mu.Lock()
	ls := append([]func(Change){}, w.listeners...)
	w.mu.Unlock()
	for _, f := range ls {
		f(c)
	}
}

// Roster is every terminal heard.
func (w *Window) Roster() *Roster { return w.roster }

// Terminals are every terminal heard, by id.
func (w *Window) Terminals() []TerminalInfo { return w.roster.List() }

// Connected reports whether the window is on the bus now.
func (w *Window) Connected() bool { return w.bus.Connected() }

// onCall stores a call and only then acknowledges it. The kiosk the call
// is from is the one its subject names.
func (w *Window) onCall(m *nats.Msg) {
	var c Call
	if err := Decode(m.Data, &c); err != nil {
		w.log.Warn("bad call", "err", err)
		return
	}
	c.Terminal = idOf(m.Subject)
	if c.ID == "" || len(c.ID) > 64 || CheckTerminalID(c.Terminal) != nil {
		return
	}
	ctx, cancel := context.WithTimeout(w.ctx, 5*time.Second)
	defer cancel()
	if _, err := w.calls.Add(ctx, c, w.now()); err != nil {
		w.log.Error("call not stored", "terminal", c.Terminal, "err", err)
		return // no answer: the kiosk tells the citizen to come to the window
	}
	_ = w.bus.Reply(m, CallAck{ID: c.ID})
	w.log.Info("staff call", "terminal", c.Terminal, "reason", c.Reason, "service", c.Service)
	w.changed(Change{Kind: ChangeCall, Terminal: c.Terminal, CallID: c.ID})
}

// Calls are the calls not closed yet, oldest first.
func (w *Window) Calls(ctx context.Context) ([]StoredCall, error) { return w.calls.Open(ctx) }

// Accept marks a call accepted and tells its kiosk (工作人员正在赶来).
func (w *Window) Accept(ctx context.Context, id string) error { return w.set(ctx, id, CallAccepted) }

// CloseCall marks a call handled and tells its kiosk.
func (w *Window) CloseCall(ctx context.Context, id string) error { return w.set(ctx, id, CallClosed) }

func (w *Window) set(ctx context.Context, id string, st CallState) error {
	c, err := w.calls.Set(ctx, id, st, w.now())
	if err != nil {
		return err
	}
	w.changed(Change{Kind: ChangeCall, Terminal: c.Terminal, CallID: id})
	if err := w.bus.Publish(Subject(KindCallState, c.Terminal), CallUpdate{ID: id, State: c.State, At: w.now()}); err != nil {
		return fmt.Errorf("hall: tell %s: %w", c.Terminal, err)
	}
	return nil
}

// Watch opens the live view of a kiosk: it asks for the view now and
// keeps the watch until Unwatch. The view so far, if any, comes back.
func (w *Window) Watch(ctx context.Context, id string) (LiveView, error) {
	if err := CheckTerminalID(id); err != nil {
		return LiveView{}, err
	}
	w.mu.Lock()
	w.watching[id] = true
	w.mu.Unlock()
	var v LiveView
	if err := w.bus.Request(ctx, Subject(KindWatch, id), Watch{For: WatchLease}, &v); err != nil {
		return LiveView{}, err
	}
	w.keep(id, v)
	return v, nil
}

// Unwatch closes the live view of a kiosk: its watch lapses.
func (w *Window) Unwatch(id string) {
	w.mu.Lock()
	delete(w.watching, id)
	delete(w.views, id)
	w.mu.Unlock()
}

// View is the live view of a watched kiosk.
func (w *Window) View(id string) (LiveView, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	v, ok := w.views[id]
	return v, ok
}

// Point asks a kiosk to highlight an item and say "请点这里".
func (w *Window) Point(id, item string) error {
	if err := CheckTerminalID(id); err != nil {
		return err
	}
	if item == "" || len(item) > 200 {
		return errors.New("hall: point: no item")
	}
	return w.bus.Publish(Subject(KindHint, id), Hint{Item: item, At: w.now()})
}

func (w *Window) onSnap(m *nats.Msg) {
	var v LiveView
	if err := Decode(m.Data, &v); err != nil {
		return
	}
	w.keep(idOf(m.Subject), v)
}

// keep holds a view of a watched kiosk unless a newer one is there.
func (w *Window) keep(id string, v LiveView) {
	v.Terminal = id
	w.mu.Lock()
	if !w.watching[id] {
		w.mu.Unlock()
		return
	}
	if old, ok := w.views[id]; ok && old.Seq > v.Seq && old.At.After(v.At) {
		w.mu.Unlock()
		return
	}
	w.views[id] = v
	w.mu.Unlock()
	w.changed(Change{Kind: ChangeView, Terminal: id})
}

// renew says every status interval that the window is there, and keeps
// the watches alive while their views are open.
func (w *Window) renew() {
	defer w.wg.Done()
	status := time.NewTicker(DefaultInterval)
	defer status.Stop()
	t := time.NewTicker(WatchLease / 3)
	defer t.Stop()
	w.sendStatus()
	for {
		select {
		case <-w.ctx.Done():
			return
		case <-status.C:
			w.sendStatus()
			continue
		case <-t.C:
		}
		w.mu.Lock()
		ids := make([]string, 0, len(w.watching))
		for id := range w.watching {
			ids = append(ids, id)
		}
		w.mu.Unlock()
		for _, id := range ids {
			ctx, cancel := context.WithTimeout(w.ctx, 2*time.Second)
			var v LiveView
			if err := w.bus.Request(ctx, Subject(KindWatch, id), Watch{For: WatchLease}, &v); err == nil {
				w.keep(id, v)
			}
			cancel()
		}
	}
}

func (w *Window) sendStatus() {
	_ = w.bus.Publish(Subject(KindStatus, w.bus.ID()), Status{Terminal: w.bus.ID(), Role: RoleWindow,
		Version: w.opts.Version, HallName: w.opts.HallName, At: w.now()})
}
