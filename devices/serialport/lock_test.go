package serialport

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestLockIsExclusiveAndStaleLocksAreTakenOver(t *testing.T) {
	dir := t.TempDir()
	dev := filepath.Join(t.TempDir(), "ttyUSB0")
	os.WriteFile(dev, nil, 0o600)
	link := filepath.Join(filepath.Dir(dev), "hallkiosk-idcard")
	os.Symlink(dev, link)

	// Another live process holds it (through the symlink's target).
	other := exec.Command("sleep", "30")
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { other.Process.Kill(); other.Wait() }()
	lockFile := lockName(dir, dev)
	os.WriteFile(lockFile, []byte("     "+strconv.Itoa(other.Process.Pid)+"\n"), 0o644)
	_, err := Lock(dir, link)
	var le *LockedError
	if !errors.As(err, &le) || le.PID != other.Process.Pid || !errors.Is(err, ErrLocked) {
		t.Fatalf("lock held by a live process: %v", err)
	}
	if LockedBy(dir, link) != other.Process.Pid {
		t.Fatal("LockedBy does not see the holder")
	}

	// It dies: the stale lock is taken over, in HDB format.
	other.Process.Kill()
	other.Wait()
	unlock, err := Lock(dir, dev)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(lockFile)
	if len(b) != 11 || strings.TrimSpace(string(b)) != strconv.Itoa(os.Getpid()) {
		t.Fatalf("lock file %q", b)
	}
	if _, err := Lock(dir, link); !errors.Is(err, ErrLocked) {
		t.Fatalf("second lock: %v", err)
	}
	unlock()
	if _, err := os.Stat(lockFile); !os.IsNotExist(err) {
		t.Fatal("unlock left the file")
	}
	if lockName("/run/lock", "/dev/pts/3") != "/run/lock/LCK..pts_3" {
		t.Fatal(lockName("/run/lock", "/dev/pts/3"))
	}
}

func TestOpenHoldsTheLockUntilClose(t *testing.T) {
	if _, err := os.Stat(LockDir); err != nil {
		t.Skip("no " + LockDir)
	}
	pty, err := NewPTY(filepath.Join(t.TempDir(), "ttySIM"))
	if err != nil {
		t.Fatal(err)
	}
	defer pty.Close()
	p, err := Open(pty.Path, 115200, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(pty.SlaveName(), 115200, 0); !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v", err)
	}
	p.Close()
	p2, err := Open(pty.Path, 115200, 0)
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	p2.Close()
}
