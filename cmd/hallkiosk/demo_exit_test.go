package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mainArgsEnv makes the test binary run the command line it names (fields
// split on "|") on its main thread instead of the tests, so a test can run
// the real GUI kiosk in a child process.
const mainArgsEnv = "HALLKIOSK_TEST_MAIN_ARGS"

func TestMain(m *testing.M) {
	if args := os.Getenv(mainArgsEnv); args != "" {
		// Fyne's GL driver needs the main thread, which TestMain is on.
		os.Exit(run(context.Background(), strings.Split(args, "|"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestDemoStartsAndQuits runs the demo with its real GL window on a virtual
// screen until the first frame of the home screen, then quits: the process
// must print first_frame_ms and exit 0 with every goroutine of the kiosk
// stopped (a goroutine on the wrong context once kept it hanging).
func TestDemoStartsAndQuits(t *testing.T) {
	xvfb, err := exec.LookPath("xvfb-run")
	if err != nil {
		t.Fatalf("xvfb-run missing (Debian package xvfb, installed by packaging/dev-deps.sh): %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	data := t.TempDir()
	cmd := exec.CommandContext(ctx, xvfb, "-a", "-s", "-screen 0 1920x1080x24", os.Args[0])
	cmd.Env = append(os.Environ(),
		mainArgsEnv+"=--data|"+data+"|demo|--windowed|--exit-after-first-frame",
		"HOME="+t.TempDir(), "LANG=C.UTF-8")
	// On a hang the whole group goes: xvfb-run, Xvfb and the kiosk.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("the demo did not exit after its first frame (hung on quit); stdout:\n%s", out)
	}
	if err != nil {
		t.Fatalf("demo: %v; stdout:\n%s", err, out)
	}
	if !strings.Contains(string(out), "first_frame_ms=") {
		t.Fatalf("no first_frame_ms in:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(data, "outbox.db")); err != nil {
		t.Errorf("the demo did not open its outbox in the data dir: %v", err)
	}
}
