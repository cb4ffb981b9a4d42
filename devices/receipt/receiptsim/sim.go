package receiptsim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"

	"hallkiosk/devices/receipt"
	"hallkiosk/devices/serialport"
)

// Options configures a simulated printer.
type Options struct {
	// Width is the paper width; default receipt.W80.
	Width receipt.Width
	// Dir receives one PNG per receipt; "" keeps receipts in memory only.
	Dir string
	// Font is the CJK font file; default DefaultFont.
	Font string
	// Condition is the state at power-on; default OK.
	Condition Condition
	// Logger gets unplug/replug and file errors. Default: discard.
	Logger *slog.Logger
}

// Sim is a simulated receipt printer serving a pseudo-terminal.
type Sim struct {
	link  string
	opts  Options
	fonts *fonts

	mu      sync.Mutex
	m       *machine
	pty     *serialport.PTY
	served  chan struct{} // closed when the current serve goroutine ends
	seq     int
	latest  Printed
	have    bool
	printed chan Printed
	closed  bool
	wake    chan struct{} // the condition changed: the babbler looks again

	stop context.CancelFunc
}

// Start creates the pseudo-terminal, points link at it (the driver opens
// link like /dev/ttyUSB0) and serves it until ctx ends or Close.
func Start(ctx context.Context, link string, o Options) (*Sim, error) {
	if o.Width == 0 {
		o.Width = receipt.W80
	}
	if !o.Width.Valid() {
		return nil, fmt.Errorf("receiptsim: paper width %d mm: want 58 or 80", int(o.Width))
	}
	if o.Condition.Paper == "" {
		o.Condition.Paper = OK.Paper
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Dir != "" {
		if err := os.MkdirAll(o.Dir, 0o700); err != nil {
			return nil, fmt.Errorf("receiptsim: output dir: %w", err)
		}
	}
	f, err := loadFonts(o.Font)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &Sim{
		link:    link,
		opts:    o,
		fonts:   f,
		m:       newMachine(o.Width, f, o.Condition),
		printed: make(chan Printed, 16),
		wake:    make(chan struct{}, 1),
		stop:    cancel,
	}
	if err := s.plug(); err != nil {
		cancel()
		return nil, err
	}
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	return s, nil
}

// Port is the path the driver opens.
func (s *Sim) Port() string { return s.link }

// Width is the simulated paper width.
func (s *Sim) Width() receipt.Width { return s.opts.Width }

// SetCondition changes what the printer reports and whether it prints
// (load paper: SetCondition(OK)).
func (s *Sim) SetCondition(c Condition) {
	if c.Paper == "" {
		c.Paper = OK.Paper
	}
	s.mu.Lock()
	s.m.cond = c
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Condition returns the current condition.
func (s *Sim) Condition() Condition {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m.cond
}

// RunOutAfter makes the roll end after dots more dots of paper (203 per
// inch): the receipt being printed is torn off there and the printer
// reports paper out. 0 gives an endless roll again.
func (s *Sim) RunOutAfter(dots int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if dots <= 0 {
		s.m.runOut = 0
		return
	}
	s.m.runOut = s.m.paper.printed + dots
}

// Stats returns what the printer received so far.
func (s *Sim) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m.stats
}

// Latest returns the last receipt, if any.
func (s *Sim) Latest() (Printed, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.latest, s.have
}

// Printed delivers each receipt as it is cut. When nobody reads, the oldest
// are dropped; Latest always has the last one.
func (s *Sim) Printed() <-chan Printed { return s.printed }

// Unplug makes the port vanish like a USB cable pulled: the link goes
// away and the driver's reads and writes fail. Harmless when unplugged.
func (s *Sim) Unplug() error {
	s.mu.Lock()
	p, served := s.pty, s.served
	s.pty = nil
	s.mu.Unlock()
	if p == nil {
		return nil
	}
	err := p.Unplug()
	<-served
	return err
}

// Replug brings the port back under the same name, as a printer that was
// switched off and on: modes reset, paper condition kept.
func (s *Sim) Replug() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("receiptsim: replug: simulator closed")
	}
	if s.pty != nil {
		return nil
	}
	cond, runOut, stats := s.m.cond, s.m.runOut, s.m.stats
	s.m = newMachine(s.opts.Width, s.fonts, cond)
	s.m.runOut, s.m.stats = runOut, stats
	return s.plugLocked()
}

// Close unplugs the printer for good. A second Close is harmless.
func (s *Sim) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.stop()
	return s.Unplug()
}

func (s *Sim) plug() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.plugLocked()
}

func (s *Sim) plugLocked() error {
	p, err := serialport.NewPTY(s.link)
	if err != nil {
		return fmt.Errorf("receiptsim: %w", err)
	}
	s.pty = p
	s.served = make(chan struct{})
	go s.serve(p, s.served)
	go s.babble(p, s.served)
	return nil
}

// babble writes an endless stream of bytes to the line while the condition
// says Babble, until the pty closes. Every other byte passes the DLE EOT
// fixed-bit check (with random flags), the rest are random.
func (s *Sim) babble(p *serialport.PTY, served <-chan struct{}) {
	rng := rand.New(rand.NewPCG(3, 4))
	buf := make([]byte, 256)
	for {
		s.mu.Lock()
		on := s.m.cond.Babble
		s.mu.Unlock()
		if !on {
			select {
			case <-served:
				return
			case <-s.wake:
			}
			continue
		}
		for i := range buf {
			b := byte(rng.Uint32())
			if i%2 == 0 {
				b = 0x12 | b&0x6C
			}
			buf[i] = b
		}
		if _, err := p.Master.Write(buf); err != nil {
			return
		}
	}
}

// serve reads what the driver sends until the pty closes.
func (s *Sim) serve(p *serialport.PTY, done chan struct{}) {
	defer close(done)
	buf := make([]byte, 4096)
	for {
		n, err := p.Master.Read(buf)
		if n > 0 {
			s.mu.Lock()
			replies, out := s.m.feed(buf[:n])
			s.mu.Unlock()
			if len(replies) > 0 {
				if _, err := p.Master.Write(replies); err != nil {
					return
				}
			}
			for _, pr := range out {
				s.publish(pr)
			}
		}
		if err != nil {
			return
		}
	}
}

// publish numbers a receipt, writes its PNG and hands it out.
func (s *Sim) publish(pr Printed) {
	s.mu.Lock()
	s.seq++
	pr.Seq = s.seq
	s.mu.Unlock()
	if s.opts.Dir != "" {
		path, err := s.write(pr)
		if err != nil {
			s.opts.Logger.Warn("receiptsim: write receipt", "err", err)
		}
		pr.Path = path
	}
	s.mu.Lock()
	s.latest, s.have = pr, true
	s.mu.Unlock()
	for {
		select {
		case s.printed <- pr:
			return
		default:
		}
		select {
		case <-s.printed:
		default:
		}
	}
}

// write stores the receipt as a PNG, atomically so a preview never reads
// half a file, under a name no earlier receipt in the directory has.
func (s *Sim) write(pr Printed) (string, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, pr.Image); err != nil {
		return "", err
	}
	suffix := ""
	if !pr.Cut {
		suffix = "-torn"
	}
	stamp := pr.Time.Format("20060102-150405.000")
	for i := 0; ; i++ {
		name := fmt.Sprintf("receipt-%s-%04d%s.png", stamp, pr.Seq, suffix)
		if i > 0 {
			name = fmt.Sprintf("receipt-%s-%04d-%d%s.png", stamp, pr.Seq, i, suffix)
		}
		path := filepath.Join(s.opts.Dir, name)
		if _, err := os.Lstat(path); err == nil {
			continue
		}
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, b.Bytes(), 0o600); err != nil {
			return "", err
		}
		if err := os.Rename(tmp, path); err != nil {
			return "", err
		}
		return path, nil
	}
}

// Wait blocks until a receipt is printed or ctx ends.
func (s *Sim) Wait(ctx context.Context) (Printed, error) {
	select {
	case pr := <-s.printed:
		return pr, nil
	case <-ctx.Done():
		return Printed{}, fmt.Errorf("receiptsim: wait for a receipt: %w", ctx.Err())
	}
}
