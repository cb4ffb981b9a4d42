package idcard

import (
	"context"
	"io"
	"log/slog"
	"time"

	"hallkiosk/devices/serialport"
	"hallkiosk/internal/logging"
)

// Opts configures a Reader and ReadOnce. The zero value of every field
// means its default (see DefaultOpts).
type Opts struct {
	// Baud is the line speed (DefaultBaud).
	Baud int
	// PollInterval is the pause between two find-card polls and between
	// two "is the card still there" checks (250 ms, as in the default
	// configuration). It is never spent while a read is in progress.
	PollInterval time.Duration
	// RestInterval is the pause between two polls while nobody waits for
	// a card (Reader.Attend(false)): a card placed then is still read, a
	// little later, and an idle kiosk wakes less often. Zero means
	// PollInterval: the reader never rests.
	RestInterval time.Duration
	// ReadAttempts is how often a card is read before a bad read (checksum,
	// garbled text, failed check character) is reported (3).
	ReadAttempts int
	// Fingerprint reads with 30 10 (text, photo and fingerprint) instead of
	// 30 01.
	Fingerprint bool
	// NoAppendedAddress skips reading the appended address (30 03) of
	// resident cards.
	NoAppendedAddress bool
	// ModuleTime is how long the module may take before its reply starts
	// (DefaultModuleTime).
	ModuleTime time.Duration
	// MinBackoff and MaxBackoff bound the wait between two attempts to open
	// a missing device (100 ms doubling up to 1 s, so a replugged reader is
	// back well within 2 s).
	MinBackoff, MaxBackoff time.Duration
	// Logger receives status changes and read failures, never card data
	// unmasked (logging.Discard() if nil).
	Logger *slog.Logger
	// OpenPort opens the line (serialport.Open with a 100 ms read timeout).
	OpenPort func(path string, baud int) (io.ReadWriteCloser, error)
	// Sleep waits d or until ctx is done (a timer). Tests may inject it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultOpts returns the options with every default filled in.
func DefaultOpts() Opts { return Opts{}.withDefaults() }

func (o Opts) withDefaults() Opts {
	if o.Baud <= 0 {
		o.Baud = DefaultBaud
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 250 * time.Millisecond
	}
	if o.RestInterval < o.PollInterval {
		o.RestInterval = o.PollInterval
	}
	if o.ReadAttempts <= 0 {
		o.ReadAttempts = 3
	}
	if o.ModuleTime <= 0 {
		o.ModuleTime = DefaultModuleTime
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 100 * time.Millisecond
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Second
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = o.MinBackoff
	}
	if o.Logger == nil {
		o.Logger = logging.Discard()
	}
	if o.OpenPort == nil {
		o.OpenPort = func(path string, baud int) (io.ReadWriteCloser, error) {
			return serialport.Open(path, baud, serialport.DefaultReadTimeout)
		}
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	return o
}

// nextBackoff doubles d up to the options' maximum.
func (o Opts) nextBackoff(d time.Duration) time.Duration {
	if d < o.MinBackoff {
		return o.MinBackoff
	}
	return min(2*d, o.MaxBackoff)
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
