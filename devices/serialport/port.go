package serialport

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
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
	// tarm/serial set the line up (speed, 8N1, raw); the bytes go through a
	// second, non-blocking descriptor of the same device. Its reads wait in
	// Go's netpoller with a deadline as their timeout, where tarm's blocking
	// reads would hold a thread in read(2) for ever, which keeps Go's
	// sysmon thread waking thousands of times a second on an idle kiosk.
	f, err := os.OpenFile(name, os.O_RDWR|syscall.O_NOCTTY|syscall.O_NONBLOCK, 0)
	if err != nil {
		p.Close()
		unlock()
		return nil, fmt.Errorf("serialport: %w", err)
	}
	return &tarmPort{p: p, f: f, name: name, timeout: readTimeout, unlock: unlock}, nil
}

type tarmPort struct {
	p         *serial.Port // holds the line settings
	f         *os.File     // the bytes, non-blocking
	name      string
	timeout   time.Duration
	unlock    func()
	closeOnce sync.Once
	closeErr  error
}

func (t *tarmPort) Name() string { return t.name }

// Read reads what arrived within the read timeout. A timeout (or an end of
// file, as tarm/serial reported its timeouts) becomes (n, nil) unless the
// device node has gone.
func (t *tarmPort) Read(b []byte) (int, error) {
	if err := t.f.SetReadDeadline(time.Now().Add(t.timeout)); err != nil {
		return 0, fmt.Errorf("serialport: read %s: %w", t.name, err)
	}
	n, err := t.f.Read(b)
	if err == nil {
		return n, nil
	}
	if _, statErr := os.Stat(t.name); statErr != nil {
		return n, fmt.Errorf("serialport: read %s: %w", t.name, ErrGone)
	}
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, io.EOF) {
		return n, nil
	}
	return n, fmt.Errorf("serialport: read %s: %w", t.name, err)
}

func (t *tarmPort) Write(b []byte) (int, error) {
	n, err := t.f.Write(b)
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
		err := errors.Join(t.f.Close(), t.p.Close())
		if err != nil {
			t.closeErr = fmt.Errorf("serialport: close %s: %w", t.name, err)
		}
		t.unlock()
	})
	return t.closeErr
}
