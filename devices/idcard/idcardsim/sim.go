package idcardsim

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"hallkiosk/devices/idcard"
	"hallkiosk/devices/serialport"
)

// Options configures a Sim.
type Options struct {
	// Baud paces the line: every byte of a request and of a reply takes ten
	// bit times, as on a real 8N1 line. 0 means as fast as the PTY goes.
	Baud int
	// Card, if not nil, is on the reader from the start.
	Card *idcard.Card
	// Faults make the line misbehave from the start (see SetFaults).
	Faults Faults
	// OnRequest, if not nil, is called from the simulator's goroutine with
	// every request it receives, before it answers. Tests use it to know
	// that the driver reached a step.
	OnRequest func(idcard.Command)
}

// Faults are line and module failures to simulate.
type Faults struct {
	// Noise is how many garbage bytes precede every reply. The garbage
	// holds broken preambles but never a whole one.
	Noise int
	// Split cuts every reply into pieces of this many bytes, each written
	// on its own after a short pause.
	Split int
	// BadChecksum corrupts the checksum of that many next replies.
	BadChecksum int
	// Mute swallows that many next requests without a reply.
	Mute int
	// SAMStatus, if not 0, is the SW3 the SAM status check answers
	// (0x60: self-test failed).
	SAMStatus byte
}

// Stats counts the traffic since the last ResetStats.
type Stats struct {
	// BytesIn and BytesOut are the bytes received from and sent to the
	// driver, noise included.
	BytesIn, BytesOut int
	// Requests is the number of complete requests received.
	Requests int
}

// LineTime is how long the counted bytes take on a line at baud.
func (s Stats) LineTime(baud int) time.Duration {
	return idcard.LineTime(s.BytesIn+s.BytesOut, baud)
}

type cardState int

const (
	noCard   cardState = iota
	idle               // placed, not found yet
	found              // answered find card
	selected           // selected; readable; will not answer find again
)

// cardData is a placed card, already encoded.
type cardData struct {
	text     [idcard.TextLen]byte
	photo    []byte
	fp       []byte
	appended [idcard.AppendedAddressLen]byte
}

// Sim is a simulated SAM module on a pseudo-terminal. Its methods are safe
// for concurrent use.
type Sim struct {
	link      string
	baud      int
	onRequest func(idcard.Command)
	stop      func() bool
	done      chan struct{}
	closeOnce sync.Once
	closeErr  error

	mu      sync.Mutex
	card    *cardData
	state   cardState
	faults  Faults
	stats   Stats
	closed  bool
	pty     *serialport.PTY
	master  *os.File
	serving chan struct{}
}

// Start creates the pseudo-terminal, links it at link (the path the driver
// opens) and starts serving. The simulator stops when ctx is done or Close
// is called.
func Start(ctx context.Context, link string, opts Options) (*Sim, error) {
	s := &Sim{link: link, baud: opts.Baud, onRequest: opts.OnRequest, faults: opts.Faults, done: make(chan struct{})}
	if opts.Card != nil {
		if err := s.Place(opts.Card); err != nil {
			return nil, err
		}
	}
	if err := s.Replug(); err != nil {
		return nil, err
	}
	s.stop = context.AfterFunc(ctx, func() { s.Close() })
	return s, nil
}

// Path is the link path the driver opens.
func (s *Sim) Path() string { return s.link }

// Place puts card on the reader, replacing any card there. The card is
// encoded at once; later changes to it have no effect.
func (s *Sim) Place(card *idcard.Card) error {
	text, err := idcard.EncodeText(card)
	if err != nil {
		return fmt.Errorf("idcardsim: place: %w", err)
	}
	app, err := idcard.EncodeAppendedAddress(card.AppendedAddress)
	if err != nil {
		return fmt.Errorf("idcardsim: place: %w", err)
	}
	photo := card.Photo
	if photo == nil {
		photo = SyntheticPhoto(card.IDNumber)
	}
	s.put(&cardData{text: text, photo: clone(photo), fp: clone(card.Fingerprint), appended: app})
	return nil
}

// PlaceRaw puts a card with a raw text block and photo on the reader, e.g.
// Sample2023Text or a block with a wrong check character.
func (s *Sim) PlaceRaw(text [idcard.TextLen]byte, photo []byte) {
	app, _ := idcard.EncodeAppendedAddress("")
	s.put(&cardData{text: text, photo: clone(photo), appended: app})
}

func (s *Sim) put(d *cardData) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.card, s.state = d, idle
}

// Remove takes the card off the reader.
func (s *Sim) Remove() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.card, s.state = nil, noCard
}

// SetFaults replaces the faults in effect.
func (s *Sim) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

// Stats returns the traffic counted since the last ResetStats.
func (s *Sim) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// ResetStats zeroes the traffic counters.
func (s *Sim) ResetStats() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats = Stats{}
}

// Unplug makes the device disappear like a pulled USB cable: the link goes
// away and the line hangs up. A card on the reader stays there.
func (s *Sim) Unplug() error {
	s.mu.Lock()
	p, m, serving := s.pty, s.master, s.serving
	s.pty, s.master, s.serving = nil, nil, nil
	s.mu.Unlock()
	if p == nil {
		return nil
	}
	err := p.Unplug()
	m.Close() // the last master descriptor: the driver's side hangs up
	<-serving
	return err
}

// Replug brings the device back under the same link path, on a fresh
// pseudo-terminal. A card still on the reader answers find card again, as
// after a power cycle.
func (s *Sim) Replug() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("idcardsim: replug: simulator closed")
	}
	if s.pty != nil {
		return nil
	}
	p, err := serialport.NewPTY(s.link)
	if err != nil {
		return fmt.Errorf("idcardsim: replug: %w", err)
	}
	m := p.Master // non-blocking: Close interrupts a pending Read
	if s.card != nil {
		s.state = idle
	}
	s.pty, s.master, s.serving = p, m, make(chan struct{})
	go s.serve(m, s.serving)
	return nil
}

// Close unplugs the device for good and waits for the simulator's
// goroutine. A second Close is harmless.
func (s *Sim) Close() error {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		if s.stop != nil {
			s.stop()
		}
		s.closeErr = s.Unplug()
		close(s.done)
	})
	<-s.done
	return s.closeErr
}

// Done is closed once the simulator is closed, by Close or its context.
func (s *Sim) Done() <-chan struct{} { return s.done }

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}
