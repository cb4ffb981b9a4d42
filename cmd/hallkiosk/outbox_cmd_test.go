package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hallkiosk/app/portal"
	"hallkiosk/cmd/portalsim/server"
)

const outboxTestToken = "cli-outbox-token"

// outboxCLI is a state directory, an empty config and a portal simulator
// for the outbox command tests.
type outboxCLI struct {
	t       *testing.T
	data    string
	config  string
	portal  string
	sim     *server.Server
	stderrs strings.Builder
}

func newOutboxCLI(t *testing.T) *outboxCLI {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	sim, err := server.Start(ctx, server.Options{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Token: outboxTestToken})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); sim.Close() })
	t.Setenv("HALLKIOSK_PORTAL_TOKEN", outboxTestToken)
	return &outboxCLI{t: t, data: filepath.Join(dir, "state"), config: cfg, portal: sim.URL(), sim: sim}
}

func (c *outboxCLI) run(args ...string) (int, string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	full := append([]string{"--data", c.data, "--config", c.config, "--portal", c.portal}, args...)
	code := run(context.Background(), full, &out, &errb)
	c.stderrs.WriteString(errb.String())
	return code, out.String()
}

func (c *outboxCLI) list() []map[string]any {
	c.t.Helper()
	code, out := c.run("outbox", "list", "--json")
	if code != exitOK {
		c.t.Fatalf("list: exit %d", code)
	}
	var entries []map[string]any
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		c.t.Fatalf("list output is not a JSON array: %v\n%s", err, out)
	}
	return entries
}

func TestOutboxAddListDrain(t *testing.T) {
	c := newOutboxCLI(t)
	who := server.DemoIdentities()[0]
	app := portal.Application{ServiceCode: "SB-0202",
		Applicant: portal.Applicant{CardType: who.CardType, IDNumber: who.IDNumber, Name: who.Name, Phone: who.Phone},
		Form:      map[string]string{"name": who.Name, "id_number": who.IDNumber}, Channel: "kiosk"}
	b, _ := json.Marshal(app)
	file := filepath.Join(t.TempDir(), "app.json")
	os.WriteFile(file, b, 0o600)
	mat := filepath.Join(t.TempDir(), "lease.pdf")
	os.WriteFile(mat, []byte("%PDF-1.4 lease"), 0o600)

	code, out := c.run("outbox", "add", "--file", file, "--material", "lease="+mat)
	key := strings.TrimSpace(out)
	if code != exitOK || len(key) != 36 {
		t.Fatalf("add: exit %d, stdout %q", code, out)
	}
	entries := c.list()
	if len(entries) != 2 {
		t.Fatalf("list: %d entries", len(entries))
	}
	last := entries[1]
	for _, field := range []string{"key", "service_code", "state", "attempts", "last_error", "application_id"} {
		if _, ok := last[field]; !ok {
			t.Errorf("list entry lacks %s: %v", field, last)
		}
	}
	if last["key"] != key || last["state"] != "pending" || last["service_code"] != "SB-0202" {
		t.Fatalf("entry %v", last)
	}

	code, out = c.run("outbox", "drain", "--until-empty", "--timeout", "20s")
	if code != exitOK || !strings.Contains(out, `"sent":2`) {
		t.Fatalf("drain: exit %d, %s", code, out)
	}
	entries = c.list()
	if entries[1]["state"] != "sent" || entries[1]["application_id"] == "" || entries[0]["state"] != "sent" {
		t.Fatalf("after drain: %v", entries)
	}
	apps, err := c.sim.Applications(context.Background())
	if err != nil || len(apps) != 1 || apps[0].IdempotencyKey != key || len(apps[0].Application.MaterialIDs) != 1 {
		t.Fatalf("portal has %+v (%v)", apps, err)
	}
	code, out = c.run("outbox", "list")
	if code != exitOK || !strings.Contains(out, key) {
		t.Fatalf("table list: exit %d\n%s", code, out)
	}
	// Nothing the command printed or logged carries personal data.
	all := out + c.stderrs.String()
	for _, s := range []string{who.IDNumber, who.Name, who.Phone} {
		if strings.Contains(all, s) {
			t.Errorf("output contains %q", s)
		}
	}
}

func TestOutboxDrainTimeoutAndUsage(t *testing.T) {
	c := newOutboxCLI(t)
	file := filepath.Join(t.TempDir(), "app.json")
	os.WriteFile(file, []byte(`{"service_code":"SB-0202","applicant":{"card_type":"resident","id_number":"110101199003077777","name":"测试"},"channel":"kiosk"}`), 0o600)
	if code, _ := c.run("outbox", "add", "--file", file); code != exitOK {
		t.Fatalf("add: %d", code)
	}
	c.portal = "http://127.0.0.1:1" // nothing listens there
	code, out := c.run("outbox", "drain", "--until-empty", "--timeout", "300ms")
	if code != exitNothing || !strings.Contains(out, `"pending":1`) {
		t.Fatalf("drain with the portal down: exit %d, %s", code, out)
	}
	if code, _ := c.run("outbox", "drain"); code != exitOK {
		t.Fatalf("plain drain with nothing due: exit %d", code)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"service_code":`), 0o600)
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"outbox"}, exitUsage},
		{[]string{"outbox", "nope"}, exitUsage},
		{[]string{"outbox", "add"}, exitUsage},
		{[]string{"outbox", "add", "--file", bad}, exitError},
		{[]string{"outbox", "add", "--file", filepath.Join(t.TempDir(), "missing.json")}, exitError},
		{[]string{"outbox", "add", "--file", file, "--material", "nofile"}, exitUsage},
		{[]string{"outbox", "list", "--state", "bogus"}, exitUsage},
		{[]string{"outbox", "drain", "--bogus"}, exitUsage},
	} {
		if code, _ := c.run(tc.args...); code != tc.want {
			t.Errorf("%v: exit %d, want %d", tc.args, code, tc.want)
		}
	}
	if strings.Contains(c.stderrs.String(), "110101199003077777") {
		t.Error("stderr carries the ID number")
	}
}

// TestOutboxAddRefusesWhatIsTooLarge: a huge application file, an endless
// device, an endless material are refused with the limit named, before
// they are read whole, and nothing is queued.
func TestOutboxAddRefusesWhatIsTooLarge(t *testing.T) {
	c := newOutboxCLI(t)
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.json")
	f, _ := os.Create(huge)
	f.Truncate(50 << 20) // 50 MB, sparse
	f.Close()
	app := filepath.Join(dir, "app.json")
	os.WriteFile(app, []byte(`{"service_code":"SB-0202","applicant":{"card_type":"resident","id_number":"11010519491231002X","name":"张三"}}`), 0o600)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"outbox", "add", "--file", huge}, "limits.application_kb"},
		{[]string{"outbox", "add", "--file", "/dev/zero"}, "limits.application_kb"},
		{[]string{"outbox", "add", "--file", app, "--material", "lease=/dev/zero"}, "limits.material_mb"},
	}
	for _, tc := range cases {
		c.stderrs.Reset()
		code, _ := c.run(tc.args...)
		if code != exitError || !strings.Contains(c.stderrs.String(), tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 naming %s", tc.args, code, c.stderrs.String(), tc.want)
		}
	}
	if n := len(c.list()); n != 0 {
		t.Fatalf("%d items queued", n)
	}
}

// TestOutboxRequeueDiscardAudit: a parked submission is requeued and then
// discarded from the command line by its 凭证号, with a reason each time;
// the audit trail has both lines.
func TestOutboxRequeueDiscardAudit(t *testing.T) {
	c := newOutboxCLI(t)
	who := server.DemoIdentities()[0]
	b, _ := json.Marshal(portal.Application{ServiceCode: "NO-SUCH-SERVICE",
		Applicant: portal.Applicant{CardType: who.CardType, IDNumber: who.IDNumber, Name: who.Name}, Channel: "kiosk"})
	file := filepath.Join(t.TempDir(), "app.json")
	os.WriteFile(file, b, 0o600)
	if code, _ := c.run("outbox", "add", "--file", file); code != exitOK {
		t.Fatalf("add: exit %d: %s", code, c.stderrs.String())
	}
	c.run("outbox", "drain")
	entries := c.list()
	if len(entries) != 1 || entries[0]["state"] != "parked" {
		t.Fatalf("want one parked item: %v", entries)
	}
	voucher := entries[0]["voucher"].(string)
	if code, _ := c.run("outbox", "requeue", voucher); code != exitUsage {
		t.Fatalf("requeue without a reason: exit %d", code)
	}
	if code, _ := c.run("outbox", "requeue", "20990101-999999", "--reason", "x"); code != exitNothing {
		t.Fatalf("requeue of no item: exit %d", code)
	}
	if code, _ := c.run("outbox", "requeue", voucher, "--reason", "catalog fixed"); code != exitOK {
		t.Fatalf("requeue: exit %d: %s", code, c.stderrs.String())
	}
	if st := c.list()[0]["state"]; st != "pending" {
		t.Fatalf("after requeue: %v", st)
	}
	c.run("outbox", "drain") // still unknown: parked again
	if code, _ := c.run("outbox", "discard", voucher, "--reason", "citizen will apply at the window "+who.Name); code != exitOK {
		t.Fatalf("discard: exit %d: %s", code, c.stderrs.String())
	}
	code, out := c.run("outbox", "audit", "--json")
	if code != exitOK {
		t.Fatalf("audit: exit %d", code)
	}
	var audit []map[string]any
	if err := json.Unmarshal([]byte(out), &audit); err != nil || len(audit) != 2 ||
		audit[0]["action"] != "requeue" || audit[1]["action"] != "discard" {
		t.Fatalf("audit = %v (%v)", audit, err)
	}
	if strings.Contains(out, who.Name) {
		t.Errorf("the audit trail carries the citizen's name: %s", out)
	}
}

// TestOutboxLostQueueIsLoud: the database emptied next to its key stops
// every outbox command with a clear message; `outbox reset` starts a new
// queue with the old key kept aside.
func TestOutboxLostQueueIsLoud(t *testing.T) {
	c := newOutboxCLI(t)
	if code, _ := c.run("outbox", "list"); code != exitOK {
		t.Fatal("list")
	}
	db := filepath.Join(c.data, outboxDBName)
	if err := os.Truncate(db, 0); err != nil {
		t.Fatal(err)
	}
	os.Remove(db + "-wal")
	c.stderrs.Reset()
	if code, _ := c.run("outbox", "list"); code != exitError || !strings.Contains(c.stderrs.String(), "missing or empty") {
		t.Fatalf("list of a lost queue: exit %d, %q", code, c.stderrs.String())
	}
	if code, _ := c.run("outbox", "reset"); code != exitUsage {
		t.Fatalf("reset without a reason: exit %d", code)
	}
	if code, _ := c.run("outbox", "reset", "--reason", "disk replaced"); code != exitOK {
		t.Fatalf("reset: exit %d: %s", code, c.stderrs.String())
	}
	if n := len(c.list()); n != 0 {
		t.Fatalf("new queue has %d items", n)
	}
	if code, _ := c.run("outbox", "reset", "--reason", "again"); code != exitError {
		t.Fatalf("reset of a healthy queue: exit %d", code)
	}
}

// TestDataDirModeIsFixed: a state directory an installer left open to
// everyone (1777) is narrowed to 0700.
func TestDataDirModeIsFixed(t *testing.T) {
	c := newOutboxCLI(t)
	os.MkdirAll(c.data, 0o700)
	os.Chmod(c.data, 0o777|os.ModeSticky)
	if code, _ := c.run("outbox", "list"); code != exitOK {
		t.Fatalf("list: exit %d", code)
	}
	st, err := os.Stat(c.data)
	if err != nil || st.Mode() != os.ModeDir|0o700 {
		t.Fatalf("data dir mode %v (%v), want drwx------", st.Mode(), err)
	}
	if !strings.Contains(c.stderrs.String(), "0700") {
		t.Errorf("the narrowing was not reported: %q", c.stderrs.String())
	}
}
