// Package eventbus carries the kiosks' usage events (app/events) to the
// window terminal over the hall bus (app/hall), with nothing lost while
// the window is off: send and acknowledge from the kiosk's own table.
//
// A kiosk's events stay in its own store, numbered from 1. The Sender
// asks its store for the events after the last one the window
// acknowledged (Store.Delivered) and sends them as one request on
// hall.event.<kiosk>; the window's Receiver stores them (Store.Ingest,
// idempotent on kiosk and number, so a batch sent twice counts once) and
// answers with the highest number it holds of that kiosk, which the
// Sender records as delivered. While the window is off (or nobody
// answers) the events wait in the kiosk's table, which the kiosk keeps a
// year, and go as soon as the window is back, oldest first.
//
// The Receiver takes the kiosk from the subject, never from the message
// (the bus lets a kiosk publish only as itself), refuses a batch that
// would leave a gap (it answers with what it holds, and the kiosk sends
// again from there: a window whose database was replaced gets every
// event again), and its answer can move the kiosk's mark back for the
// same reason.
//
// The window terminal runs Listen on its own store; a kiosk on the bus runs
// a Sender (app/kiosk does).
package eventbus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"hallkiosk/app/events"
	"hallkiosk/app/hall"
	"hallkiosk/internal/logging"
)

// Batch is a request on hall.event.<kiosk>: events in order of Seq.
type Batch struct {
	Events []events.Event `json:"events"`
}

// Ack is the window's answer: the highest Seq of the kiosk it holds.
type Ack struct {
	Last int64 `json:"last"`
}

// MaxBatch bounds a batch, well within hall.MaxMessage.
const MaxBatch = 300

// Peer is the name the kiosk's store keeps the window's mark under.
const Peer = "window"

// Requester is what the sender needs of the bus; *hall.Bus has it.
type Requester interface {
	ID() string
	Request(ctx context.Context, subject string, v, out any) error
}

// Sender delivers a kiosk's events to the window.
type Sender struct {
	Bus   Requester
	Store *events.Store
	// Idle is the pause when everything is delivered (default 2 s);
	// after a failure the pause doubles up to MaxPause (default 1 min).
	Idle, MaxPause time.Duration
	// Timeout bounds one request (default 10 s).
	Timeout time.Duration
	Log     *slog.Logger
}

// SendOnce sends the next batch, if any, and records the window's
// answer. It reports whether more are waiting to go at once.
func (s *Sender) SendOnce(ctx context.Context) (more bool, err error) {
	kiosk := s.Store.Kiosk()
	done, err := s.Store.Delivered(ctx, Peer)
	if err != nil {
		return false, err
	}
	evs, err := s.Store.After(ctx, kiosk, done, MaxBatch)
	if err != nil || len(evs) == 0 {
		return false, err
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var ack Ack
	if err := s.Bus.Request(rctx, hall.Subject(hall.KindEvent, s.Bus.ID()), Batch{Events: evs}, &ack); err != nil {
		return false, fmt.Errorf("eventbus: send: %w", err)
	}
	if err := s.Store.SetDelivered(ctx, Peer, ack.Last); err != nil {
		return false, err
	}
	last := evs[len(evs)-1].Seq
	return ack.Last != done && (len(evs) == MaxBatch || ack.Last < last), nil
}

// Run delivers until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	idle, maxPause := s.Idle, s.MaxPause
	if idle <= 0 {
		idle = 2 * time.Second
	}
	if maxPause <= 0 {
		maxPause = time.Minute
	}
	log := s.Log
	if log == nil {
		log = logging.Discard()
	}
	pause, failing := idle, false
	for {
		more, err := s.SendOnce(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			if !failing && !errors.Is(err, hall.ErrDown) {
				log.Warn("usage events not delivered to the window; they wait on this kiosk", "err", err)
			}
			failing = true
			pause = min(pause*2, maxPause)
		default:
			failing, pause = false, idle
		}
		if more && err == nil {
			continue
		}
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// Handler is what the receiver needs of the bus; *hall.Bus has it.
type Handler interface {
	Handle(subject string, f func(m *nats.Msg)) (*nats.Subscription, error)
	Reply(m *nats.Msg, v any) error
}

// Receiver stores the kiosks' events at the window terminal.
type Receiver struct {
	Bus   Handler
	Store *events.Store
	Log   *slog.Logger
	sub   *nats.Subscription
}

// Start listens on hall.event.* until Stop.
func (r *Receiver) Start() error {
	if r.Log == nil {
		r.Log = logging.Discard()
	}
	sub, err := r.Bus.Handle(hall.All(hall.KindEvent), r.handle)
	if err != nil {
		return fmt.Errorf("eventbus: %w", err)
	}
	r.sub = sub
	return nil
}

// Stop stops listening.
func (r *Receiver) Stop() {
	if r.sub != nil {
		r.sub.Unsubscribe()
	}
}

func (r *Receiver) handle(m *nats.Msg) {
	kiosk := m.Subject[strings.LastIndexByte(m.Subject, '.')+1:]
	if hall.CheckTerminalID(kiosk) != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var b Batch
	if err := hall.Decode(m.Data, &b); err != nil || len(b.Events) > MaxBatch {
		r.Log.Warn("usage events: a batch that cannot be read", "kiosk", kiosk, "err", err)
		return // no answer: the kiosk tries again
	}
	have, err := r.Store.Last(ctx, kiosk)
	if err != nil {
		r.Log.Error("usage events: the store", "err", err)
		return
	}
	if len(b.Events) > 0 && b.Events[0].Seq <= have+1 {
		for i := range b.Events {
			b.Events[i].Kiosk = kiosk
		}
		if _, err := r.Store.Ingest(ctx, b.Events); err != nil {
			r.Log.Error("usage events not stored", "kiosk", kiosk, "err", err)
			return
		}
		if have, err = r.Store.Last(ctx, kiosk); err != nil {
			return
		}
	}
	if err := r.Bus.Reply(m, Ack{Last: have}); err != nil {
		r.Log.Warn("usage events: answer", "kiosk", kiosk, "err", err)
	}
}

// Listen starts receiving the kiosks' events into st, the window
// terminal's store (the same store its own events, such as the window's
// assisted submissions, go into): the figures of the whole hall
// (app/figures) read it. stop stops receiving; the store stays the
// caller's.
func Listen(bus Handler, st *events.Store, log *slog.Logger) (stop func(), err error) {
	r := &Receiver{Bus: bus, Store: st, Log: log}
	if err := r.Start(); err != nil {
		return nil, err
	}
	return r.Stop, nil
}
