//go:build linux && !wayland && !wasm && !test_web_driver

package glfw

// hallkiosk patch: wakes the event loop when the X server has something
// for us, so the loop can rest instead of polling at 60 Hz while idle.

/*
#include <X11/Xlib.h>

static int hallkioskDisplayFD(void *d) { return ConnectionNumber((Display *)d); }
*/
import "C"

import (
	"os"
	"syscall"
	"time"
	"unsafe"

	"github.com/go-gl/glfw/v3.3/glfw"
	"golang.org/x/sys/unix"
)

// xEventWaker watches the X connection's socket from its own goroutine and
// signals when it holds data; the main loop then polls GLFW and acks.
// The goroutine waits in Go's netpoller on a duplicate of the socket (libxcb
// keeps it non-blocking), peeking without reading, so no thread sits in a
// blocking system call (which would keep Go's sysmon thread busy).
type xEventWaker struct {
	ready chan struct{} // the socket has data
	ack   chan struct{} // the main loop has read what was there
	dead  chan struct{} // closed when the socket failed: never rest again
}

// newEventWaker starts watching the X display's socket. It returns nil when
// there is no X display to watch (the loop then never rests).
func newEventWaker(done <-chan struct{}) *xEventWaker {
	dpy := glfw.GetX11Display()
	if dpy == nil {
		return nil
	}
	fd := int(C.hallkioskDisplayFD(unsafe.Pointer(dpy)))
	if fd < 0 {
		return nil
	}
	if fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0); err != nil || fl&unix.O_NONBLOCK == 0 {
		return nil
	}
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	f := os.NewFile(uintptr(dup), "x11-display")
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil
	}
	w := &xEventWaker{ready: make(chan struct{}), ack: make(chan struct{}), dead: make(chan struct{})}
	go w.watch(f, rc, done)
	return w
}

func (w *xEventWaker) watch(f *os.File, rc syscall.RawConn, done <-chan struct{}) {
	defer close(w.dead)
	defer f.Close()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-done:
			f.SetReadDeadline(time.Now()) // ends the wait below
		case <-stop:
		}
	}()
	var peek [1]byte
	for {
		var failed bool
		err := rc.Read(func(fd uintptr) bool {
			n, _, err := unix.Recvfrom(int(fd), peek[:], unix.MSG_PEEK|unix.MSG_DONTWAIT)
			if err == unix.EAGAIN || err == unix.EINTR {
				return false // nothing yet: wait for the socket
			}
			failed = err != nil || n == 0 // error or the server hung up
			return true
		})
		if err != nil || failed {
			return
		}
		select {
		case w.ready <- struct{}{}:
		case <-done:
			return
		}
		select {
		case <-w.ack:
		case <-done:
			return
		}
	}
}
