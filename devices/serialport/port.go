package serialport

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/tarm/serial"
)

// ErrGone reports that the device node disappeared (USB unplug).
var ErrGone = errors.New("serialport: device gone")

// Port is an open serial line. Read returns (0, nil) when no byte arrived
// within the read timeout.
type Port interface {
	io.ReadWriteCloser
	// Name is the path the port was opened with.
	Name() string
}

// DefaultReadTimeout is the poll granularity used when none is given: the
// smallest timeout tarm/serial supports on Linux (one tenth of a second).
const DefaultReadTimeout = 100 * time.Millisecond

// Open opens the serial device at name with 8N1 framing at baud, holding
// its UUCP lock in LockDir until Close (a port another live process holds
// is refused with a *LockedError). readTimeout bounds each Read; it is
// rounded up to tenths of a second.
func Open(name string, baud int, readTimeout time.Duration) (Port, error) {
	if readTimeout <= 0 {
		readTimeout = DefaultReadTimeout
	}
	if readTimeout < DefaultReadTimeout {
		readTimeout = DefaultReadTimeout
	}
	if _, err := os.Stat(name); err != nil {
		return nil, fmt.Errorf("serialport: %w", err) // no lock for a port that is not there
	}
	unlock, err := Lock(LockDir, name)
	if err != nil {
		return nil, err
	}
	p, err := serial.OpenPort(&serial.Config{Name: name, Baud: baud, ReadTimeout: readTimeout})
	if err != nil {
		unlock()
		// tarm's error already names the path.
		return nil, fmt.Errorf("serialport: %w", err)
	}
	return &tarmPort{p: p, name: name, unlock: unlock}, nil
}

type tarmPort struct {
	p         *serial.Port
	name      string
	unlock    func()
	closeOnce sync.Once
	closeErr  error
}

func (t *tarmPort) Name() string { return t.name }

// Read reads what arrived. tarm/serial reports a read timeout as io.EOF on
// Linux; that becomes (0, nil) unless the device node has gone.
func (t *tarmPort) Read(b []byte) (int, error) {
	n, err := t.p.Read(b)
	if err == nil {
		return n, nil
	}
	if _, statErr := os.Stat(t.name); statErr != nil {
		return n, fmt.Errorf("serialport: read %s: %w", t.name, ErrGone)
	}
	if errors.Is(err, io.EOF) {
		return n, nil
	}
	return n, fmt.Errorf("serialport: read %s: %w", t.name, err)
}

func (t *tarmPort) Write(b []byte) (int, error) {
	n, err := t.p.Write(b)
	if err != nil {
		if _, statErr := os.Stat(t.name); statErr != nil {
			return n, fmt.Errorf("serialport: write %s: %w", t.name, ErrGone)
		}
		return n, fmt.Errorf("serialport: write %s: %w", t.name, err)
	}
	return n, nil
}

// Close closes the port. A second Close is harmless.
func (t *tarmPort) Close() error {
	t.closeOnce.Do(func() {
		if err := t.p.Close(); err != nil {
			t.closeErr = fmt.Errorf("serialport: close %s: %w", t.name, err)
		}
		t.unlock()
	})
	return t.closeErr
}
