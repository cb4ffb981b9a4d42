package idcard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"hallkiosk/devices"
	"hallkiosk/devices/serialport"
	"hallkiosk/internal/logging"
)

// EventKind says what an Event reports.
type EventKind int

// The events a Reader sends.
const (
	// CardRead: a card was read and verified; Event.Card holds it. The
	// same card is not reported again while it stays on the reader.
	CardRead EventKind = iota + 1
	// CardRemoved: the card that was read (or failed to read) left the
	// reader.
	CardRemoved
	// ReadFailed: a card is on the reader but could not be read or
	// verified after the configured attempts, or its layout is not
	// supported; Event.Err says why. Ask the citizen to place it again.
	ReadFailed
	// StatusChanged: the device status changed; Event.Status holds it.
	StatusChanged
)

// String names the kind for logs and tests.
func (k EventKind) String() string {
	switch k {
	case CardRead:
		return "card_read"
	case CardRemoved:
		return "card_removed"
	case ReadFailed:
		return "read_failed"
	case StatusChanged:
		return "status"
	}
	return fmt.Sprintf("EventKind(%d)", int(k))
}

// Event is one thing the reader observed.
type Event struct {
	Kind EventKind
	// Card is set for CardRead. The receiver owns it and wipes it when the
	// session ends.
	Card *Card
	// Status is set for StatusChanged.
	Status devices.Status
	// Err is set for ReadFailed. It never quotes card data.
	Err error
}

// Reader owns an ID-card reader on a serial port: one goroutine opens the
// port, polls find → select → read every PollInterval, reports cards,
// removals and status changes on Events, and reopens the port with backoff
// when it disappears. Close stops it.
type Reader struct {
	path   string
	opts   Opts
	log    *slog.Logger
	events chan Event
	cancel context.CancelFunc
	done   chan struct{}

	closeOnce sync.Once

	mu        sync.Mutex
	status    devices.Status
	attentive bool               // Attend: poll every PollInterval
	wakePause context.CancelFunc // ends the pause under way
}

var (
	_ io.Closer    = (*Reader)(nil)
	_ fmt.Stringer = (*Reader)(nil)
)

// Open starts a Reader on the serial port at path. It does not fail when
// the device is missing: the reader reports no_device and keeps trying.
// The reader stops when ctx is done or Close is called; either way the
// Events channel is closed once the goroutine has returned.
func Open(ctx context.Context, path string, opts Opts) (*Reader, error) {
	if path == "" {
		return nil, errors.New("idcard: open: no port given")
	}
	ctx, cancel := context.WithCancel(ctx)
	o := opts.withDefaults()
	r := &Reader{
		path:   path,
		opts:   o,
		log:    logging.Component(o.Logger, "idcard").With("port", path),
		events: make(chan Event, 16),
		cancel: cancel,
		done:   make(chan struct{}),
		status: devices.Status{State: devices.Offline, Detail: "starting"},
	}
	go r.run(ctx)
	return r, nil
}

// Events delivers what the reader observes, in order. Drain it: the reader
// waits for the receiver rather than drop a card. It is closed when the
// reader stops.
func (r *Reader) Events() <-chan Event { return r.events }

// Status is the current device status.
func (r *Reader) Status() devices.Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status
}

// String names the reader for logs.
func (r *Reader) String() string { return "idcard.Reader(" + r.path + ")" }

// Close stops the goroutine, closes the port and waits for both. A read in
// progress is abandoned within one serial read timeout (100 ms). A second
// Close is harmless.
func (r *Reader) Close() error {
	r.closeOnce.Do(r.cancel)
	<-r.done
	return nil
}

func (r *Reader) run(ctx context.Context) {
	defer close(r.done)
	defer close(r.events)
	backoff := time.Duration(0)
	for ctx.Err() == nil {
		port, err := r.opts.OpenPort(r.path, r.opts.Baud)
		if err != nil {
			r.setStatus(ctx, devices.Status{State: devices.NoDevice, Detail: "cannot open " + r.path})
			backoff = r.opts.nextBackoff(backoff)
			if r.opts.Sleep(ctx, backoff) != nil {
				return
			}
			continue
		}
		online, err := r.session(ctx, port)
		port.Close()
		if ctx.Err() != nil {
			return
		}
		st := devices.Status{State: devices.HardwareError, Detail: "module not answering"}
		if errors.Is(err, serialport.ErrGone) || errors.Is(err, ErrHangup) || !isModuleErr(err) {
			st = devices.Status{State: devices.NoDevice, Detail: "device lost"}
		}
		r.log.Warn("idcard: session ended", "err", err, "state", st.State)
		r.setStatus(ctx, st)
		if online {
			backoff = 0
		}
		backoff = r.opts.nextBackoff(backoff)
		if r.opts.Sleep(ctx, backoff) != nil {
			return
		}
	}
}

// isModuleErr reports whether err came from the module (a status, a reply
// that never came, a broken frame) rather than from the line itself.
func isModuleErr(err error) bool {
	var se *StatusError
	return errors.As(err, &se) || errors.Is(err, ErrTimeout) || errors.Is(err, ErrChecksum) ||
		errors.Is(err, ErrLength) || errors.Is(err, ErrUnexpected)
}

// transient reports whether a failed poll should simply be repeated.
func transient(err error) bool {
	return errors.Is(err, ErrChecksum) || errors.Is(err, ErrLength) || errors.Is(err, ErrUnexpected)
}

// session runs the poll loop on an open port until the port fails or ctx
// is done. online reports whether the module answered at all.
func (r *Reader) session(ctx context.Context, port io.ReadWriter) (online bool, err error) {
	c := NewConn(port, r.opts.Baud)
	c.SetModuleTime(r.opts.ModuleTime)
	defer c.Wipe()
	if err := c.SAMStatus(ctx); err != nil {
		return false, err
	}
	detail := "ready"
	if id, err := c.SAMID(ctx); err == nil {
		detail = "SAM " + id
	}
	ready := devices.Status{State: devices.Online, Detail: detail}
	r.setStatus(ctx, ready)
	r.log.Info("idcard: reader online", "detail", detail)

	present, timeouts := false, 0
	for {
		if present {
			present, err = r.checkPresent(ctx, c)
		} else {
			present, err = r.poll(ctx, c, ready)
		}
		switch {
		case ctx.Err() != nil:
			return true, ctx.Err()
		case err == nil || transient(err):
			timeouts = 0
		case errors.Is(err, ErrTimeout) && timeouts == 0:
			timeouts++ // one lost reply is forgiven, two in a row are not
		default:
			return true, err
		}
		if err := r.pause(ctx); err != nil {
			return true, err
		}
	}
}

// poll looks for a card and reads it. It returns whether a card is now on
// the reader (read or not) and the error that the session must judge.
func (r *Reader) poll(ctx context.Context, c *Conn, ready devices.Status) (present bool, err error) {
	selected := false
	card, err := readOne(ctx, c, &r.opts, func() {
		selected = true
		r.setStatus(ctx, devices.Status{State: devices.Busy, Detail: "reading card"})
	})
	if selected {
		r.setStatus(ctx, ready) // before the card, so Status() agrees with it
	}
	switch {
	case err == nil:
		r.log.Info("idcard: card read", "card", card)
		r.emit(ctx, Event{Kind: CardRead, Card: card})
		return true, nil
	case ctx.Err() != nil:
		return false, err
	case !selected && cardGone(err):
		return false, nil // no card, or it left before it was selected
	case selected && (cardGone(err) || retryable(err) || errors.Is(err, ErrUnsupportedLayout)):
		// The card stays in the field and will not answer find card again
		// until it is lifted, so wait for its removal.
		r.log.Warn("idcard: card read failed", "err", err)
		r.emit(ctx, Event{Kind: ReadFailed, Err: err})
		return true, nil
	}
	return false, err
}

// Attend says whether someone waits for a card (a screen asks for it):
// the reader then polls every PollInterval, else every RestInterval. A
// pause under way ends at once when attention begins, so the first poll
// comes without waiting out the rest.
func (r *Reader) Attend(on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if on && !r.attentive && r.wakePause != nil {
		r.wakePause()
	}
	r.attentive = on
}

// pause waits between two polls: PollInterval while attended, else
// RestInterval, or until Attend(true) ends it.
func (r *Reader) pause(ctx context.Context) error {
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r.mu.Lock()
	d := r.opts.RestInterval
	if r.attentive {
		d = r.opts.PollInterval
	}
	r.wakePause = cancel
	r.mu.Unlock()
	err := r.opts.Sleep(pctx, d)
	r.mu.Lock()
	r.wakePause = nil
	r.mu.Unlock()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil && pctx.Err() == nil {
		return err
	}
	return nil
}

// checkPresent asks the selected card for its appended address, the way
// vendor SDKs tell "still there" from "removed" (JingLunReader
// ReaderTask.java). It reports CardRemoved when the card no longer answers.
func (r *Reader) checkPresent(ctx context.Context, c *Conn) (present bool, err error) {
	_, err = c.ReadAppendedAddress(ctx)
	if err != nil && ctx.Err() == nil && cardGone(err) {
		r.emit(ctx, Event{Kind: CardRemoved})
		return false, nil
	}
	return true, err
}

// emit sends ev unless ctx is done first.
func (r *Reader) emit(ctx context.Context, ev Event) {
	select {
	case r.events <- ev:
	case <-ctx.Done():
		if ev.Card != nil {
			ev.Card.Wipe()
		}
	}
}

// setStatus records st and reports it if it changed.
func (r *Reader) setStatus(ctx context.Context, st devices.Status) {
	r.mu.Lock()
	changed := r.status != st
	r.status = st
	r.mu.Unlock()
	if changed {
		r.emit(ctx, Event{Kind: StatusChanged, Status: st})
	}
}
