// Package statedir makes and checks the kiosk's private directories: the
// state directory (outbox, caches, logs of a shared public terminal), the
// directory of the outbox key, temporary directories of a session. Each
// must be the kiosk user's own and closed to everyone else (0700), whether
// the kiosk created it or an installer did before, perhaps with a careless
// mode such as 1777.
package statedir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// Mode is the mode of a private directory.
const Mode fs.FileMode = 0o700

// ErrNotPrivate is wrapped when a directory cannot be made private: it
// belongs to another user, or it is not a directory.
var ErrNotPrivate = errors.New("statedir: directory cannot be made private")

// Ensure creates dir (and its parents) with mode 0700, or checks an
// existing one: it must be a directory owned by this process's user; a
// wider mode (group or others may read, write or enter; sticky or setgid
// bits) is narrowed to 0700. It returns whether the mode was narrowed, so
// the caller can log it.
func Ensure(dir string) (narrowed bool, err error) {
	if err := os.MkdirAll(dir, Mode); err != nil {
		return false, fmt.Errorf("statedir: create %s: %w", dir, err)
	}
	st, err := os.Stat(dir)
	if err != nil {
		return false, fmt.Errorf("statedir: %s: %w", dir, err)
	}
	if !st.IsDir() {
		return false, fmt.Errorf("%w: %s is not a directory", ErrNotPrivate, dir)
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok && int(sys.Uid) != os.Geteuid() {
		return false, fmt.Errorf("%w: %s belongs to user %d, not to the kiosk's user %d: give it to the kiosk's user (chown) or choose another directory",
			ErrNotPrivate, dir, sys.Uid, os.Geteuid())
	}
	if st.Mode().Perm() == Mode && st.Mode()&(fs.ModeSticky|fs.ModeSetgid|fs.ModeSetuid) == 0 {
		return false, nil
	}
	if err := os.Chmod(dir, Mode); err != nil {
		return false, fmt.Errorf("%w: %s has mode %s and cannot be narrowed to 0700: %w", ErrNotPrivate, dir, st.Mode(), err)
	}
	return true, nil
}
