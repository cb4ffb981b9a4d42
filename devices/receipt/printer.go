package receipt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"hallkiosk/devices"
)

// Opts configures a Printer. The zero value of every field means its
// default.
type Opts struct {
	// Width is the paper width; default W80.
	Width Width
	// Font is the printer's Chinese font; default FontGB18030.
	Font Font
	// Baud is the line speed of a serial port; default 115200.
	Baud int
	// Transport says how the port name is opened; default TransportAuto.
	Transport Transport
	// StatusTimeout bounds the wait for one DLE EOT reply; default 1 s.
	StatusTimeout time.Duration
	// PollInterval is how often the status of a printer that cannot print
	// (paper out, cover open, offline) is read and a missing printer is
	// looked for again, so staff see it recover at once; default 2 s.
	PollInterval time.Duration
	// RestInterval is how often the status of an idle printer that can
	// print is read; default 10 s. A job reads the status before its
	// first byte anyway, so this only bounds how late the health screens
	// learn of a change (a cover opened by hand), and an idle kiosk does
	// not wake for four status requests every PollInterval.
	RestInterval time.Duration
	// ChunkSize is how many bytes of a job are sent between two status
	// checks (cut at command boundaries); default 4096.
	ChunkSize int
	// QueueLen is how many jobs may wait; default 8. Print blocks (until its
	// context ends) while the queue is full.
	QueueLen int
	// Logger gets status changes and job failures, never receipt content.
	// Default: discard.
	Logger *slog.Logger
}

// DefaultOpts returns the defaults spelled out.
func DefaultOpts() Opts {
	return Opts{
		Width:         W80,
		Font:          FontGB18030,
		Baud:          115200,
		StatusTimeout: time.Second,
		PollInterval:  2 * time.Second,
		RestInterval:  10 * time.Second,
		ChunkSize:     4096,
		QueueLen:      8,
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
}

func (o Opts) withDefaults() Opts {
	d := DefaultOpts()
	if o.Width == 0 {
		o.Width = d.Width
	}
	if o.Baud == 0 {
		o.Baud = d.Baud
	}
	if o.StatusTimeout <= 0 {
		o.StatusTimeout = d.StatusTimeout
	}
	if o.PollInterval <= 0 {
		o.PollInterval = d.PollInterval
	}
	if o.RestInterval <= 0 {
		o.RestInterval = d.RestInterval
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = d.ChunkSize
	}
	if o.QueueLen <= 0 {
		o.QueueLen = d.QueueLen
	}
	if o.Logger == nil {
		o.Logger = d.Logger
	}
	return o
}

// Printer is a receipt printer on one port, owned by one goroutine that
// sends queued jobs, polls the status and reopens the port after an unplug.
type Printer struct {
	name   string
	opts   Opts
	jobs   chan *job
	reqs   chan chan statusResult
	events chan Status
	cancel context.CancelFunc
	done   chan struct{}

	mu   sync.Mutex
	last Status
}

type job struct {
	ctx     context.Context
	data    []byte
	marks   []int
	started atomic.Bool
	res     chan error
}

type statusResult struct {
	st  Status
	err error
}

// Open starts the printer on port (a serial device such as
// /dev/ttyUSB0 or /dev/hallkiosk-receipt, or a USB printer device such as
// /dev/usb/lp0). A printer that is not there yet is not an error: its
// status is no_device until it appears. The goroutine stops when ctx ends
// or Close is called.
func Open(ctx context.Context, port string, o Opts) (*Printer, error) {
	o = o.withDefaults()
	if !o.Width.Valid() {
		return nil, fmt.Errorf("receipt: open %s: paper width %d mm: want 58 or 80", port, int(o.Width))
	}
	if port == "" {
		return nil, fmt.Errorf("receipt: open: no port given")
	}
	ctx, cancel := context.WithCancel(ctx)
	p := &Printer{
		name:   port,
		opts:   o,
		jobs:   make(chan *job, o.QueueLen),
		reqs:   make(chan chan statusResult),
		events: make(chan Status, 8),
		cancel: cancel,
		done:   make(chan struct{}),
		last:   Status{State: devices.NoDevice, Paper: "", Detail: "not checked yet"},
	}
	go p.run(ctx)
	return p, nil
}

// String names the printer for logs: "receipt printer /dev/usb/lp0 (80mm)".
func (p *Printer) String() string {
	return fmt.Sprintf("receipt printer %s (%s)", p.name, p.opts.Width)
}

// Width is the paper width the printer was opened with; build documents
// with NewDoc(p.Width()).
func (p *Printer) Width() Width { return p.opts.Width }

// Font is the printer's Chinese font.
func (p *Printer) Font() Font { return p.opts.Font }

// Events delivers the printer's status each time it changes (paper low,
// cover opened, unplugged, back). When the reader falls behind, the oldest
// events are dropped; DeviceStatus always has the latest.
func (p *Printer) Events() <-chan Status { return p.events }

// LastStatus returns the latest status read, without talking to the printer.
func (p *Printer) LastStatus() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.last
}

// DeviceStatus returns the latest status in the common device model.
func (p *Printer) DeviceStatus() devices.Status { return p.LastStatus().Device() }

// Status reads the printer's status now (DLE EOT 1..4). With no printer it
// returns a no_device status and ErrNoDevice; when the printer does not
// answer, an offline status and ErrNoReply; when bytes come back that are
// not one status byte per request (noise, a wrong baud rate, an endless
// stream), an offline status and ErrNoSensibleAnswer.
func (p *Printer) Status(ctx context.Context) (Status, error) {
	r := make(chan statusResult, 1)
	select {
	case p.reqs <- r:
	case <-ctx.Done():
		return p.LastStatus(), fmt.Errorf("receipt: status: %w", ctx.Err())
	case <-p.done:
		return Status{State: devices.NoDevice, Detail: "closed"}, ErrClosed
	}
	select {
	case res := <-r:
		return res.st, res.err
	case <-ctx.Done():
		return p.LastStatus(), fmt.Errorf("receipt: status: %w", ctx.Err())
	case <-p.done:
		return Status{State: devices.NoDevice, Detail: "closed"}, ErrClosed
	}
}

// Print queues d and waits until it is printed or refused. Before anything
// is sent the status is read: when the printer cannot print, nothing is
// sent and the error is a *StatusError (errors.Is ErrPaperOut,
// ErrCoverOpen, ErrCutter, ErrHardware, ErrOffline) or ErrNoDevice /
// ErrNoReply / ErrNoSensibleAnswer. A job that fails after bytes went out
// returns a *JobError (errors.Is ErrIncomplete and the cause). When ctx
// ends before the job started nothing is sent; once started it stops at
// the next command boundary.
func (p *Printer) Print(ctx context.Context, d *Doc) error {
	if err := d.Err(); err != nil {
		return fmt.Errorf("receipt: print: %w", err)
	}
	if d.Width().Dots() > p.opts.Width.Dots() {
		return fmt.Errorf("receipt: print: a %s document on %s paper", d.Width(), p.opts.Width)
	}
	j := &job{
		ctx:   ctx,
		data:  append([]byte(nil), d.Bytes()...),
		marks: append([]int(nil), d.marks...),
		res:   make(chan error, 1),
	}
	select {
	case p.jobs <- j:
	case <-ctx.Done():
		return fmt.Errorf("receipt: print: %w", ctx.Err())
	case <-p.done:
		return ErrClosed
	}
	select {
	case err := <-j.res:
		return err
	case <-p.done:
		return ErrClosed
	case <-ctx.Done():
		if !j.started.Load() {
			return fmt.Errorf("receipt: print: %w", ctx.Err())
		}
	}
	select {
	case err := <-j.res:
		return err
	case <-p.done:
		return ErrClosed
	}
}

// Close stops the goroutine and closes the port. Queued jobs fail with
// ErrClosed. A second Close is harmless.
func (p *Printer) Close() error {
	p.cancel()
	<-p.done
	return nil
}

// run is the goroutine that owns the port.
func (p *Printer) run(ctx context.Context) {
	defer close(p.done)
	var c *conn
	defer func() {
		if c != nil {
			c.close()
		}
		for {
			select {
			case j := <-p.jobs:
				j.res <- ErrClosed
			default:
				return
			}
		}
	}()
	c = p.connect(ctx, nil)
	every := p.pollEvery()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if e := p.pollEvery(); e != every {
			every = e
			tick.Reset(every)
		}
		var errc <-chan error
		if c != nil {
			errc = c.errc
		}
		select {
		case <-ctx.Done():
			return
		case err := <-errc:
			p.opts.Logger.Warn("receipt printer lost", "port", p.name, "err", err)
			c.close()
			c = nil
			p.set(Status{State: devices.NoDevice, Detail: "unplugged"})
		case j := <-p.jobs:
			var err error
			c, err = p.runJob(ctx, c, j)
			j.res <- err
		case r := <-p.reqs:
			var st Status
			var err error
			c, st, err = p.refresh(ctx, c)
			r <- statusResult{st, err}
		case <-tick.C:
			c, _, _ = p.refresh(ctx, c)
		}
	}
}

// pollEvery is how long the idle printer waits before it reads its
// status again: RestInterval while it can print, else PollInterval.
func (p *Printer) pollEvery() time.Duration {
	if p.LastStatus().Ready() {
		return p.opts.RestInterval
	}
	return p.opts.PollInterval
}

// connect opens the port when c is nil and reads the status.
func (p *Printer) connect(ctx context.Context, c *conn) *conn {
	c, _, _ = p.refresh(ctx, c)
	return c
}

// refresh reads the status, opening the port first when needed, and
// publishes it. It returns the connection (nil when there is none).
func (p *Printer) refresh(ctx context.Context, c *conn) (*conn, Status, error) {
	if c == nil {
		port, err := dial(p.name, p.opts)
		if err != nil {
			st := Status{State: devices.NoDevice, Detail: "not connected"}
			p.set(st)
			return nil, st, fmt.Errorf("%w: %v", ErrNoDevice, err)
		}
		c = newConn(port)
	}
	st, err := p.readStatus(ctx, c)
	switch {
	case err == nil:
	case errors.Is(err, ErrNoSensibleAnswer) || errors.Is(err, ErrBadReply):
		st = Status{State: devices.Offline, Detail: "printer does not answer sensibly (baud rate?)"}
	case errors.Is(err, ErrNoReply):
		st = Status{State: devices.Offline, Detail: "printer does not answer"}
	case ctx.Err() != nil:
		return c, p.LastStatus(), err
	default:
		c.close()
		c = nil
		st = Status{State: devices.NoDevice, Detail: "unplugged"}
		err = fmt.Errorf("%w: %v", ErrNoDevice, err)
	}
	p.set(st)
	return c, st, err
}

// set records st and publishes it when it changed.
func (p *Printer) set(st Status) {
	p.mu.Lock()
	old := p.last
	p.last = st
	p.mu.Unlock()
	if old.State == st.State && old.Paper == st.Paper && old.Detail == st.Detail &&
		old.CoverOpen == st.CoverOpen && old.CutterError == st.CutterError {
		return
	}
	p.opts.Logger.Info("receipt printer status", "port", p.name, "status", st.String())
	for {
		select {
		case p.events <- st:
			return
		default:
		}
		select {
		case <-p.events:
		default:
		}
	}
}
