package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestStaffAddRoleAndGlobalRole: `staff add --role assistant|admin` is the
// account's role wherever the terminal's global --role (kiosk|window)
// stands, and the global --role keeps its meaning for every other
// subcommand.
func TestStaffAddRoleAndGlobalRole(t *testing.T) {
	c := newStaffCLI(t)
	c.must(pins("480215", "480215"), exitOK, "staff", "add", "--id", "1001", "--role", "admin", "--pin-stdin")
	c.must(pins("480216", "480216"), exitOK, "--role", "window", "staff", "add", "--id", "1002", "--role", "assistant", "--pin-stdin")
	c.must(pins("480217", "480217"), exitOK, "staff", "add", "--role", "admin", "--id", "1003", "--pin-stdin", "--role", "assistant")
	// Before the subcommand an account role is the account's.
	c.must(pins("480218", "480218"), exitOK, "--role", "admin", "staff", "add", "--id", "1004", "--pin-stdin")
	// A terminal's role is no account's.
	c.must(pins("480219", "480219"), exitUsage, "--role", "window", "staff", "add", "--id", "1005", "--pin-stdin")
	c.must(pins("480219", "480219"), exitUsage, "staff", "add", "--id", "1005", "--role", "window", "--pin-stdin")
	var list []map[string]any
	if err := json.Unmarshal([]byte(c.must(nil, exitOK, "staff", "list", "--json")), &list); err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for _, a := range list {
		got[a["id"].(string)] = a["role"]
	}
	want := map[string]string{"1001": "admin", "1002": "assistant", "1003": "assistant", "1004": "admin"}
	if len(got) != len(want) {
		t.Fatalf("accounts %v, want %v", got, want)
	}
	for id, r := range want {
		if got[id] != r {
			t.Errorf("account %s: role %v, want %s", id, got[id], r)
		}
	}

	// The global --role of the other subcommands: before or after the
	// subcommand, checked, and applied to the configuration.
	c.must(nil, exitOK, "--role", "window", "config", "check")
	c.must(nil, exitOK, "config", "check", "--role", "kiosk")
	if msg := c.must(nil, exitConfig, "config", "check", "--role", "admin"); !strings.Contains(msg, "want kiosk or window") {
		t.Fatalf("a bad terminal role: %s", msg)
	}
	for _, args := range [][]string{{"--role", "window", "config", "check"}, {"config", "check", "--role", "window"}} {
		e := &env{stdout: &strings.Builder{}, stderr: &strings.Builder{}}
		rest, err := e.parseGlobals(append([]string{"--config", c.config}, args...))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.flags("config check").Parse(rest[2:]); err != nil {
			t.Fatal(err)
		}
		cfg, err := e.config()
		if err != nil || cfg.Hall.Role != "window" {
			t.Fatalf("%v: role %q (%v)", args, cfg.Hall.Role, err)
		}
	}
}
