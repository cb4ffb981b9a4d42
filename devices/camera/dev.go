package camera

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"log/slog"
	"os"
	"sync"
	"time"

	"hallkiosk/devices"
)

// ErrFrameTimeout reports a camera that sent no frame within
// Opts.FrameTimeout.
var ErrFrameTimeout = errors.New("camera: no frame in time")

// ErrClosed reports a call on a closed Dev.
var ErrClosed = errors.New("camera: closed")

// Opts configures a V4L2 camera.
type Opts struct {
	// Width and Height are the preferred frame size (default 640x480).
	Width, Height int
	// FrameTimeout bounds the wait for one frame (default 2 s); three
	// in a row and the device is opened afresh.
	FrameTimeout time.Duration
	// Idle is how long the device stays open with nobody asking for
	// frames (default 3 s): the camera (and its light) is off between
	// citizens.
	Idle time.Duration
	// Retry is the wait before opening again a device that failed or
	// went away (default 1 s); Poll is how often a closed device's node
	// is looked at to notice unplug and replug (default 2 s).
	Retry, Poll time.Duration
	// Warmup is the number of frames dropped after the stream starts,
	// while the camera's exposure settles (default 3).
	Warmup int
	// Quality is the JPEG quality of snapshots made from YUYV frames
	// (default 85).
	Quality int
	// Sysfs is where device names are looked up (default SysfsRoot).
	Sysfs string
	// Logger gets device events (never a picture); nil discards them.
	Logger *slog.Logger

	open opener // the ioctl layer; openV4L2 unless a test sets it
}

// DefaultOpts are the options New uses for a nil *Opts.
func DefaultOpts() Opts {
	return Opts{Width: 640, Height: 480, FrameTimeout: 2 * time.Second, Idle: 3 * time.Second,
		Retry: time.Second, Poll: 2 * time.Second, Warmup: 3, Quality: 85, Sysfs: SysfsRoot}
}

func (o *Opts) fill() {
	d := DefaultOpts()
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = d.Width, d.Height
	}
	if o.FrameTimeout <= 0 {
		o.FrameTimeout = d.FrameTimeout
	}
	if o.Idle <= 0 {
		o.Idle = d.Idle
	}
	if o.Retry <= 0 {
		o.Retry = d.Retry
	}
	if o.Poll <= 0 {
		o.Poll = d.Poll
	}
	if o.Warmup < 0 {
		o.Warmup = 0
	}
	if o.Quality <= 0 || o.Quality > 100 {
		o.Quality = d.Quality
	}
	if o.Sysfs == "" {
		o.Sysfs = d.Sysfs
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.open == nil {
		o.open = openV4L2
	}
}

// Dev is a V4L2 camera (face camera or 高拍仪) owned by one goroutine. It
// opens the device when a snapshot or a preview is asked for, closes it
// after Opts.Idle, reports no_device while it is unplugged and opens it
// again when it is back, without a restart. It is safe for concurrent
// use.
type Dev struct {
	spec string
	o    Opts

	reqs chan snapReq
	subs chan *sub
	stop context.CancelFunc
	done chan struct{}

	mu     sync.Mutex
	status devices.Status
	format Format
}

// Format is the pixel format and size a Dev streams.
type Format struct {
	FourCC string `json:"fourcc"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

var (
	_ Camera    = (*Dev)(nil)
	_ Previewer = (*Dev)(nil)
)

type snapReq struct {
	ctx   context.Context
	reply chan snapReply
}

type snapReply struct {
	jpeg []byte
	err  error
}

type sub struct {
	ctx   context.Context
	every time.Duration
	next  time.Time // when the next frame is due
	ch    chan image.Image
}

// due reports whether a frame at now goes to the preview. A quarter of a
// period early still counts: a camera sending at exactly the rate asked
// jitters, and a frame a millisecond early must not halve the rate.
func (s *sub) due(now time.Time) bool { return !now.Before(s.next.Add(-s.every / 4)) }

// sent schedules the next frame one period after this one was due (so a
// faster camera still gives fps on average), or after now when the
// preview fell behind.
func (s *sub) sent(now time.Time) {
	if now.Sub(s.next) > s.every {
		s.next = now
	}
	s.next = s.next.Add(s.every)
}

// New starts the camera at spec (a path or a device name, see Resolve). It
// does not fail when the camera is missing: Status says no_device until it
// is plugged in. Close stops it.
func New(spec string, opts *Opts) *Dev {
	var o Opts
	if opts != nil {
		o = *opts
	}
	o.fill()
	ctx, cancel := context.WithCancel(context.Background())
	d := &Dev{spec: spec, o: o, reqs: make(chan snapReq), subs: make(chan *sub), stop: cancel,
		done: make(chan struct{}), status: devices.Status{State: devices.NoDevice, Detail: "not opened yet"}}
	go d.loop(ctx)
	return d
}

// String names the camera for logs.
func (d *Dev) String() string { return "camera " + d.spec }

// Close stops the owner goroutine, closing the device; a second Close is
// harmless.
func (d *Dev) Close() error {
	d.stop()
	<-d.done
	return nil
}

// Status is the device status as last seen.
func (d *Dev) Status() devices.Status {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.status
}

// Format is the format of the last stream, zero before one started.
func (d *Dev) Format() Format {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.format
}

func (d *Dev) setStatus(st devices.State, detail string) {
	d.mu.Lock()
	changed := d.status.State != st
	d.status = devices.Status{State: st, Detail: detail}
	d.mu.Unlock()
	if changed {
		d.o.Logger.Info("camera status", "device", d.spec, "state", st, "detail", detail)
	}
}

// Snapshot returns one JPEG frame. A missing camera is ErrNoCamera at
// once; a camera that sends nothing is ErrFrameTimeout.
func (d *Dev) Snapshot(ctx context.Context) ([]byte, error) {
	r := snapReq{ctx: ctx, reply: make(chan snapReply, 1)}
	select {
	case d.reqs <- r:
	case <-ctx.Done():
		return nil, fmt.Errorf("camera: snapshot: %w", ctx.Err())
	case <-d.done:
		return nil, ErrClosed
	}
	select {
	case rep := <-r.reply:
		return rep.jpeg, rep.err
	case <-ctx.Done():
		return nil, fmt.Errorf("camera: snapshot: %w", ctx.Err())
	case <-d.done:
		return nil, ErrClosed
	}
}

// Preview streams decoded frames at most fps a second (1..30, default 15)
// until ctx ends, when the channel is closed. A slow reader gets the
// newest frame, never a queue. While the camera is away the channel stays
// open and frames resume when it is back.
func (d *Dev) Preview(ctx context.Context, fps int) (<-chan image.Image, error) {
	if fps <= 0 || fps > 30 {
		fps = 15
	}
	s := &sub{ctx: ctx, every: time.Second / time.Duration(fps), ch: make(chan image.Image, 1)}
	select {
	case d.subs <- s:
		return s.ch, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("camera: preview: %w", ctx.Err())
	case <-d.done:
		return nil, ErrClosed
	}
}

// owner is the state of the goroutine that owns the device.
type owner struct {
	d        *Dev
	s        stream
	format   uint32
	w, h     int
	warm     int
	timeouts int
	bad      int
	// faulted is a device that is there but failed while streaming: a
	// probe (which only opens it) does not call it online again; a frame
	// or an unplug does.
	faulted bool
	pending []snapReq
	subs    []*sub
	lastUse time.Time
}

func (d *Dev) loop(ctx context.Context) {
	defer close(d.done)
	o := &owner{d: d}
	defer func() {
		o.closeStream()
		for _, s := range o.subs {
			close(s.ch)
		}
		o.failPending(ErrClosed)
	}()
	o.probe()
	poll := time.NewTicker(d.o.Poll)
	defer poll.Stop()
	for {
		o.prune()
		if len(o.pending) == 0 && len(o.subs) == 0 {
			var idle <-chan time.Time
			var t *time.Timer
			if o.s != nil {
				left := d.o.Idle - time.Since(o.lastUse)
				if left <= 0 {
					o.closeStream()
					continue
				}
				t = time.NewTimer(left)
				idle = t.C
			}
			select {
			case <-ctx.Done():
				return
			case r := <-d.reqs:
				o.pending = append(o.pending, r)
			case s := <-d.subs:
				o.subs = append(o.subs, s)
			case <-idle:
			case <-poll.C:
				if o.s == nil {
					o.probe()
				}
			}
			if t != nil {
				t.Stop()
			}
			continue
		}
		o.lastUse = time.Now()
		if o.s == nil {
			if err := o.openStream(); err != nil {
				o.failPending(err)
				if len(o.subs) > 0 {
					if !o.sleep(ctx, d.o.Retry) {
						return
					}
				}
				continue
			}
		}
		if ctx.Err() != nil {
			return
		}
		o.step(ctx)
		o.lastUse = time.Now()
		o.accept()
	}
}

// sleep waits d, taking requests meanwhile; false when ctx ended.
func (o *owner) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return false
		case r := <-o.d.reqs:
			o.pending = append(o.pending, r)
			return true
		case s := <-o.d.subs:
			o.subs = append(o.subs, s)
		case <-t.C:
			return true
		}
	}
}

// accept takes the requests waiting, without blocking.
func (o *owner) accept() {
	for {
		select {
		case r := <-o.d.reqs:
			o.pending = append(o.pending, r)
		case s := <-o.d.subs:
			o.subs = append(o.subs, s)
		default:
			return
		}
	}
}

// prune drops the requests and previews whose callers left.
func (o *owner) prune() {
	keep := o.pending[:0]
	for _, r := range o.pending {
		if r.ctx.Err() == nil {
			keep = append(keep, r)
		}
	}
	clear(o.pending[len(keep):])
	o.pending = keep
	subs := o.subs[:0]
	for _, s := range o.subs {
		if s.ctx.Err() != nil {
			close(s.ch)
			continue
		}
		subs = append(subs, s)
	}
	clear(o.subs[len(subs):])
	o.subs = subs
}

func (o *owner) failPending(err error) {
	for _, r := range o.pending {
		r.reply <- snapReply{err: err}
	}
	clear(o.pending)
	o.pending = o.pending[:0]
}

// probe looks at a closed device: is it there, can it be opened, does it
// offer a format we read. It sets the status accordingly.
func (o *owner) probe() {
	s, err := o.open()
	if err != nil {
		return
	}
	if _, _, _, err := chooseFormat(s, o.d.o.Width, o.d.o.Height); err != nil {
		o.d.setStatus(devices.HardwareError, err.Error())
	} else if !o.faulted {
		o.d.setStatus(devices.Online, "ready: "+s.Name())
	}
	s.Close()
}

// open resolves the spec and opens the device, setting the status when it
// fails.
func (o *owner) open() (stream, error) {
	path, err := Resolve(o.d.spec, o.d.o.Sysfs)
	if err != nil {
		o.d.setStatus(devices.NoDevice, "not connected")
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		o.d.setStatus(devices.NoDevice, "not connected")
		return nil, fmt.Errorf("%w: %s", ErrNoCamera, path)
	}
	s, err := o.d.o.open(path)
	switch {
	case errors.Is(err, ErrBusy):
		o.d.setStatus(devices.Busy, "in use by another program")
		return nil, err
	case err != nil:
		o.d.setStatus(devices.NoDevice, "cannot open")
		return nil, fmt.Errorf("%w: %v", ErrNoCamera, err)
	}
	return s, nil
}

// openStream opens the device, sets the format and starts streaming.
func (o *owner) openStream() error {
	s, err := o.open()
	if err != nil {
		return err
	}
	f, w, h, err := chooseFormat(s, o.d.o.Width, o.d.o.Height)
	if err == nil {
		f, w, h, err = s.SetFormat(f, w, h)
	}
	if err == nil && f != FormatMJPEG && f != FormatYUYV {
		err = fmt.Errorf("camera: device took format %s", FourCC(f))
	}
	if err == nil {
		err = s.Start()
	}
	if err != nil {
		s.Close()
		o.faulted = true
		o.d.setStatus(devices.HardwareError, err.Error())
		return fmt.Errorf("%w: %v", ErrNoCamera, err)
	}
	o.s, o.format, o.w, o.h = s, f, w, h
	o.warm, o.bad = o.d.o.Warmup, 0 // timeouts count across reopening
	o.d.mu.Lock()
	o.d.format = Format{FourCC: FourCC(f), Width: w, Height: h}
	o.d.mu.Unlock()
	o.d.setStatus(devices.Online, fmt.Sprintf("%s %s %dx%d", s.Name(), FourCC(f), w, h))
	return nil
}

func (o *owner) closeStream() {
	if o.s != nil {
		o.s.Close()
		o.s = nil
	}
}

// lost closes a stream that failed and sets the status: no_device when
// the node is gone (unplugged), hardware_error otherwise.
func (o *owner) lost(err error) {
	o.closeStream()
	path, rerr := Resolve(o.d.spec, o.d.o.Sysfs)
	if _, serr := os.Stat(path); rerr != nil || serr != nil {
		o.faulted = false
		o.d.setStatus(devices.NoDevice, "unplugged")
	} else {
		o.faulted = true
		o.d.setStatus(devices.HardwareError, err.Error())
	}
	o.failPending(fmt.Errorf("%w: %v", ErrNoCamera, err))
}

// waitSlice bounds one wait for a frame, so Close is never held up long.
const waitSlice = 250 * time.Millisecond

// step waits for one frame and serves it.
func (o *owner) step(ctx context.Context) {
	deadline := time.Now().Add(o.d.o.FrameTimeout)
	for {
		if ctx.Err() != nil {
			return
		}
		left := time.Until(deadline)
		if left <= 0 {
			o.timeouts++
			o.failPending(ErrFrameTimeout)
			if o.timeouts >= 3 {
				o.lost(ErrFrameTimeout)
			}
			return
		}
		err := o.s.Wait(min(left, waitSlice))
		if errors.Is(err, errFrameWait) {
			o.accept()
			o.prune()
			if len(o.pending) == 0 && len(o.subs) == 0 {
				return
			}
			continue
		}
		if err != nil {
			o.lost(err)
			return
		}
		break
	}
	frame, err := o.s.Frame()
	if err != nil {
		o.lost(err)
		return
	}
	o.timeouts = 0
	if o.faulted {
		o.faulted = false
		o.d.setStatus(devices.Online, fmt.Sprintf("%s %s %dx%d", o.s.Name(), FourCC(o.format), o.w, o.h))
	}
	if o.warm > 0 {
		o.warm--
		return
	}
	o.serve(frame)
}

// serve answers the pending snapshots and the previews due with frame.
// A bad frame is dropped; ten in a row fail the snapshots waiting.
func (o *owner) serve(frame []byte) {
	now := time.Now()
	due := false
	for _, s := range o.subs {
		if s.due(now) {
			due = true
		}
	}
	if len(o.pending) == 0 && !due {
		return
	}
	var img image.Image
	var jpg []byte
	var err error
	switch o.format {
	case FormatMJPEG:
		jpg, err = FixMJPEG(frame)
		if err == nil {
			img, err = DecodeMJPEG(jpg)
		}
	default:
		img, err = YUYVToRGBA(frame, o.w, o.h)
	}
	if err != nil {
		o.bad++
		if o.bad >= 10 {
			o.failPending(err)
			o.bad = 0
		}
		return
	}
	o.bad = 0
	if len(o.pending) > 0 {
		if jpg == nil {
			var buf bytes.Buffer
			if err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: o.d.o.Quality}); err != nil {
				o.failPending(fmt.Errorf("camera: encode: %w", err))
			}
			jpg = buf.Bytes()
		} else {
			jpg = append([]byte(nil), jpg...)
		}
		if err == nil {
			for i, r := range o.pending {
				if i > 0 { // each caller may wipe its own copy
					jpg = append([]byte(nil), jpg...)
				}
				r.reply <- snapReply{jpeg: jpg}
			}
			clear(o.pending)
			o.pending = o.pending[:0]
		}
	}
	for _, s := range o.subs {
		if !s.due(now) {
			continue
		}
		s.sent(now)
		select { // the newest frame replaces one not yet taken
		case <-s.ch:
		default:
		}
		s.ch <- img
	}
}
