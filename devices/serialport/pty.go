package serialport

import (
	"fmt"
	"os"
	"sync"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// PTY is a pseudo-terminal pair for a device simulator. The simulator reads
// and writes Master; the driver opens Path (a stable symlink to the slave
// node) with Open, exactly as it would open /dev/ttyUSB0.
type PTY struct {
	// Master is the simulator's end of the line.
	Master *os.File
	// Path is the stable name the driver opens.
	Path string

	slave     *os.File
	closeOnce sync.Once
}

// NewPTY opens a raw pseudo-terminal pair and points the symlink at path to
// its slave node, replacing any previous link there.
func NewPTY(path string) (*PTY, error) {
	blocking, slave, err := pty.Open()
	if err != nil {
		return nil, fmt.Errorf("serialport: open pty: %w", err)
	}
	master, err := pollable(blocking)
	blocking.Close()
	if err != nil {
		slave.Close()
		return nil, fmt.Errorf("serialport: open pty: %w", err)
	}
	for _, f := range []*os.File{master, slave} {
		// SyscallConn, not Fd: Fd would put the file in blocking mode, and
		// then Unplug could not interrupt a simulator blocked in a Read.
		if err := rawMode(f); err != nil {
			master.Close()
			slave.Close()
			return nil, fmt.Errorf("serialport: raw mode %s: %w", f.Name(), err)
		}
	}
	tmp := path + ".tmp"
	_ = os.Remove(tmp)
	if err := os.Symlink(slave.Name(), tmp); err != nil {
		master.Close()
		slave.Close()
		return nil, fmt.Errorf("serialport: link %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		master.Close()
		slave.Close()
		return nil, fmt.Errorf("serialport: link %s: %w", path, err)
	}
	// The simulator keeps one slave descriptor open so the master does not
	// see EIO between two driver sessions.
	return &PTY{Master: master, Path: path, slave: slave}, nil
}

// SlaveName is the /dev/pts node behind Path.
func (p *PTY) SlaveName() string { return p.slave.Name() }

// Unplug removes the device: the symlink goes away and both ends close, so
// the driver's reads and writes fail like on a USB unplug. Unplug is safe to
// call more than once.
func (p *PTY) Unplug() error {
	var err error
	p.closeOnce.Do(func() {
		if target, lerr := os.Readlink(p.Path); lerr == nil && target == p.slave.Name() {
			if rerr := os.Remove(p.Path); rerr != nil && !os.IsNotExist(rerr) {
				err = fmt.Errorf("serialport: unlink %s: %w", p.Path, rerr)
			}
		}
		p.slave.Close()
		p.Master.Close()
	})
	return err
}

// pollable returns a non-blocking descriptor of f that waits in Go's
// netpoller. creack/pty hands the master over in blocking mode (its ioctls
// call Fd), and a simulator's Read on it would hold a thread in read(2):
// Close could not interrupt it, and Go's sysmon thread, seeing a thread
// in a system call, would wake a hundred times a second on an idle kiosk.
func pollable(f *os.File) (*os.File, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	dup, dupErr := -1, error(nil)
	if err := rc.Control(func(fd uintptr) { dup, dupErr = unix.FcntlInt(fd, unix.F_DUPFD_CLOEXEC, 0) }); err != nil {
		return nil, err
	}
	if dupErr != nil {
		return nil, fmt.Errorf("dup %s: %w", f.Name(), dupErr)
	}
	if err := unix.SetNonblock(dup, true); err != nil {
		unix.Close(dup)
		return nil, fmt.Errorf("%s non-blocking: %w", f.Name(), err)
	}
	return os.NewFile(uintptr(dup), f.Name()), nil
}

// Close is Unplug.
func (p *PTY) Close() error { return p.Unplug() }

func rawMode(f *os.File) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var rawErr error
	if err := rc.Control(func(fd uintptr) { rawErr = makeRaw(int(fd)) }); err != nil {
		return err
	}
	return rawErr
}

func makeRaw(fd int) error {
	t, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return err
	}
	t.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	t.Oflag &^= unix.OPOST
	t.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	t.Cflag &^= unix.CSIZE | unix.PARENB
	t.Cflag |= unix.CS8
	t.Cc[unix.VMIN] = 1
	t.Cc[unix.VTIME] = 0
	return unix.IoctlSetTermios(fd, unix.TCSETS, t)
}
