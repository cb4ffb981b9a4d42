package serialport

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// LockDir is where UUCP lock files live on Debian (FHS: /var/lock, a link
// to /run/lock).
const LockDir = "/run/lock"

// ErrLocked is wrapped when another live process holds a port's lock.
var ErrLocked = errors.New("serialport: port in use")

// LockedError names the process that holds a port.
type LockedError struct {
	Port string
	PID  int
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("serialport: %s is in use by process %d (its UUCP lock)", e.Port, e.PID)
}

// Unwrap makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Unwrap() error { return ErrLocked }

// lockName is the UUCP lock file of a device path: LCK.. and the device's
// name under /dev with "/" as "_" (ttyUSB0, pts_3), after symlinks are
// resolved, so /dev/hallkiosk-idcard and /dev/ttyUSB0 share one lock.
func lockName(dir, device string) string {
	if real, err := filepath.EvalSymlinks(device); err == nil {
		device = real
	}
	name := filepath.Base(device)
	if rest, ok := strings.CutPrefix(device, "/dev/"); ok {
		name = strings.ReplaceAll(rest, "/", "_")
	}
	return filepath.Join(dir, "LCK.."+name)
}

// LockedBy reports the live process holding device's lock in dir, or 0.
func LockedBy(dir, device string) int {
	pid, _ := readLock(lockName(dir, device))
	if pid > 0 && alive(pid) {
		return pid
	}
	return 0
}

// Lock takes device's UUCP lock in dir (HDB format: the PID in ten
// characters and a newline), as the kiosk and `hallkiosk doctor` both do,
// so neither opens a port the other is using. A lock left by a process
// that is gone is taken over. Where dir does not exist or cannot be
// written (not a Debian system, a user outside its group), the port goes
// unlocked: the returned unlock does nothing.
func Lock(dir, device string) (unlock func(), err error) {
	path := lockName(dir, device)
	for try := 0; try < 2; try++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, werr := fmt.Fprintf(f, "%10d\n", os.Getpid())
			cerr := f.Close()
			if werr != nil || cerr != nil {
				os.Remove(path)
				return nil, fmt.Errorf("serialport: lock %s: %w", path, errors.Join(werr, cerr))
			}
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return func() {}, nil // no lock directory here
		}
		pid, rerr := readLock(path)
		if rerr == nil && pid == os.Getpid() {
			return nil, &LockedError{Port: device, PID: pid} // this process, another open
		}
		if rerr == nil && pid > 0 && alive(pid) {
			return nil, &LockedError{Port: device, PID: pid}
		}
		os.Remove(path) // stale
	}
	return nil, fmt.Errorf("serialport: lock %s: could not take it over", path)
}

func readLock(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	if len(b) > 64 {
		b = b[:64]
	}
	return strconv.Atoi(strings.TrimSpace(string(b)))
}

// alive reports whether a process with pid exists (EPERM: it does, as
// another user's).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
