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

	"fyne.io/fyne/v2"
)

// Environment of the test binary run as a kiosk (TestMain, mainArgsEnv):
//   - testExitEnv=N: write N to the exit file and exit N at once, as `run`
//     does after a configuration error it found itself;
//   - testPanicEnv=1: panic at once, as a crashing kiosk does (exit 2, no
//     exit file);
//   - testTriggerEnv=DIR: run the real kiosk, and panic when DIR/panic-now
//     appears, or block Fyne's main loop for ever when DIR/freeze-now
//     appears (a frozen UI).
const (
	testExitEnv    = "HALLKIOSK_TEST_EXIT"
	testPanicEnv   = "HALLKIOSK_TEST_PANIC"
	testTriggerEnv = "HALLKIOSK_TEST_TRIGGERS"
)

// fakeKiosk acts on the environment above; it returns when the real kiosk
// is to run.
func fakeKiosk() {
	if v := os.Getenv(testExitEnv); v != "" {
		code, _ := strconv.Atoi(v)
		if f := os.Getenv(exitFileEnv); f != "" {
			writeExitFile(f, code)
		}
		os.Exit(code)
	}
	if os.Getenv(testPanicEnv) == "1" {
		panic("test: the kiosk crashes")
	}
	if dir := os.Getenv(testTriggerEnv); dir != "" {
		go func() {
			for range time.Tick(100 * time.Millisecond) {
				if os.Remove(filepath.Join(dir, "panic-now")) == nil {
					panic("test: the running kiosk crashes")
				}
				if os.Remove(filepath.Join(dir, "freeze-now")) == nil {
					fyne.Do(func() { select {} })
				}
			}
		}()
	}
}

// fakeCage writes a stand-in for Debian 12's cage 0.1.4: it runs its one
// client and exits 0 whatever the client's exit code.
func fakeCage(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "cage")
	script := "#!/bin/sh\n# cage 0.1.4: runs its client, exits 0 whatever the client did\nwhile [ \"$1\" != \"--\" ]; do shift; done\nshift\n\"$@\"\nexit 0\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// kioskScript writes an executable that runs this test binary as
// hallkiosk with the arguments it is given; env is set for `run` only.
func kioskScript(t *testing.T, dir string, env ...string) string {
	t.Helper()
	path := filepath.Join(dir, "hallkiosk")
	var b strings.Builder
	// The environment is the kiosk's (`run`), not the session's.
	b.WriteString("#!/bin/sh\nif [ \"$1\" = run ]; then\n:\n")
	for _, kv := range env {
		fmt.Fprintf(&b, "export %s\n", shellQuoteKV(kv))
	}
	b.WriteString("fi\n")
	fmt.Fprintf(&b, "IFS='|'\n%s=\"$*\"\nexport %s\nexec %s\n", mainArgsEnv, mainArgsEnv, shellQuote(os.Args[0]))
	if err := os.WriteFile(path, []byte(b.String()), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func shellQuoteKV(kv string) string {
	k, v, _ := strings.Cut(kv, "=")
	return k + "=" + shellQuote(v)
}

// productionConfig writes a configuration `run` accepts, with the portal
// at url and devices that are not there.
func productionConfig(t *testing.T, path, url, deviceID string) {
	t.Helper()
	cfg := fmt.Sprintf("[kiosk]\ndevice_id = %q\nmobile_app_url = \"https://zwfw.test.gov.cn/app\"\nprogress_url = \"https://zwfw.test.gov.cn/p\"\n"+
		"[portal]\nurl = %q\ntoken = \"tok\"\n[idcard]\nport = \"/nonexistent/idcard\"\n[receipt]\nport = \"/nonexistent/receipt\"\n[a4]\nqueue = \"\"\n[camera]\ndevice = \"\"\n",
		deviceID, url)
	if err := os.WriteFile(path, []byte(cfg), 0o640); err != nil {
		t.Fatal(err)
	}
}

// TestSessionExitCodes runs `hallkiosk session` with a cage that exits 0
// whatever its client does, and checks that the session exits with what
// the kiosk meant: the unit's restart policy depends on it.
func TestSessionExitCodes(t *testing.T) {
	dir := t.TempDir()
	cage := fakeCage(t, dir)
	cfg := filepath.Join(dir, "kiosk.toml")
	productionConfig(t, cfg, "http://127.0.0.1:9", "HALL-TEST-01")
	cases := []struct {
		name string
		env  []string
		want int
	}{
		{"stopped on request", []string{testExitEnv + "=0"}, exitOK},
		{"config error found by the kiosk", []string{testExitEnv + "=78"}, exitConfig},
		{"error", []string{testExitEnv + "=1"}, exitError},
		{"panic (no exit file)", []string{testPanicEnv + "=1"}, exitError},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			kiosk := kioskScript(t, t.TempDir(), tc.env...)
			rt := t.TempDir()
			cmd := exec.Command(kiosk, "session", "--compositor", cage, "--kiosk", kiosk, "--config", cfg, "--data", filepath.Join(dir, "data"))
			cmd.Env = append(os.Environ(), "RUNTIME_DIRECTORY="+rt)
			out, err := cmd.CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.want {
				t.Fatalf("session exited %d, want %d; output:\n%s", code, tc.want, out)
			}
		})
	}
	// A configuration `run` refuses stops the session before any
	// compositor starts: exit 78, with file, line and key.
	productionConfig(t, cfg, "https://zwfw.example.gov.cn", "HALL-TEST-01")
	var out, errOut strings.Builder
	code := run(context.Background(), []string{"session", "--compositor", "/nonexistent/cage", "--config", cfg}, &out, &errOut)
	if code != exitConfig || !strings.Contains(errOut.String(), "kiosk.toml:6: portal.url:") {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut.String())
	}
}

func TestRunRefusesDemoSettings(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "kiosk.toml")
	for _, tc := range []struct{ name, id, url, want string }{
		{"demo id", "HALL-DEMO-01", "https://zwfw.hz.gov.cn", "kiosk.toml:2: kiosk.device_id: is the demo's id"},
		{"example portal", "HALL-0101-02", "https://zwfw.example.gov.cn", "kiosk.toml:6: portal.url: is the example address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			productionConfig(t, cfg, tc.url, tc.id)
			code, _, errOut := idcardRun(t, "--config", cfg, "--data", filepath.Join(dir, "data"), "run")
			if code != exitConfig || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
		})
	}
	// A missing token, and a bad pin found when the file loads.
	os.WriteFile(cfg, []byte("[kiosk]\ndevice_id = \"HALL-0101-02\"\n[portal]\nurl = \"https://zwfw.hz.gov.cn\"\nspki_pins = [\"nope\"]\n"), 0o640)
	code, _, errOut := idcardRun(t, "--config", cfg, "run")
	if code != exitConfig || !strings.Contains(errOut, "kiosk.toml:5: portal.spki_pins:") {
		t.Fatalf("bad pin: exit %d, stderr:\n%s", code, errOut)
	}
	t.Setenv("HALLKIOSK_PORTAL_TOKEN", "")
	os.WriteFile(cfg, []byte("[kiosk]\ndevice_id = \"HALL-0101-02\"\nmobile_app_url = \"https://a.gov.cn\"\nprogress_url = \"https://a.gov.cn/p\"\n[portal]\nurl = \"https://zwfw.hz.gov.cn\"\n"), 0o640)
	code, _, errOut = idcardRun(t, "--config", cfg, "run")
	if code != exitConfig || !strings.Contains(errOut, "portal.token: is empty") {
		t.Fatalf("no token: exit %d, stderr:\n%s", code, errOut)
	}
}

func TestCrashLogIsBoundedAndDated(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "crash.log")
	os.WriteFile(path, make([]byte, crashLogMax+1), 0o600)
	setCrashOutput(dir, slogDiscard{})
	if fi, err := os.Stat(path + ".1"); err != nil || fi.Size() != crashLogMax+1 {
		t.Fatalf("not rotated: %v", err)
	}
	b, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(b), "=== ") || !strings.Contains(string(b), "hallkiosk "+version+" started, pid ") {
		t.Fatalf("crash.log starts %q", b)
	}
}

type slogDiscard struct{}

func (slogDiscard) Warn(string, ...any) {}
