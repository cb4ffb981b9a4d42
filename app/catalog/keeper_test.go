package catalog

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"hallkiosk/app/portal"
)

// TestKeeperWithoutACatalogRetriesUntilOneArrives runs the keeper of a
// kiosk with no catalog against a portal over loopback HTTP that first
// drops the connection, then answers garbage, then a catalog that fails
// validation, then the real one: each failure is reported with its
// problem and a growing backoff (capped), nothing crashes, and the first
// good catalog is handed over and cached at once; after that the keeper
// waits the refresh interval, not the backoff.
func TestKeeperWithoutACatalogRetriesUntilOneArrives(t *testing.T) {
	demo, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	broken := portal.Catalog{Version: "bad", Items: []portal.ServiceItem{{Code: "A", Name: "甲"}, {Code: "A", Name: "乙"}}}
	var mu sync.Mutex
	phase := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		p := phase
		mu.Unlock()
		switch p {
		case 0: // no answer at all
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close()
			}
		case 1:
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"version": "x", "items": [{"code": `)) // cut short
		case 2:
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(broken)
		default:
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("ETag", `"v1"`)
			json.NewEncoder(w).Encode(demo)
		}
	}))
	defer srv.Close()
	client, err := portal.New(portal.Options{BaseURL: srv.URL, Token: "t", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "catalog.json")

	var waits []Wait
	var slept []time.Duration
	got := make(chan *Catalog, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	k := &Keeper{Source: client, Path: path, Every: time.Hour, MinBackoff: time.Second, MaxBackoff: 3 * time.Second,
		OnWait: func(w Wait) {
			waits = append(waits, w)
			mu.Lock()
			if len(waits) == 2 || len(waits) == 4 || len(waits) == 5 { // two tries of phase 0, one of 1, two of 2
				phase++
			}
			mu.Unlock()
		},
		OnCatalog: func(c *Catalog) { got <- c },
		After: func(d time.Duration) <-chan time.Time {
			slept = append(slept, d)
			if d == time.Hour { // waiting for the next refresh: the test is over
				cancel()
				return nil
			}
			ch := make(chan time.Time, 1)
			ch <- time.Time{}
			return ch
		},
	}
	done := make(chan struct{})
	go func() { defer close(done); k.Run(ctx, false) }()
	select {
	case c := <-got:
		if c.Version() != demo.Version || len(c.All()) != len(demo.Items) {
			t.Errorf("catalog handed over: %s, %d items", c.Version(), len(c.All()))
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no catalog")
	}
	<-done
	want := []Problem{ProblemUnreachable, ProblemUnreachable, ProblemUnusable, ProblemUnusable, ProblemUnusable}
	if len(waits) != len(want) {
		t.Fatalf("waits = %+v, want %d", waits, len(want))
	}
	backoff := []time.Duration{time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second, 3 * time.Second}
	for i, w := range waits {
		if w.Problem != want[i] || w.Attempts != i+1 || w.Retry != backoff[i] {
			t.Errorf("wait %d = %+v, want problem %d, attempt %d, retry %s", i, w, want[i], i+1, backoff[i])
		}
	}
	if last := slept[len(slept)-1]; last != time.Hour {
		t.Errorf("after the catalog the keeper waits %s, want the refresh interval", last)
	}
	if cached, etag, ok := LoadCache(path); !ok || etag != `"v1"` || cached.Version != demo.Version {
		t.Errorf("the catalog was not cached: %v %q", ok, etag)
	}
}

func TestProblemOf(t *testing.T) {
	for _, c := range []struct {
		err  error
		want Problem
	}{
		{nil, ProblemNone},
		{portal.ErrNetwork, ProblemUnreachable},
		{portal.ErrUnauthorized, ProblemUnreachable},
		{portal.ErrBadResponse, ProblemUnusable},
		{portal.ErrTooLarge, ProblemUnusable},
		{portal.ErrRedirected, ProblemUnusable},
		{portal.ErrNotPortal, ProblemUnusable},
		{ErrUnusable, ProblemUnusable},
	} {
		if got := ProblemOf(c.err); got != c.want {
			t.Errorf("ProblemOf(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}
