package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigErrorExits78 runs every subcommand that loads the configuration
// with a broken one: each must exit 78 (EX_CONFIG, which the unit does not
// restart on) and name the file, the line and the key, never exit 1 or
// start anyway. Subcommands that read no configuration (audit, camera,
// idcard, pinyin, ask, version, config default) are not in the table.
func TestConfigErrorExits78(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "config.toml")
	// Line 3, key portal.timeout: not a duration.
	text := "[kiosk]\ndevice_id = \"K-01\"\n[portal]\ntimeout = \"soon\"\n"
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "a.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
	}{
		{"run", []string{"run"}},
		{"run window", []string{"--role", "window", "run"}},
		{"session", []string{"session"}},
		{"doctor", []string{"doctor"}},
		{"doctor json", []string{"doctor", "--json"}},
		{"config check", []string{"config", "check"}},
		{"outbox list", []string{"outbox", "list"}},
		{"outbox add", []string{"outbox", "add", "--file", pdf}},
		{"outbox drain", []string{"outbox", "drain"}},
		{"outbox audit", []string{"outbox", "audit"}},
		{"outbox requeue", []string{"outbox", "requeue", "K1", "--reason", "test"}},
		{"outbox reset", []string{"outbox", "reset", "--reason", "test"}},
		{"staff list", []string{"staff", "list"}},
		{"figures", []string{"figures", "--month", "2026-11"}},
		{"print pdf", []string{"print", "pdf", "--file", pdf}},
		{"receipt status", []string{"receipt", "status", "--port", filepath.Join(dir, "none")}},
		{"speech say", []string{"speech", "say", "你好"}},
		{"speech voices", []string{"speech", "voices"}},
		{"hall serve", []string{"hall", "serve"}},
		{"hall status", []string{"hall", "status"}},
		{"hall simulate", []string{"hall", "simulate"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := append([]string{"--config", conf, "--data", filepath.Join(dir, "data")}, c.args...)
			code := runIO(context.Background(), args, strings.NewReader(""), &out, &errb)
			all := out.String() + errb.String()
			if code != exitConfig {
				t.Fatalf("exit %d, want %d (EX_CONFIG); output:\n%s", code, exitConfig, all)
			}
			if want := conf + ":4: portal.timeout"; !strings.Contains(all, want) {
				t.Errorf("output does not name %q:\n%s", want, all)
			}
		})
	}
}
