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
