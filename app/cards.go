package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"hallkiosk/devices"
	"hallkiosk/devices/idcard"
)

// CardReader is what the kiosk needs from the ID-card reader: its events
// and its status. *idcard.Reader satisfies it.
type CardReader interface {
	Events() <-chan idcard.Event
	Status() devices.Status
}

var _ CardReader = (*idcard.Reader)(nil)

// Attender is a card reader that can poll faster while a screen waits for
// a card and rest in between (idcard.Reader).
type Attender interface {
	Attend(on bool)
}

var _ Attender = (*idcard.Reader)(nil)

// WaitsForCard reports whether the screen of s asks for the ID card, so
// the reader should look for one at its full pace. A card placed on any
// other screen (the attract loop starts a session with it) is read at the
// reader's resting pace.
func WaitsForCard(s Snapshot) bool { return s.Screen.ID == ScreenIDCard }

// Cards follows the ID-card reader for the session: a card placed on the
// attract loop starts a session, a card read is kept in the citizen's data
// (and wiped with it), and the screens hear of every change.
type Cards struct {
	// Manual is a terminal where staff start every session (帮办代办 at
	// the window, app/assist): a card placed while no session runs starts
	// none and is not kept. Set it before Run.
	Manual bool

	session *Session
	log     *slog.Logger

	mu        sync.Mutex
	status    devices.Status
	present   bool
	lastErr   error
	listeners []func()
}

// NewCards returns a Cards for s. Until Run is called the reader is
// reported as not connected.
func NewCards(s *Session, log *slog.Logger) *Cards {
	c := &Cards{session: s, log: log, status: devices.Status{State: devices.NoDevice, Detail: "未连接读卡器"}}
	s.OnWipe(func() {
		c.mu.Lock()
		c.lastErr = nil
		c.mu.Unlock()
		c.notify()
	})
	return c
}

// Subscribe calls f (on the reader's goroutine) after every change.
func (c *Cards) Subscribe(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.listeners = append(c.listeners, f)
}

func (c *Cards) notify() {
	c.mu.Lock()
	ls := append([]func(){}, c.listeners...)
	c.mu.Unlock()
	for _, l := range ls {
		l()
	}
}

// Run consumes the reader's events until ctx ends or the events stop.
func (c *Cards) Run(ctx context.Context, r CardReader) {
	c.mu.Lock()
	c.status = r.Status()
	c.mu.Unlock()
	if a, ok := r.(Attender); ok {
		attend := func(s Snapshot) { a.Attend(WaitsForCard(s)) }
		defer c.session.Subscribe(attend)()
		attend(c.session.Snapshot())
	}
	events := r.Events()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			c.handle(ev)
		}
	}
}

func (c *Cards) handle(ev idcard.Event) {
	switch ev.Kind {
	case idcard.CardRead:
		if st := c.session.Snapshot().State; st == StateAttract || st == StateEnding {
			if c.Manual {
				ev.Card.Wipe()
				c.mu.Lock()
				c.present, c.lastErr = true, nil
				c.mu.Unlock()
				c.log.Info("id card placed with no session running: not kept")
				break
			}
			c.session.Start()
		}
		c.session.Data().SetCard(ev.Card)
		c.session.Touch()
		c.mu.Lock()
		c.present, c.lastErr = true, nil
		c.mu.Unlock()
		c.log.Info("id card read", "card", ev.Card)
	case idcard.CardRemoved:
		c.mu.Lock()
		c.present = false
		c.mu.Unlock()
	case idcard.ReadFailed:
		c.mu.Lock()
		c.present, c.lastErr = true, ev.Err
		c.mu.Unlock()
		c.log.Warn("id card read failed", "err", ev.Err)
	case idcard.StatusChanged:
		c.mu.Lock()
		c.status = ev.Status
		c.mu.Unlock()
	}
	c.notify()
}

// Status is the reader's device status.
func (c *Cards) Status() devices.Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// Present reports whether a card lies on the reader.
func (c *Cards) Present() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.present
}

// CardProblem is why no card could be read.
type CardProblem int

// Card problems, for the screens to put into words.
const (
	CardOK          CardProblem = iota // nothing to say
	CardReaderDown                     // the reader is missing or broken
	CardUnsupported                    // a card layout the kiosk cannot read
	CardReadFailed                     // a card is there but did not read; place it again
)

// Problem says why the last card could not be read.
func (c *Cards) Problem() CardProblem {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.status.State == devices.NoDevice || c.status.State == devices.HardwareError:
		return CardReaderDown
	case c.lastErr == nil:
		return CardOK
	case errors.Is(c.lastErr, idcard.ErrUnsupportedLayout):
		return CardUnsupported
	}
	return CardReadFailed
}
