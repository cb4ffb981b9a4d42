package receipt

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"time"

	"hallkiosk/devices/serialport"
)

// Transport says how a port name is opened.
type Transport int

const (
	// TransportAuto opens names ending in lpN (/dev/usb/lp0), also behind
	// a udev symlink, as a USB printer device and everything else as a
	// serial line; a device that turns out not to be a tty is opened as a
	// file.
	TransportAuto Transport = iota
	// TransportSerial opens a serial line (8N1 at Opts.Baud).
	TransportSerial
	// TransportFile opens a character device with plain file I/O, as the
	// Linux usblp driver offers (/dev/usb/lp0).
	TransportFile
)

var lpName = regexp.MustCompile(`(^|/)lp[0-9]+$`)

// readPoll is how long the reader pauses after a printer device file
// without poll support reported an end of file (nothing to say), and how
// long close waits for the reader.
const readPoll = 100 * time.Millisecond

// idleReadWait bounds one Read that waits in Go's netpoller: a serial
// printer, or a printer device file with poll support (usblp has it).
// Close and an unplug end such a wait at once, so the bound can be long:
// an idle printer then wakes the kiosk once in ten seconds, not ten times
// a second.
const idleReadWait = 10 * time.Second

// port is an open byte stream to the printer. Read returns (0, nil) when
// nothing arrived within idleReadWait.
type port interface {
	io.ReadWriteCloser
}

// dial opens name with the transport of o.
func dial(name string, o Opts) (port, error) {
	t := o.Transport
	if t == TransportAuto {
		t = TransportSerial
		target := name
		if r, err := filepath.EvalSymlinks(name); err == nil {
			target = r
		}
		if lpName.MatchString(filepath.Clean(name)) || lpName.MatchString(target) {
			t = TransportFile
		}
	}
	if t == TransportFile {
		return openFilePort(name)
	}
	p, err := serialport.Open(name, o.Baud, idleReadWait)
	if err != nil {
		if o.Transport == TransportAuto && errors.Is(err, syscall.ENOTTY) {
			return openFilePort(name)
		}
		return nil, err
	}
	return p, nil
}

// filePort is a printer character device used with plain reads and writes.
// Reads use a deadline when the device supports poll (usblp and ttys do).
type filePort struct {
	f    *os.File
	name string
	once sync.Once
}

func openFilePort(name string) (*filePort, error) {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return nil, fmt.Errorf("receipt: open %s: %w", name, err)
	}
	return &filePort{f: f, name: name}, nil
}

func (p *filePort) Read(b []byte) (int, error) {
	deadline := p.f.SetReadDeadline(time.Now().Add(idleReadWait)) == nil
	n, err := p.f.Read(b)
	if err == nil {
		return n, nil
	}
	if deadline && errors.Is(err, os.ErrDeadlineExceeded) {
		return n, nil
	}
	if _, statErr := os.Stat(p.name); statErr != nil {
		return n, fmt.Errorf("receipt: read %s: %w", p.name, serialport.ErrGone)
	}
	if errors.Is(err, io.EOF) {
		// A printer with nothing to say; wait a little so the caller does
		// not spin.
		time.Sleep(readPoll)
		return n, nil
	}
	return n, fmt.Errorf("receipt: read %s: %w", p.name, err)
}

func (p *filePort) Write(b []byte) (int, error) {
	n, err := p.f.Write(b)
	if err != nil {
		return n, fmt.Errorf("receipt: write %s: %w", p.name, err)
	}
	return n, nil
}

func (p *filePort) Close() error {
	var err error
	p.once.Do(func() { err = p.f.Close() })
	return err
}

// conn is an open port with its reader goroutine. Only the printer's owner
// goroutine uses it.
type conn struct {
	p       port
	rx      chan []byte
	errc    chan error
	done    chan struct{}
	stopped chan struct{}
	// pending holds bytes received and not yet used (see reply.go).
	pending []byte
	// dirty: the line may still carry bytes from before (the port was just
	// opened, or the last status read failed part-way and a late reply
	// may follow); the next status read waits for it to go quiet first.
	dirty bool
}

func newConn(p port) *conn {
	c := &conn{
		p:       p,
		rx:      make(chan []byte, 16),
		errc:    make(chan error, 1),
		done:    make(chan struct{}),
		stopped: make(chan struct{}),
		dirty:   true,
	}
	go c.read()
	return c
}

// read forwards what the printer sends until the port fails or close.
func (c *conn) read() {
	defer close(c.stopped)
	buf := make([]byte, 64)
	for {
		n, err := c.p.Read(buf)
		if n > 0 {
			select {
			case c.rx <- append([]byte(nil), buf[:n]...):
			case <-c.done:
				return
			}
		}
		if err != nil {
			select {
			case c.errc <- err:
			default:
			}
			return
		}
		select {
		case <-c.done:
			return
		default:
		}
	}
}

// close stops the reader and closes the port. It waits a bounded time for
// the reader: a device without poll support may keep one read blocked.
func (c *conn) close() {
	select {
	case <-c.done:
		return
	default:
	}
	close(c.done)
	c.p.Close()
	select {
	case <-c.stopped:
	case <-time.After(2 * readPoll):
	}
}
