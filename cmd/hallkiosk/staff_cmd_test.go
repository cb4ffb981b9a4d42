package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// staffCLI is a state directory and an empty config for the staff and
// audit command tests.
type staffCLI struct {
	t      *testing.T
	data   string
	config string
	out    string // everything printed, to look for leaks
}

func newStaffCLI(t *testing.T) *staffCLI {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return &staffCLI{t: t, data: filepath.Join(dir, "state"), config: cfg}
}

// run runs hallkiosk with stdin (nil: an empty one) and returns the exit
// code, stdout and stderr.
func (c *staffCLI) run(stdin io.Reader, args ...string) (int, string, string) {
	c.t.Helper()
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb bytes.Buffer
	full := append([]string{"--data", c.data, "--config", c.config}, args...)
	code := runIO(context.Background(), full, stdin, &out, &errb)
	c.out += out.String() + errb.String()
	return code, out.String(), errb.String()
}

func (c *staffCLI) must(stdin io.Reader, want int, args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(stdin, args...)
	if code != want {
		c.t.Fatalf("hallkiosk %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out, errs)
	}
	return out + errs
}

func pins(a, b string) io.Reader { return strings.NewReader(a + "\n" + b + "\n") }

func TestStaffCommands(t *testing.T) {
	c := newStaffCLI(t)
	c.must(pins("480215", "480215"), exitOK, "staff", "add", "--id", "1001", "--role", "assistant", "--pin-stdin")
	c.must(pins("735190", "735190"), exitOK, "staff", "add", "--id", "9001", "--role", "admin", "--pin-stdin")
	// Refusals: PINs that differ, a weak PIN, a second account of one id,
	// a bad role, a PIN on the command line.
	c.must(pins("592073", "592074"), exitError, "staff", "add", "--id", "1002", "--role", "assistant", "--pin-stdin")
	c.must(pins("111111", "111111"), exitError, "staff", "add", "--id", "1002", "--role", "assistant", "--pin-stdin")
	c.must(strings.NewReader("592073\n"), exitError, "staff", "add", "--id", "1002", "--role", "assistant", "--pin-stdin")
	c.must(pins("592073", "592073"), exitError, "staff", "add", "--id", "1001", "--role", "admin", "--pin-stdin")
	c.must(pins("592073", "592073"), exitUsage, "staff", "add", "--id", "1002", "--role", "boss", "--pin-stdin")
	msg := c.must(nil, exitUsage, "staff", "add", "--id", "1002", "--role", "admin", "--pin-stdin", "603917")
	if strings.Contains(msg, "603917") {
		t.Fatal("a PIN given on the command line was printed back")
	}
	c.must(nil, exitUsage, "staff", "add", "--id", "1002", "--role", "admin", "--pin", "603917")
	// Without --pin-stdin the PIN comes from a terminal only.
	if msg := c.must(strings.NewReader("592073\n592073\n"), exitError, "staff", "add", "--id", "1002", "--role", "admin"); !strings.Contains(msg, "--pin-stdin") {
		t.Fatalf("no terminal: %s", msg)
	}

	c.must(pins("592073", "592073"), exitOK, "staff", "passwd", "--id", "1001", "--pin-stdin")
	c.must(pins("592073", "592073"), exitNothing, "staff", "passwd", "--id", "4444", "--pin-stdin")
	c.must(nil, exitOK, "staff", "disable", "--id", "9001")
	c.must(nil, exitNothing, "staff", "disable", "--id", "4444")

	var list []map[string]any
	if err := json.Unmarshal([]byte(c.must(nil, exitOK, "staff", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0]["id"] != "1001" || list[0]["role"] != "assistant" || list[1]["disabled"] != true {
		t.Fatalf("list %v", list)
	}
	table := c.must(nil, exitOK, "staff", "list")
	if !strings.Contains(table, "9001  admin      disabled") {
		t.Fatalf("table:\n%s", table)
	}
	if strings.Contains(c.out, "argon2") {
		t.Fatal("a hash was printed")
	}

	c.must(nil, exitOK, "audit", "verify")
	var rows []map[string]any
	json.Unmarshal([]byte(c.must(nil, exitOK, "audit", "list", "--json")), &rows)
	var actions []string
	for _, r := range rows {
		actions = append(actions, r["action"].(string)+" "+r["subject"].(string))
		if !strings.HasPrefix(r["actor"].(string), "cli") {
			t.Fatalf("actor %v", r["actor"])
		}
	}
	if got := strings.Join(actions, ", "); got != "staff.add 1001, staff.add 9001, staff.passwd 1001, staff.disable 9001" {
		t.Fatalf("audit rows: %s", got)
	}

	// No PIN anywhere: output, state files.
	files, _ := filepath.Glob(filepath.Join(c.data, "*"))
	for _, p := range []string{"480215", "735190", "592073", "603917"} {
		if strings.Contains(c.out, p) {
			t.Errorf("PIN %s printed", p)
		}
		for _, f := range files {
			if b, _ := os.ReadFile(f); bytes.Contains(b, []byte(p)) {
				t.Errorf("PIN %s in %s", p, filepath.Base(f))
			}
		}
	}
}

func TestAuditVerifyNamesTheBrokenRow(t *testing.T) {
	c := newStaffCLI(t)
	if msg := c.must(nil, exitOK, "audit", "verify"); !strings.Contains(msg, "no audit log yet") {
		t.Fatalf("empty: %s", msg)
	}
	for _, id := range []string{"1001", "1002", "1003"} {
		c.must(pins("480215", "480215"), exitOK, "staff", "add", "--id", id, "--role", "assistant", "--pin-stdin")
	}
	if msg := c.must(nil, exitOK, "audit", "verify"); !strings.Contains(msg, "chain holds: 3 rows") {
		t.Fatalf("verify: %s", msg)
	}
	db, err := sql.Open("sqlite3", filepath.Join(c.data, "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE rows SET subject = '1009' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	msg := c.must(nil, exitError, "audit", "verify")
	if !strings.Contains(msg, "row 2: its contents were changed") {
		t.Fatalf("changed row: %s", msg)
	}
	var reps []map[string]any
	code, out, _ := c.run(nil, "audit", "verify", "--json")
	json.Unmarshal([]byte(out), &reps)
	if code != exitError || len(reps) != 1 || reps[0]["broken"].(map[string]any)["seq"].(float64) != 2 {
		t.Fatalf("json: %d %s", code, out)
	}
	db.Close()
	os.Remove(filepath.Join(c.data, "audit.db"))
	os.Remove(filepath.Join(c.data, "audit.db-wal"))
	os.Remove(filepath.Join(c.data, "audit.db-shm"))
	if msg := c.must(nil, exitError, "audit", "verify"); !strings.Contains(msg, "the log was removed") {
		t.Fatalf("removed log: %s", msg)
	}
}

// TestStaffPINFromTerminal types the PIN on a pseudo-terminal: asked twice,
// never echoed.
func TestStaffPINFromTerminal(t *testing.T) {
	c := newStaffCLI(t)
	master, slave, err := pty.Open()
	if err != nil {
		t.Skip("no pseudo-terminal:", err)
	}
	defer master.Close()
	defer slave.Close()
	go func() {
		// Type once the program has turned the echo off.
		for range 500 {
			tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
			if err == nil && tio.Lflag&unix.ECHO == 0 {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		master.Write([]byte("480215\n480215\n"))
	}()
	msg := c.must(slave, exitOK, "staff", "add", "--id", "1001", "--role", "admin")
	if !strings.Contains(msg, "PIN: ") || !strings.Contains(msg, "PIN again: ") {
		t.Fatalf("prompts: %q", msg)
	}
	if tio, _ := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS); tio.Lflag&unix.ECHO == 0 {
		t.Fatal("the terminal's echo was left off")
	}
	// What the terminal showed: with the slave closed, the master reads
	// what is left and then fails.
	slave.Close()
	shown, _ := io.ReadAll(master)
	if strings.Contains(string(shown), "480215") {
		t.Fatalf("the PIN was echoed: %q", shown)
	}
	c.must(nil, exitOK, "audit", "verify")
}
