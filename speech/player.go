package speech

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hajimehoshi/oto/v2"

	"hallkiosk/devices"
)

// ErrNoDevice is returned by Player.Play when there is no usable sound
// device. The app runs on; the status model shows audio: no_device.
var ErrNoDevice = errors.New("speech: no sound device")

// ErrPlaybackStuck means a sound did not finish within its length plus
// PlayerOptions.Slack: the device stopped taking audio.
var ErrPlaybackStuck = errors.New("speech: playback did not finish in time")

// ErrSecondPlayer is returned by NewPlayer when the process already has a
// Player: oto/v2 supports one audio context per process.
var ErrSecondPlayer = errors.New("speech: a Player (oto context) already exists in this process")

// otoContextTaken guards oto/v2's own process-wide state: oto keeps a
// single context in a package variable and misbehaves with two.
var otoContextTaken atomic.Bool

// PlayerOptions configures the Player. The zero value is usable.
type PlayerOptions struct {
	// Format is what the sound device is opened with; zero means
	// DefaultFormat (22050 Hz mono, what espeak-ng makes). Other formats
	// are converted when played.
	Format Format
	// ReadyTimeout bounds the wait for the device to open; zero means 5 s.
	// A device that is not ready by then counts as no device.
	ReadyTimeout time.Duration
	// Slack is how much longer than its length a sound may take to play
	// before Play gives up with ErrPlaybackStuck; zero means 2 s.
	Slack time.Duration
	// IdleSuspend is how long the device stays streaming silence after the
	// last sound before the Player suspends it; zero means 2 s, negative
	// never. A suspended oto context writes nothing, so it costs no CPU
	// (on the ALSA null device an idle context spins a whole core); the
	// next Play resumes it.
	IdleSuspend time.Duration
	// ALSADiagnostics keeps libasound's own messages on stderr ("ALSA lib
	// pcm.c: … Unknown PCM default"), for debugging an audio setup. By
	// default they are silenced: Status and the one warning carry the error.
	ALSADiagnostics bool
	// Log gets the one warning about a missing device; nil discards.
	Log *slog.Logger
}

// Player is the real Sink: the process's one oto/v2 context on ALSA (the
// default PCM). Make it once, in main. Without a usable device NewPlayer
// still succeeds: it logs one warning, Status reports devices.NoDevice,
// and Play returns ErrNoDevice at once.
//
// oto/v2 has a trap this type exists to avoid: without a sound device the
// context's ready channel still fires, the error shows only in Err, and a
// player started then never stops playing. So Player checks Err after ready
// and before every sound, and never waits for a sound longer than its
// length plus Slack.
type Player struct {
	ctx    *oto.Context
	ready  chan struct{}
	format Format
	slack  time.Duration
	log    *slog.Logger
	warned atomic.Bool

	mu     sync.Mutex
	failed string // PII-free reason once playback failed for good

	idleMu    sync.Mutex // serializes Suspend and Resume of the oto context
	idleAfter time.Duration
	idleTimer *time.Timer
	active    int
	suspended bool
	closed    bool
}

var (
	_ Sink           = (*Player)(nil)
	_ StatusReporter = (*Player)(nil)
)

// NewPlayer opens the sound device and waits (at most ReadyTimeout, or
// until ctx ends) until it is ready. The only errors are bad options and a
// second Player in the process (ErrSecondPlayer); a missing device is not
// an error (see Status).
func NewPlayer(ctx context.Context, opts PlayerOptions) (*Player, error) {
	if opts.Format == (Format{}) {
		opts.Format = DefaultFormat()
	}
	if !opts.Format.Valid() {
		return nil, fmt.Errorf("speech: player: unsupported format %s", opts.Format)
	}
	if opts.ReadyTimeout <= 0 {
		opts.ReadyTimeout = 5 * time.Second
	}
	if opts.Slack <= 0 {
		opts.Slack = 2 * time.Second
	}
	if opts.IdleSuspend == 0 {
		opts.IdleSuspend = 2 * time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if !otoContextTaken.CompareAndSwap(false, true) {
		return nil, ErrSecondPlayer
	}
	if !opts.ALSADiagnostics {
		quietALSA()
	}
	p := &Player{format: opts.Format, slack: opts.Slack, log: opts.Log, idleAfter: opts.IdleSuspend}
	octx, ready, err := oto.NewContext(opts.Format.SampleRate, opts.Format.Channels, oto.FormatSignedInt16LE)
	if err != nil {
		p.fail(fmt.Sprintf("open: %v", err))
		return p, nil
	}
	p.ctx, p.ready = octx, ready
	t := time.NewTimer(opts.ReadyTimeout)
	defer t.Stop()
	select {
	case <-ready:
	case <-t.C:
	case <-ctx.Done():
	}
	if st := p.Status(); st.State != devices.Online {
		p.warnOnce(st.Detail)
		return p, nil
	}
	if opts.IdleSuspend > 0 {
		p.idleMu.Lock()
		p.suspendLocked()
		p.idleMu.Unlock()
	}
	return p, nil
}

// Close suspends the device; later Plays return ErrNoDevice. (oto/v2
// cannot close its context: the process keeps it until it exits.)
func (p *Player) Close() error {
	p.idleMu.Lock()
	defer p.idleMu.Unlock()
	if p.idleTimer != nil {
		p.idleTimer.Stop()
	}
	p.closed = true
	p.warned.Store(true) // Plays after Close are no news
	p.fail("player closed")
	p.suspendLocked()
	return nil
}

// begin resumes the device for a sound; false after Close.
func (p *Player) begin() bool {
	p.idleMu.Lock()
	defer p.idleMu.Unlock()
	if p.closed {
		return false
	}
	p.active++
	if p.idleTimer != nil {
		p.idleTimer.Stop()
	}
	if p.suspended {
		if err := p.ctx.Resume(); err == nil {
			p.suspended = false
		}
	}
	return true
}

// end arms the idle timer after the last sound.
func (p *Player) end() {
	p.idleMu.Lock()
	defer p.idleMu.Unlock()
	p.active--
	if p.active > 0 || p.idleAfter < 0 || p.closed {
		return
	}
	if p.idleTimer == nil {
		p.idleTimer = time.AfterFunc(p.idleAfter, func() {
			p.idleMu.Lock()
			defer p.idleMu.Unlock()
			if p.active == 0 {
				p.suspendLocked()
			}
		})
		return
	}
	p.idleTimer.Reset(p.idleAfter)
}

// suspendLocked stops the device writing; idleMu is held.
func (p *Player) suspendLocked() {
	if p.suspended || p.ctx == nil {
		return
	}
	select {
	case <-p.ready: // Suspend would wait for ready forever
	default:
		return
	}
	if err := p.ctx.Suspend(); err == nil {
		p.suspended = true
	}
}

// Format is the format the device was opened with.
func (p *Player) Format() Format { return p.format }

// Status is the audio device's state: online, or no_device with the reason
// (e.g. the ALSA error) in Detail.
func (p *Player) Status() devices.Status {
	if err := p.usable(); err != nil {
		return devices.Status{State: devices.NoDevice, Detail: err.Error()}
	}
	return devices.Status{State: devices.Online}
}

// usable returns nil when sounds can be played, else why not.
func (p *Player) usable() error {
	p.mu.Lock()
	failed := p.failed
	p.mu.Unlock()
	switch {
	case failed != "":
		return errors.New(failed)
	case p.ctx == nil:
		return errors.New("no audio context")
	}
	select {
	case <-p.ready:
	default:
		return errors.New("sound device did not open in time")
	}
	if err := p.ctx.Err(); err != nil {
		return err
	}
	return nil
}

// fail records that the device is unusable for good.
func (p *Player) fail(reason string) {
	p.mu.Lock()
	if p.failed == "" {
		p.failed = reason
	}
	p.mu.Unlock()
}

// warnOnce logs the one warning about the missing device.
func (p *Player) warnOnce(detail string) {
	if p.warned.CompareAndSwap(false, true) {
		p.log.Warn("speech: no usable sound device; the kiosk runs on without voice output (audio: no_device)",
			"detail", detail)
	}
}

// Play plays pcm at gain (0…1) and returns when it has been played, when
// ctx ends (the sound stops; ctx.Err() is returned), or when the sound took
// longer than its length plus Slack (ErrPlaybackStuck). Without a device
// it returns an error wrapping ErrNoDevice at once.
func (p *Player) Play(ctx context.Context, pcm PCM, gain float64) error {
	if err := p.usable(); err != nil {
		p.warnOnce(err.Error())
		return fmt.Errorf("%w: %v", ErrNoDevice, err)
	}
	pcm, err := Convert(pcm, p.format)
	if err != nil {
		return err
	}
	if len(pcm.Data) == 0 {
		return nil
	}
	if !p.begin() {
		return fmt.Errorf("%w: player closed", ErrNoDevice)
	}
	defer p.end()
	op := p.ctx.NewPlayer(bytes.NewReader(pcm.Data))
	defer op.Close()
	op.SetVolume(min(max(gain, 0), 1))
	op.Play()

	deadline := time.NewTimer(pcm.Duration() + p.slack)
	defer deadline.Stop()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			op.Pause()
			return ctx.Err()
		case <-deadline.C:
			op.Pause()
			if err := p.ctx.Err(); err != nil {
				p.warnOnce(err.Error())
				return fmt.Errorf("%w: %v", ErrNoDevice, err)
			}
			p.fail("sound device stopped taking audio")
			p.warnOnce("sound device stopped taking audio")
			return fmt.Errorf("%w: %s of audio", ErrPlaybackStuck, pcm.Duration())
		case <-tick.C:
			if err := p.ctx.Err(); err != nil {
				op.Pause()
				p.warnOnce(err.Error())
				return fmt.Errorf("%w: %v", ErrNoDevice, err)
			}
			if err := op.Err(); err != nil {
				return fmt.Errorf("speech: player: %w", err)
			}
			if !op.IsPlaying() {
				return nil
			}
		}
	}
}
