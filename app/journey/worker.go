package journey

import (
	"context"
	"errors"
	"sync"

	"hallkiosk/app"
	"hallkiosk/app/clock"
	"hallkiosk/app/portal"
)

// worker is what every journey shares: its dependencies, the session it
// belongs to, and its slow work, run one at a time in its own goroutine
// with the busy state and the last failure.
type worker struct {
	d   Deps
	seq int // the session the journey belongs to

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	// where is the step on screen now; a failure belongs to the step it
	// happened at and is forgotten once the citizen moves on.
	where func() Step

	mu        sync.Mutex
	running   map[Busy]bool
	err       error
	errAt     Step
	listeners []func(Event)

	// Events are delivered one at a time, in order: whoever finds nobody
	// delivering drains the queue (also what a listener's own calls add),
	// so two goroutines' events never reach the listeners interleaved.
	evMu       sync.Mutex
	queue      []Event
	delivering bool
}

// Event tells a listener that slow work started or ended.
type Event struct {
	Busy Busy
	// Done is false when the work starts, true when it ended; Err is its
	// failure (nil when it went well).
	Done bool
	Err  error
}

func newWorker(d Deps) worker {
	if d.Clock == nil {
		d.Clock = clock.Real{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	return worker{d: d, seq: d.Session.Snapshot().Seq, ctx: ctx, cancel: cancel, where: func() Step { return Step{} },
		running: map[Busy]bool{}}
}

// Close stops the journey's slow work and waits for it.
func (w *worker) Close() {
	w.cancel()
	w.wg.Wait()
}

// OnChange calls f when slow work starts and when it ends (its outcome
// recorded, the journey moved on), on the goroutine that did it. Quick
// calls change nothing behind the caller's back and do not call f.
func (w *worker) OnChange(f func(Event)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.listeners = append(w.listeners, f)
}

func (w *worker) changed(ev Event) {
	w.evMu.Lock()
	w.queue = append(w.queue, ev)
	if w.delivering {
		w.evMu.Unlock()
		return // the goroutine delivering delivers it after the one in hand
	}
	w.delivering = true
	for len(w.queue) > 0 {
		next := w.queue[0]
		w.queue = w.queue[1:]
		w.evMu.Unlock()
		w.mu.Lock()
		ls := append([]func(Event){}, w.listeners...)
		w.mu.Unlock()
		for _, f := range ls {
			f(next)
		}
		w.evMu.Lock()
	}
	w.delivering = false
	w.evMu.Unlock()
}

// busyOrder is which running work Busy names first.
var busyOrder = []Busy{BusySubmit, BusyFace, BusyIDCode, BusyWitness, BusyWitnessCall, BusySMS, BusyCapture, BusyRate, BusyRecords, BusyPreview, BusyPrint, BusyGuide, BusyFeedback, BusyCall}

// Busy is the slow work running (the weightiest when several run: a
// receipt may still print while the citizen rates), BusyNone when none.
func (w *worker) Busy() Busy {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, b := range busyOrder {
		if w.running[b] {
			return b
		}
	}
	return BusyNone
}

// Running reports whether work of kind b runs now.
func (w *worker) Running(b Busy) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.running[b]
}

// Err is the failure of the last slow work or check at the step on screen
// (nil when it went well, or the citizen has moved on since), for the
// screen to put into words.
func (w *worker) Err() error {
	at := w.where()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.errAt != at {
		return nil
	}
	return w.err
}

// fail records a quick check's failure at the step on screen.
func (w *worker) fail(err error) {
	at := w.where()
	w.mu.Lock()
	w.err, w.errAt = err, at
	w.mu.Unlock()
}

// run does work of kind b in the journey's goroutine, then done (on that
// goroutine, unless the citizen's session is over), then tells the
// listeners. A second call of a kind already running is ignored (a double
// tap submits once); work of another kind runs beside it.
func (w *worker) run(b Busy, work func(ctx context.Context) error, done func(err error)) {
	w.mu.Lock()
	if w.running[b] {
		w.mu.Unlock()
		return
	}
	w.running[b], w.err = true, nil
	w.mu.Unlock()
	at := w.where()
	w.changed(Event{Busy: b})
	finish := func(err error) {
		if w.d.Session.Snapshot().Seq != w.seq || w.ctx.Err() != nil {
			return // the citizen is gone; their result with them
		}
		w.mu.Lock()
		delete(w.running, b)
		w.err, w.errAt = err, at
		if errors.Is(err, app.ErrInvalidForm) {
			w.err = nil // shown field by field instead
		}
		w.mu.Unlock()
		if done != nil {
			done(err)
		}
		w.changed(Event{Busy: b, Done: true, Err: err})
	}
	if w.d.Inline {
		finish(work(w.ctx))
		return
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		finish(work(w.ctx))
	}()
}

// rate stores r in the background and ends the session with thanks once it
// is stored. A low rating without a reason, or a failure, is kept for the
// screen to show; the citizen's choice stays.
func (w *worker) rate(r portal.Rating) {
	if r.Level <= 2 && len(r.Reasons) == 0 {
		w.fail(ErrNoReason)
		return
	}
	if w.d.Submitter == nil {
		w.fail(app.ErrNoQueue)
		return
	}
	w.run(BusyRate, func(ctx context.Context) error { return w.d.Submitter.Rate(ctx, r) }, func(err error) {
		if err == nil {
			w.d.Session.Finish()
		}
	})
}
