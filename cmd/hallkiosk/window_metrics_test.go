package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/app/config"
	"hallkiosk/app/hall"
	"hallkiosk/internal/logging"
)

// TestWindowMetricsScrapedOverHTTP wires the window terminal as runWindow
// does (windowBus's embedded server on loopback, hall.StartWindow,
// serveWindowMetrics on [metrics] listen), puts a kiosk on the bus that
// sends its status and calls the staff, and scrapes /metrics over HTTP:
// the bus connection, the embedded server up with its connections, one
// kiosk connected, one open call — and no terminal id or service in any
// series. When the kiosk falls silent past the stale time it is counted
// as silent, and an accepted call moves to "accepted".
func TestWindowMetricsScrapedOverHTTP(t *testing.T) {
	cfg := config.Default()
	cfg.Kiosk.DeviceID = "WIN-07"
	cfg.Metrics.Listen = "127.0.0.1:0"
	cfg.Hall.StatusInterval = config.Duration(100 * time.Millisecond)
	log := logging.Discard()
	bus, srv, url, closeBus, err := windowBus(cfg, true, log)
	if err != nil {
		t.Fatal(err)
	}
	defer closeBus()
	if srv == nil {
		t.Fatal("no embedded server")
	}
	w, err := hall.StartWindow(hall.WindowOptions{Bus: bus, CallsPath: filepath.Join(t.TempDir(), "calls.db"), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := serveWindowMetrics(ctx, cfg, w, srv, nil, nil, log)
	if addr == "" {
		t.Fatal("no metrics endpoint")
	}

	kb, err := hall.Connect(hall.ClientOptions{URL: url, Terminal: "KIOSK-SECRET-9", Role: hall.RoleKiosk, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	defer kb.Close()
	a := &hall.Agent{Bus: kb, Interval: 30 * time.Millisecond,
		Status: func(context.Context) hall.Status { return hall.Status{Screen: "form", InSession: true} }}
	agentCtx, stopAgent := context.WithCancel(ctx)
	agentDone := make(chan struct{})
	go func() { defer close(agentDone); _ = a.Run(agentCtx) }()
	defer func() { stopAgent(); <-agentDone }()
	eventuallyT(t, "the kiosk's status at the window", func() bool { return len(w.Terminals()) > 0 })
	call, err := a.Call(ctx, hall.Call{Service: "SB-0201", ServiceName: "社保缴费", Stage: 2, Stages: 4, StageName: "填写信息"})
	if err != nil {
		t.Fatal(err)
	}

	scrape := func() string {
		t.Helper()
		resp, err := http.Get("http://" + addr + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("scrape: %d, %v", resp.StatusCode, err)
		}
		return string(body)
	}
	text := scrape()
	for _, want := range []string{
		`hallkiosk_build_info{version="` + version + `"} 1`,
		`hallkiosk_bus_connected 1`,
		`hallkiosk_bus_server_up 1`,
		`hallkiosk_bus_clients 2`, // the window (in process) and the kiosk
		`hallkiosk_hall_kiosks{state="connected"} 1`,
		`hallkiosk_hall_kiosks{state="silent"} 0`,
		`hallkiosk_hall_up 1`,
		`hallkiosk_hall_calls_open{state="open"} 1`,
		`hallkiosk_hall_calls_open{state="accepted"} 0`,
		`go_goroutines`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %s in the metrics", want)
		}
	}
	for _, v := range []string{"KIOSK-SECRET-9", "WIN-07", "SB-0201", "社保缴费", "填写信息", call.ID} {
		if strings.Contains(text, v) {
			t.Errorf("the metrics carry %q", v)
		}
	}
	if t.Failed() {
		t.Fatalf("metrics:\n%s", text)
	}

	// The call accepted; the kiosk gone silent past the stale time (three
	// status intervals).
	if err := w.Accept(ctx, call.ID); err != nil {
		t.Fatal(err)
	}
	stopAgent()
	<-agentDone
	kb.Close()
	eventuallyT(t, "the kiosk counted silent", func() bool {
		text = scrape()
		return strings.Contains(text, `hallkiosk_hall_kiosks{state="silent"} 1`)
	})
	for _, want := range []string{
		`hallkiosk_hall_kiosks{state="connected"} 0`,
		`hallkiosk_hall_calls_open{state="open"} 0`,
		`hallkiosk_hall_calls_open{state="accepted"} 1`,
		`hallkiosk_bus_clients 1`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %s in the metrics:\n%s", want, text)
		}
	}
}

// eventuallyT waits up to 10 s for cond.
func eventuallyT(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
