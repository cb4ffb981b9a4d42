package main

import (
	"context"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
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
		fakeKiosk() // the session tests' stand-ins for a kiosk that crashes
		// Fyne's GL driver needs the main thread, which TestMain is on.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, strings.Split(args, "|"), os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestDemoStartsAndQuits runs the demo with its real GL window on a virtual
// screen until the first frame of the home screen, then quits: the process
// must print first_frame_ms and exit 0 with every goroutine of the kiosk
// stopped (a goroutine on the wrong context once kept it hanging).
func TestDemoStartsAndQuits(t *testing.T) {
	display := startXvfb(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	data := t.TempDir()
	cmd := exec.CommandContext(ctx, os.Args[0])
	cmd.Env = append(os.Environ(),
		mainArgsEnv+"=--data|"+data+"|demo|--windowed|--exit-after-first-frame",
		"DISPLAY="+display, "HOME="+t.TempDir(), "LANG=C.UTF-8")
	cmd.WaitDelay = 5 * time.Second
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		t.Fatalf("the demo did not exit after its first frame (hung on quit); stdout:\n%s", out)
	}
	if err != nil {
		t.Fatalf("demo: %v; stdout:\n%s\nstderr:\n%s", err, out, stderr.String())
	}
	if !strings.Contains(string(out), "first_frame_ms=") {
		t.Fatalf("no first_frame_ms in:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(data, "outbox.db")); err != nil {
		t.Errorf("the demo did not open its outbox in the data dir: %v", err)
	}
}

// startXvfb starts a virtual X server on a free display for the test and
// returns its name (":321"). It tries random high display numbers, so
// tests and runs at the same time do not meet on one.
func startXvfb(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Fatalf("Xvfb missing (Debian package xvfb, installed by packaging/dev-deps.sh): %v", err)
	}
	for try := 0; try < 10; try++ {
		num := strconv.Itoa(200 + rand.IntN(700))
		if _, err := os.Stat("/tmp/.X" + num + "-lock"); err == nil {
			continue
		}
		x := exec.Command(bin, ":"+num, "-noreset", "-screen", "0", "1920x1080x24", "-nolisten", "tcp")
		var xlog strings.Builder
		x.Stderr = &xlog
		if err := x.Start(); err != nil {
			t.Fatalf("start Xvfb: %v", err)
		}
		exited := make(chan struct{})
		go func() { _ = x.Wait(); close(exited) }()
		if xvfbReady(num, exited) {
			// SIGTERM lets Xvfb remove its lock and socket.
			t.Cleanup(func() { _ = x.Process.Signal(syscall.SIGTERM); <-exited })
			return ":" + num
		}
		t.Logf("Xvfb :%s did not come up: %s", num, xlog.String())
		_ = x.Process.Kill()
		<-exited
	}
	t.Fatal("no free display for Xvfb")
	return ""
}

// xvfbReady waits until the server on display num takes connections, and
// reports false if it exits first (the display was taken) or stays silent.
func xvfbReady(num string, exited <-chan struct{}) bool {
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); {
		select {
		case <-exited:
			return false
		default:
		}
		if c, err := net.Dial("unix", "/tmp/.X11-unix/X"+num); err == nil {
			c.Close()
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// TestPartialFramesShowWhatWholeFramesShow drives 社保缴费 once in the real
// GL window on a virtual screen. The window redraws only what changed
// (third_party/fyne, PATCHES.md); after every tap, and after the ID-card
// arrow has hopped, the X server's screen must hold exactly the pixels a
// frame drawn whole puts there.
func TestPartialFramesShowWhatWholeFramesShow(t *testing.T) {
	if _, err := exec.LookPath("import"); err != nil {
		t.Fatalf("ImageMagick's import missing (packaging/dev-deps.sh installs imagemagick): %v", err)
	}
	display := startXvfb(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	data, pictures := t.TempDir(), t.TempDir()
	cmd := exec.CommandContext(ctx, os.Args[0])
	cmd.Env = append(os.Environ(),
		mainArgsEnv+"=--data|"+data+"|demo|--windowed|--bench-taps|1",
		checkRedrawEnv+"="+pictures,
		"DISPLAY="+display, "HOME="+t.TempDir(), "LANG=C.UTF-8")
	cmd.WaitDelay = 5 * time.Second
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("demo --bench-taps with the redraw check: %v; stdout:\n%s\nstderr (tail):\n%s", err, out, tail(stderr.String(), 3000))
	}
	if !strings.Contains(string(out), "tap_to_frame_ms") {
		t.Fatalf("the journey did not finish:\n%s", out)
	}
}

// tail is the last n bytes of s.
func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
