package speechtest

import (
	"context"
	"sync"

	"hallkiosk/devices"
	"hallkiosk/speech"
)

// Played is one call of Sink.Play.
type Played struct {
	// PCM is the audio handed over.
	PCM speech.PCM
	// Gain is the gain it was played at.
	Gain float64
	// Err is what Play returned (nil, or the context's error when cut).
	Err error
}

// Sink is a fake speech.Sink. By default Play returns at once, as if the
// sound had been played. After Hold, each Play "plays" until Release is
// called or its context ends, so a test can interrupt a sound that is
// playing. Safe for concurrent use.
type Sink struct {
	mu      sync.Mutex
	hold    bool
	played  []Played
	status  devices.Status
	playErr error
	release chan struct{}
}

var (
	_ speech.Sink           = (*Sink)(nil)
	_ speech.StatusReporter = (*Sink)(nil)
)

// NewSink returns a Sink that plays instantly and reports online.
func NewSink() *Sink {
	return &Sink{release: make(chan struct{}, 1024), status: devices.Status{State: devices.Online}}
}

// Hold makes every following Play block until Release or its context ends.
func (s *Sink) Hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold = true
}

// Release lets one held Play (the current one, or the next) finish.
func (s *Sink) Release() { s.release <- struct{}{} }

// SetNoDevice makes the sink behave like a Player without a sound device:
// Play fails with speech.ErrNoDevice and Status reports no_device.
func (s *Sink) SetNoDevice() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status = devices.Status{State: devices.NoDevice, Detail: "speechtest: no device"}
	s.playErr = speech.ErrNoDevice
}

// Status reports online, or no_device after SetNoDevice.
func (s *Sink) Status() devices.Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Play records the sound and returns as configured.
func (s *Sink) Play(ctx context.Context, pcm speech.PCM, gain float64) error {
	s.mu.Lock()
	hold, playErr := s.hold, s.playErr
	s.mu.Unlock()
	err := playErr
	if err == nil && hold {
		select {
		case <-s.release:
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	s.mu.Lock()
	s.played = append(s.played, Played{PCM: pcm, Gain: gain, Err: err})
	s.mu.Unlock()
	return err
}

// Played returns every finished call of Play, in order.
func (s *Sink) Played() []Played {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Played(nil), s.played...)
}
