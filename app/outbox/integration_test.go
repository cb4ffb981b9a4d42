package outbox_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/cmd/portalsim/server"
)

const simToken = "outbox-test-token"

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startSim runs a portal simulator on loopback for the test.
func startSim(t testing.TB, f server.Faults, log *slog.Logger) *server.Server {
	t.Helper()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sim, err := server.Start(context.Background(), server.Options{Addr: "127.0.0.1:0", DataDir: t.TempDir(),
		Token: simToken, Faults: f, Seed: 42, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

func client(t testing.TB, url string, log *slog.Logger) *portal.Client {
	t.Helper()
	c, err := portal.New(portal.Options{BaseURL: url, Token: simToken, Timeout: 2 * time.Second, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSubmitOnlineAndOffline(t *testing.T) {
	logs := &syncBuf{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sim := startSim(t, server.Faults{}, log)
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{Portal: client(t, sim.URL(), log), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	ctx := context.Background()
	r, err := ob.Submit(ctx, 5*time.Second, application("online"),
		outbox.Material{Code: "lease", ContentType: portal.ContentPDF, Data: pdf(2048)})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Acknowledged() || r.ApplicationID == "" || r.Voucher == "" {
		t.Fatalf("online receipt %+v", r)
	}
	apps, _ := sim.Applications(ctx)
	if len(apps) != 1 || len(apps[0].Application.MaterialIDs) != 1 || apps[0].IdempotencyKey != r.Key {
		t.Fatalf("stored %+v", apps)
	}

	sim.Close() // the hall's network is down
	r2, err := ob.Submit(ctx, 2*time.Second, application("offline"))
	if err != nil {
		t.Fatal(err)
	}
	if r2.Acknowledged() || r2.State != outbox.StatePending || r2.Voucher == "" || r2.LastError == "" {
		t.Fatalf("offline receipt %+v", r2)
	}
	for _, s := range []string{testName, testID, testPhone} {
		if bytes.Contains([]byte(logs.String()), []byte(s)) {
			t.Fatalf("logs contain %q", s)
		}
	}
}

// TestExactlyOnceThroughFaults drains 30 submissions (a third with a
// material) through a portal that fails, drops connections after
// committing, and rate-limits: each arrives exactly once, with its one key.
func TestExactlyOnceThroughFaults(t *testing.T) {
	sim := startSim(t, server.Faults{FailRate: 0.2, DropAfterCommit: 0.3, Latency: time.Millisecond, RateLimit: 500}, nil)
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{Portal: client(t, sim.URL(), nil),
		BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	keys := map[string]string{}
	for i := range 30 {
		var mats []outbox.Material
		if i%3 == 0 {
			mats = append(mats, outbox.Material{Code: "m", ContentType: portal.ContentPDF, Data: pdf(500 + i)})
		}
		r, err := ob.Add(ctx, application(fmt.Sprint(i)), mats...)
		if err != nil {
			t.Fatal(err)
		}
		keys[fmt.Sprint(i)] = r.Key
	}
	res, err := ob.Drain(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Retried == 0 {
		t.Log("no faults hit; raise the rates")
	}
	checkArrivedOnce(t, sim, keys, 3)
}

// checkArrivedOnce asserts each marker's application arrived exactly once,
// under its key, with a material when marker%every == 0.
func checkArrivedOnce(t *testing.T, sim *server.Server, keys map[string]string, every int) {
	t.Helper()
	apps, err := sim.Applications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, a := range apps {
		m := a.Application.Form["marker"]
		seen[m]++
		if want, ok := keys[m]; ok && want != a.IdempotencyKey {
			t.Errorf("marker %s arrived under key %s, want %s", m, a.IdempotencyKey, want)
		}
		var n int
		fmt.Sscan(m, &n)
		if wantMats := n%every == 0; wantMats != (len(a.Application.MaterialIDs) == 1) {
			t.Errorf("marker %s: %d material ids", m, len(a.Application.MaterialIDs))
		}
	}
	if len(apps) != len(keys) {
		t.Errorf("%d applications arrived, want %d", len(apps), len(keys))
	}
	for m := range keys {
		if seen[m] != 1 {
			t.Errorf("marker %s arrived %d times", m, seen[m])
		}
	}
}

// TestLargeMaterial queues a material of the largest allowed size and
// drains it through the simulator.
func TestLargeMaterial(t *testing.T) {
	if testing.Short() {
		t.Skip("20 MB upload in -short mode")
	}
	sim := startSim(t, server.Faults{DropAfterCommit: 0.5}, nil)
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{Portal: client(t, sim.URL(), nil),
		BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	ctx := context.Background()
	r, err := ob.Add(ctx, application("large"), outbox.Material{Code: "scan", ContentType: portal.ContentPDF, Data: pdf(portal.MaxMaterialBytes)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Drain(ctx, true); err != nil {
		t.Fatal(err)
	}
	list, err := ob.List(ctx, outbox.ListOptions{Voucher: r.Voucher})
	if err != nil || len(list) != 2 || list[0].Size != portal.MaxMaterialBytes || list[0].State != outbox.StateSent || list[0].Sealed {
		t.Fatalf("%+v %v", list, err)
	}
	checkArrivedOnce(t, sim, map[string]string{"large": r.Key}, 1)
}
