package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// exitFileEnv names the file `hallkiosk run` writes its exit code to, for
// `hallkiosk session` to read once cage has gone.
const exitFileEnv = "HALLKIOSK_EXIT_FILE"

// cmdSession is the systemd unit's ExecStart: it checks the configuration
// (exit 78 before any compositor starts), runs the compositor (cage) with
// `hallkiosk run` as its one client, and exits with the kiosk's own exit
// code. Debian 12's cage 0.1.4 exits 0 whenever its client exits, so
// without this the unit could not tell a crash from a stop (a Go panic
// exits 2; a config error 78): the kiosk writes its code to a file, and a
// kiosk that ends without writing one (a panic, a kill) counts as a crash,
// exit 1, which the unit restarts.
func cmdSession(ctx context.Context, e *env, args []string) int {
	fs := e.flags("session")
	compositor := fs.String("compositor", "/usr/bin/cage", "the compositor; it is run as COMPOSITOR -d -- KIOSK run …")
	kioskExe := fs.String("kiosk", "", "the kiosk executable (default: this one)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	cfg, err := e.config()
	if err == nil {
		err = cfg.Production()
	}
	if err != nil {
		e.fail("%v", err)
		fmt.Fprintln(e.stderr, "hallkiosk: fix the configuration, then: systemctl restart hallkiosk")
		return exitConfig
	}
	exe := *kioskExe
	if exe == "" {
		if exe, err = os.Executable(); err != nil {
			return e.fail("session: %v", err)
		}
	}
	dir := os.Getenv("RUNTIME_DIRECTORY") // RuntimeDirectory=hallkiosk
	if dir == "" {
		if dir, err = os.MkdirTemp("", "hallkiosk-session-"); err != nil {
			return e.fail("session: %v", err)
		}
		defer os.RemoveAll(dir)
	}
	exitFile := filepath.Join(strings.SplitN(dir, ":", 2)[0], "exit-code")
	os.Remove(exitFile) // a previous run's

	kioskArgs := []string{"run"}
	if e.configPath != "" {
		kioskArgs = append(kioskArgs, "--config", e.configPath)
	}
	if e.dataDir != "" {
		kioskArgs = append(kioskArgs, "--data", e.dataDir)
	}
	for _, f := range []struct{ flag, v string }{{"--portal", e.portalURL}, {"--bus", e.busURL}, {"--bus-creds", e.busCreds}, {"--role", e.role}} {
		if f.v != "" {
			kioskArgs = append(kioskArgs, f.flag, f.v)
		}
	}
	cmd := exec.Command(*compositor, append([]string{"-d", "--", exe}, kioskArgs...)...)
	cmd.Stdout, cmd.Stderr = e.stdout, e.stderr
	// The kiosk, not this process, pings the watchdog (NotifyAccess=all):
	// WATCHDOG_PID names this process and would make it think the
	// watchdog is someone else's.
	cmd.Env = append(withoutEnv(os.Environ(), "WATCHDOG_PID", exitFileEnv), exitFileEnv+"="+exitFile)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(e.stderr, "hallkiosk: session: start %s: %v\n", *compositor, err)
		return exitError
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var waitErr error
	select {
	case waitErr = <-done:
	case <-ctx.Done():
		// systemctl stop: the compositor and the kiosk have the signal
		// too (KillMode=control-group); pass it on in case they don't.
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case waitErr = <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			waitErr = <-done
		}
	}
	// A stop (systemctl stop: SIGTERM to every process of the unit) may
	// end the compositor before this process sees its own signal, and
	// before the kiosk has written its code.
	return sessionExit(e, exitFile, waitErr, ctx.Err() != nil || killedByStopSignal(waitErr))
}

// killedByStopSignal reports whether the compositor ended on SIGTERM,
// SIGINT or SIGHUP, the signals of a stop.
func killedByStopSignal(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	if !ok || !ws.Signaled() {
		return false
	}
	switch ws.Signal() {
	case syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP:
		return true
	}
	return false
}

// sessionExit works out the session's exit code from the kiosk's exit
// file and the compositor's end.
func sessionExit(e *env, exitFile string, waitErr error, stopRequested bool) int {
	if stopRequested {
		return exitOK // the kiosk ends on the same signal, in its own time
	}
	if code, err := readExitFile(exitFile); err == nil {
		if code != exitOK {
			fmt.Fprintf(e.stderr, "hallkiosk: session: the kiosk exited %d\n", code)
		}
		return code
	} else if !errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(e.stderr, "hallkiosk: session: %v\n", err)
	}
	var ee *exec.ExitError
	switch {
	case errors.As(waitErr, &ee) && ee.ExitCode() > 0:
		fmt.Fprintf(e.stderr, "hallkiosk: session: the compositor exited %d before the kiosk could say why\n", ee.ExitCode())
		if ee.ExitCode() == exitConfig {
			return exitError // the compositor's 78 is not the kiosk's configuration
		}
		return ee.ExitCode()
	case waitErr != nil:
		fmt.Fprintf(e.stderr, "hallkiosk: session: the compositor ended: %v\n", waitErr)
		return exitError
	}
	fmt.Fprintln(e.stderr, "hallkiosk: session: the kiosk ended without an exit code (a crash: see crash.log in the state directory); exit 1 for a restart")
	return exitError
}

// writeExitFile records the kiosk's exit code for `hallkiosk session`.
func writeExitFile(path string, code int) error {
	if err := os.WriteFile(path, []byte(strconv.Itoa(code)+"\n"), 0o600); err != nil {
		return fmt.Errorf("exit file: %w", err)
	}
	return nil
}

// readExitFile reads the code writeExitFile recorded.
func readExitFile(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	code, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || code < 0 || code > 255 {
		return 0, fmt.Errorf("exit file %s: %q is not an exit code", path, b)
	}
	return code, nil
}

// withoutEnv returns env without the variables named.
func withoutEnv(env []string, names ...string) []string {
	out := env[:0:0]
next:
	for _, kv := range env {
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}
