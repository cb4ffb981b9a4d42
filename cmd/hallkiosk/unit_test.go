package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"hallkiosk/cmd/portalsim/server"
)

// userSystemd is a systemd user manager of the test's own: systemd 252
// runs as a user instance only on a system booted with systemd, so it is
// started in a private mount namespace with a tmpfs on /run/systemd that
// says so. It needs root (CI runs `make test` as root on Debian 12).
type userSystemd struct {
	pid int      // of the manager: systemctl runs in its mount namespace
	env []string // XDG_RUNTIME_DIR, HOME for systemctl
	dir string   // $HOME/.config/systemd/user
}

func startUserSystemd(t *testing.T) *userSystemd {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: a private mount namespace for a systemd user manager")
	}
	sd := ""
	for _, p := range []string{"/usr/lib/systemd/systemd", "/lib/systemd/systemd"} {
		if _, err := os.Stat(p); err == nil {
			sd = p
			break
		}
	}
	for _, tool := range []string{"unshare", "nsenter", "systemctl"} {
		if _, err := exec.LookPath(tool); err != nil {
			sd = ""
		}
	}
	if sd == "" {
		t.Skip("needs systemd, systemctl and unshare (Debian packages systemd, util-linux; packaging/dev-deps.sh)")
	}
	base, err := os.MkdirTemp("/tmp", "hallkiosk-sd-") // short: unix socket paths
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	rt, home := filepath.Join(base, "rt"), filepath.Join(base, "home")
	u := &userSystemd{env: append(os.Environ(), "XDG_RUNTIME_DIR="+rt, "HOME="+home), dir: filepath.Join(home, ".config", "systemd", "user")}
	for _, d := range []string{rt, u.dir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	script := "mkdir -p /run/systemd && mount -t tmpfs none /run/systemd && mkdir /run/systemd/system || exit 90\nexec " + sd + " --user --log-target=console --log-level=notice"
	cmd := exec.Command("unshare", "-m", "--propagation", "private", "sh", "-c", script)
	cmd.Env = u.env
	var log strings.Builder
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start a systemd user manager: %v", err)
	}
	u.pid = cmd.Process.Pid
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt) // SIGINT? systemd --user exits on SIGTERM
		cmd.Process.Signal(os.Kill)
		<-exited
	})
	for deadline := time.Now().Add(20 * time.Second); ; {
		select {
		case <-exited:
			t.Skipf("no systemd user manager here (no mount namespaces in this container?): %s", log.String())
		default:
		}
		out, _ := u.systemctl("is-system-running")
		if s := strings.TrimSpace(out); s == "running" || s == "degraded" {
			break
		}
		if time.Now().After(deadline) {
			t.Skipf("the systemd user manager did not come up: %s", log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("systemd user manager log:\n%s", log.String())
		}
	})
	return u
}

func (u *userSystemd) systemctl(args ...string) (string, error) {
	cmd := exec.Command("nsenter", append([]string{"-t", strconv.Itoa(u.pid), "-m", "systemctl", "--user"}, args...)...)
	cmd.Env = u.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// show returns the unit's properties.
func (u *userSystemd) show(t *testing.T, unit string) map[string]string {
	t.Helper()
	out, err := u.systemctl("show", unit, "-p", "ActiveState,SubState,Result,NRestarts,ExecMainStatus,MainPID")
	if err != nil {
		t.Fatalf("systemctl show: %v: %s", err, out)
	}
	m := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		k, v, _ := strings.Cut(l, "=")
		m[k] = v
	}
	return m
}

// waitFor polls the unit until ok holds.
func (u *userSystemd) waitFor(t *testing.T, unit, what string, within time.Duration, ok func(map[string]string) bool) map[string]string {
	t.Helper()
	var p map[string]string
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if p = u.show(t, unit); ok(p) {
			return p
		}
	}
	t.Fatalf("%s: not within %v; last %v", what, within, p)
	return nil
}

// userUnit turns the packaged unit into one a user manager runs: the
// lines only a system manager can honour (User, PAM, the tty) go, the
// state directories are given as --data, the restart and watchdog
// settings stay as packaged, except the watchdog's interval and restart
// delay, shortened for the test.
func userUnit(t *testing.T, execStart, logFile string, env []string) string {
	t.Helper()
	data, err := os.ReadFile("../../packaging/hallkiosk.service")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	kept := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		key, _, _ := strings.Cut(l, "=")
		switch key {
		case "User", "PAMName", "TTYPath", "TTYReset", "TTYVHangup", "TTYVTDisallocate", "StandardInput",
			"Conflicts", "ConditionPathExists", "After", "Wants", "StateDirectory", "StateDirectoryMode", "WantedBy":
			continue
		case "ExecStart":
			l = "ExecStart=" + execStart
		case "WatchdogSec":
			// Short, so a frozen UI is caught soon; not so short that a
			// kiosk starting on a machine busy with other tests (its
			// first frame can take seconds there) is killed as frozen.
			l = "WatchdogSec=15s"
		case "RestartSec":
			l = "RestartSec=1s"
		case "StandardOutput", "StandardError":
			l = key + "=append:" + logFile // no journald here
		}
		if l == "[Install]" {
			continue
		}
		kept[key] = true
		b.WriteString(l + "\n")
		if l == "[Service]" {
			for _, kv := range env {
				b.WriteString("Environment=" + strconv.Quote(kv) + "\n")
			}
		}
	}
	for _, want := range []string{"Type", "NotifyAccess", "Restart", "RestartPreventExitStatus", "StartLimitIntervalSec", "RuntimeDirectory"} {
		if !kept[want] {
			t.Fatalf("the packaged unit has no %s=", want)
		}
	}
	return b.String()
}

// TestUnitRestartPolicy runs the packaged unit's restart, notify and
// watchdog settings under a real systemd (a user manager), with
// `hallkiosk session` as ExecStart, a cage that exits 0 whatever its client
// does (as Debian 12's 0.1.4 does), and the real kiosk on a virtual
// screen. It shows that:
//   - the unit becomes active only on the kiosk's READY=1 (sent by cage's
//     child: NotifyAccess=all), after a panic during the first start was
//     restarted;
//   - a panic of the running kiosk is restarted;
//   - a frozen UI (Fyne's loop blocked) stops the watchdog pings and is
//     killed and restarted (Result=watchdog);
//   - systemctl stop stops it for good;
//   - a configuration error exits 78 and is not restarted.
//
// Not shown here: the system-only lines (User=kiosk, PAM, tty1) and real
// cage with Xwayland on a DRM device, which this machine has not.
func TestUnitRestartPolicy(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the kiosk several times")
	}
	u := startUserSystemd(t)
	display := startXvfb(t)
	srv, err := server.Start(context.Background(), server.Options{Addr: "127.0.0.1:0", Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	triggers := filepath.Join(dir, "triggers")
	os.Mkdir(triggers, 0o700)
	panicOnce := filepath.Join(dir, "panicked-once")
	cage := fakeCage(t, dir)
	kiosk := kioskScript(t, dir, testTriggerEnv+"="+triggers)
	// The first start of the kiosk panics (once).
	wrapped := filepath.Join(dir, "hallkiosk-first-panics")
	os.WriteFile(wrapped, []byte(fmt.Sprintf("#!/bin/sh\nif [ \"$1\" = run ] && [ ! -e %[1]s ]; then : > %[1]s; export %[2]s=1; fi\nexec %[3]s \"$@\"\n",
		shellQuote(panicOnce), testPanicEnv, shellQuote(kiosk))), 0o755)
	cfg := filepath.Join(dir, "kiosk.toml")
	productionConfig(t, cfg, srv.URL(), "HALL-TEST-01")
	data := filepath.Join(dir, "data")
	exec := fmt.Sprintf("%s session --compositor %s --kiosk %s --config %s --data %s", wrapped, cage, wrapped, cfg, data)
	logFile := filepath.Join(dir, "kiosk.log")
	unit := userUnit(t, exec, logFile, []string{"DISPLAY=" + display, "HOME=" + dir, "LANG=C.UTF-8", "XDG_DATA_HOME=" + dir})
	if err := os.WriteFile(filepath.Join(u.dir, "hallkiosk.service"), []byte(unit), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := u.systemctl("daemon-reload"); err != nil {
		t.Fatalf("daemon-reload: %v %s", err, out)
	}
	dump := func() {
		if out, err := u.systemctl("status", "--no-pager", "-n", "40", "hallkiosk"); err == nil || out != "" {
			t.Logf("status:\n%s", out)
		}
	}
	t.Cleanup(func() {
		if t.Failed() {
			dump()
			if b, err := os.ReadFile(logFile); err == nil {
				if len(b) > 8000 {
					b = b[len(b)-8000:]
				}
				t.Logf("the kiosk's output (end):\n%s", b)
			}
		}
		u.systemctl("stop", "hallkiosk")
	})
	const unitName = "hallkiosk.service"
	restarts := func(p map[string]string) int { n, _ := strconv.Atoi(p["NRestarts"]); return n }

	// 1. The first start panics; the restart comes up and says READY.
	if out, err := u.systemctl("start", "--no-block", unitName); err != nil {
		t.Fatalf("start: %v %s", err, out)
	}
	p := u.waitFor(t, unitName, "active after a panic at start", 90*time.Second, func(p map[string]string) bool {
		return p["ActiveState"] == "active" && restarts(p) >= 1
	})
	t.Logf("after a panic at start: %v", p)
	if _, err := os.Stat(panicOnce); err != nil {
		t.Fatal("the first start did not panic")
	}

	// 2. A panic of the running kiosk: restarted.
	n := restarts(p)
	os.WriteFile(filepath.Join(triggers, "panic-now"), nil, 0o600)
	p = u.waitFor(t, unitName, "restarted after a panic", 3*time.Minute, func(p map[string]string) bool {
		return restarts(p) == n+1 && p["ActiveState"] == "active"
	})
	t.Logf("after a panic while running: %v", p)

	// 3. A frozen UI: no more watchdog pings; killed and restarted.
	n = restarts(p)
	os.WriteFile(filepath.Join(triggers, "freeze-now"), nil, 0o600)
	sawWatchdog := false
	p = u.waitFor(t, unitName, "restarted after a frozen UI", 3*time.Minute, func(p map[string]string) bool {
		sawWatchdog = sawWatchdog || p["Result"] == "watchdog"
		return restarts(p) == n+1 && p["ActiveState"] == "active"
	})
	t.Logf("after a frozen UI: %v", p)
	if !sawWatchdog {
		t.Error("the unit never showed Result=watchdog")
	}
	if crash, err := os.ReadFile(filepath.Join(data, "crash.log")); err != nil || !strings.Contains(string(crash), "SIGABRT") ||
		!strings.Contains(string(crash), "hallkiosk "+version+" started, pid ") {
		t.Errorf("crash.log has no dated, versioned SIGABRT stack of the frozen kiosk (%v)", err)
	}

	// 4. systemctl stop: stopped, not restarted (systemd resets NRestarts
	// on a stop).
	if out, err := u.systemctl("stop", unitName); err != nil {
		t.Fatalf("stop: %v %s", err, out)
	}
	time.Sleep(3 * time.Second)
	if p = u.show(t, unitName); p["ActiveState"] != "inactive" || p["MainPID"] != "0" {
		t.Fatalf("after stop: %v", p)
	}

	// 5. A configuration error: exit 78, failed, never restarted.
	productionConfig(t, cfg, srv.URL(), "HALL-DEMO-01")
	u.systemctl("start", "--no-block", unitName)
	p = u.waitFor(t, unitName, "failed on a config error", time.Minute, func(p map[string]string) bool {
		return p["ActiveState"] == "failed"
	})
	time.Sleep(4 * time.Second) // RestartSec=1s: a restart would have come
	p = u.show(t, unitName)
	if p["ActiveState"] != "failed" || p["ExecMainStatus"] != "78" || restarts(p) != 0 {
		t.Fatalf("config error: %v", p)
	}
	t.Logf("config error: %v", p)
}
