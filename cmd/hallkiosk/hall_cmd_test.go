package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/app/hall"
	"hallkiosk/devices"
)

// hallServe runs `hall serve` until the test ends and returns its URL.
func hallServe(t *testing.T, cfg string, extra ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int, 1)
	args := append([]string{"--config", cfg, "hall", "serve", "--listen", "127.0.0.1:0"}, extra...)
	go func() { done <- run(ctx, args, &out, &errb) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("hall serve: exit %d: %s", code, errb.String())
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		if line, ok := strings.CutPrefix(out.String(), "hall bus listening on "); ok {
			return strings.TrimSpace(strings.SplitN(line, "\n", 2)[0])
		}
		select {
		case code := <-done:
			t.Fatalf("hall serve ended: exit %d: %s", code, errb.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("hall serve did not start: %s", errb.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func emptyConfig(t *testing.T) string {
	t.Helper()
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestHallServeAndStatus(t *testing.T) {
	cfg := emptyConfig(t)
	url := hallServe(t, cfg)
	kb, err := hall.Connect(hall.ClientOptions{URL: url, Terminal: "K-7", Role: hall.RoleKiosk})
	if err != nil {
		t.Fatal(err)
	}
	defer kb.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go (&hall.Agent{Bus: kb, Interval: 50 * time.Millisecond, Status: func(context.Context) hall.Status {
		return hall.Status{Devices: map[devices.Kind]devices.Status{devices.KindReceipt: {State: devices.Online, Paper: devices.PaperNearEnd}},
			Outbox: &hall.OutboxStatus{Depth: 2}}
	}}).Run(ctx)

	var list []statusJSON
	deadline := time.Now().Add(10 * time.Second)
	for {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"--config", cfg, "--bus", url, "hall", "status", "--json"}, &out, &errb)
		if code != exitOK {
			t.Fatalf("hall status: exit %d: %s", code, errb.String())
		}
		if err := json.Unmarshal(out.Bytes(), &list); err != nil {
			t.Fatalf("hall status --json: %v: %s", err, out.String())
		}
		if len(list) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(list) != 1 {
		t.Fatalf("terminals = %+v", list)
	}
	got := list[0]
	if got.ID != "K-7" || got.Role != hall.RoleKiosk || got.OutboxDepth == nil || *got.OutboxDepth != 2 ||
		got.Devices[devices.KindReceipt].Paper != devices.PaperNearEnd || got.LastSeen.IsZero() {
		t.Fatalf("terminal = %+v", got)
	}
}

func TestHallStatusBusDown(t *testing.T) {
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"--config", emptyConfig(t), "--bus", "nats://127.0.0.1:1", "hall", "status", "--wait", "300ms"}, &out, &errb)
	if code != exitError || !strings.Contains(errb.String(), "unreachable") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}

func TestHallCredsAndAuthenticatedServe(t *testing.T) {
	dir := t.TempDir()
	terminals := filepath.Join(dir, "terminals.toml")
	for _, c := range []struct{ id, role string }{{"K-1", "kiosk"}, {"W-1", "window"}} {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"hall", "creds", "--id", c.id, "--role", c.role,
			"--out", filepath.Join(dir, c.id+".nk"), "--terminals", terminals}, &out, &errb)
		if code != exitOK || !strings.HasPrefix(out.String(), c.id+" "+c.role+" U") {
			t.Fatalf("hall creds: exit %d: %s %s", code, out.String(), errb.String())
		}
	}
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("[hall]\nterminals = \""+terminals+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url := hallServe(t, cfg)
	// Without credentials: refused.
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"--config", emptyConfig(t), "--bus", url, "hall", "status", "--wait", "500ms"}, &out, &errb); code == exitOK {
		t.Fatalf("hall status without credentials: exit 0: %s", out.String())
	}
	// With the window's: the directory answers (nobody there yet).
	out.Reset()
	errb.Reset()
	wcfg := filepath.Join(dir, "w.toml")
	if err := os.WriteFile(wcfg, []byte("[kiosk]\ndevice_id = \"W-1\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code := run(context.Background(), []string{"--config", wcfg, "--bus", url, "--bus-creds", filepath.Join(dir, "W-1.nk"), "hall", "status", "--json"}, &out, &errb)
	if code != exitOK || strings.TrimSpace(out.String()) != "[]" {
		t.Fatalf("hall status with credentials: exit %d: %q %s", code, out.String(), errb.String())
	}
}

func TestHallSimulate(t *testing.T) {
	cfg := emptyConfig(t)
	url := hallServe(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var out, errb bytes.Buffer
	go func() {
		done <- run(ctx, []string{"--config", cfg, "--bus", url, "hall", "simulate", "--kiosks", "3", "--interval", "100ms"}, &out, &errb)
	}()
	var list []statusJSON
	for deadline := time.Now().Add(10 * time.Second); len(list) < 3 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var so, se bytes.Buffer
		if code := run(context.Background(), []string{"--config", cfg, "--bus", url, "hall", "status", "--json"}, &so, &se); code != exitOK {
			t.Fatalf("hall status: exit %d: %s", code, se.String())
		}
		_ = json.Unmarshal(so.Bytes(), &list)
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Fatalf("hall simulate: exit %d: %s", code, errb.String())
	}
	if len(list) != 3 || list[0].ID != "SIM-01" {
		t.Fatalf("terminals %+v", list)
	}
}
