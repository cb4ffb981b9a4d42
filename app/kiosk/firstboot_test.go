package kiosk

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/internal/logging"
)

// TestFirstBootWaitsForThePortalsCatalog starts a hall's kiosk (not the
// demo) from its configuration with an empty state directory, as `run`
// does, against a portal address where first nothing listens, then
// something answers garbage, then portalsim: the kiosk starts with no
// catalog (never the demo's), reports each failed attempt with its reason
// while it retries with a growing backoff, and takes the portal's catalog
// as soon as it is served, caching it for the next start.
func TestFirstBootWaitsForThePortalsCatalog(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // the portal is down: nothing listens there

	cfg := config.Default()
	cfg.Kiosk.DeviceID = "K-FIRST-01"
	cfg.Portal.URL = "http://" + addr
	cfg.Portal.Token = "first-boot-token"
	cfg.Portal.Timeout = config.Duration(2 * time.Second)
	dataDir := t.TempDir()
	known, _, cached, err := StartingCatalog(dataDir, false)
	if err != nil || cached || len(known.Items) != 0 {
		t.Fatalf("a first start's catalog: cached %v, %d items, %v", cached, len(known.Items), err)
	}
	if demo, _, _, _ := StartingCatalog(t.TempDir(), true); len(demo.Items) == 0 {
		t.Fatal("the demo starts without its catalog")
	}
	cat, err := catalog.New(known, nil)
	if err != nil {
		t.Fatal(err)
	}
	session := app.NewSession(clock.Real{}, app.SessionConfig{IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour,
		Warning: time.Minute, Ending: time.Hour, TempBase: t.TempDir()})
	defer session.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	k, err := Start(ctx, Options{Config: cfg, DataDir: dataDir, Log: logging.Discard(), Session: session, Catalog: cat,
		Version: "test", NoSpeech: true, CatalogRetry: 20 * time.Millisecond, CatalogRetryMax: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if !k.WaitsForCatalog() || len(k.CurrentCatalog().All()) != 0 {
		t.Fatal("the kiosk started with services before the portal sent any")
	}

	// The portal comes up in two steps, driven by the reported attempts:
	// after two unanswered ones something answers garbage, after two
	// unusable answers portalsim serves.
	var waits []catalog.Wait
	var garbage *http.Server
	var sim *server.Server
	defer func() {
		if garbage != nil {
			garbage.Close()
		}
		if sim != nil {
			sim.Close()
		}
	}()
	unusable := 0
	onWait := func(w catalog.Wait) {
		waits = append(waits, w)
		switch {
		case len(waits) == 2:
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				t.Errorf("garbage portal: %v", err)
				return
			}
			garbage = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte("\x00\xff{\"items\": [garbage"))
			})}
			go garbage.Serve(ln)
		case w.Problem == catalog.ProblemUnusable:
			unusable++
			if unusable == 2 {
				garbage.Close()
				garbage = nil
				if sim, err = server.Start(context.Background(), server.Options{Addr: addr, Token: cfg.Portal.Token}); err != nil {
					t.Errorf("portalsim: %v", err)
				}
			}
		}
	}
	got := make(chan *catalog.Catalog, 1)
	done := make(chan struct{})
	kctx, stop := context.WithCancel(ctx)
	go func() {
		defer close(done)
		k.KeepCatalog(kctx, func(c *catalog.Catalog) {
			select {
			case got <- c:
			default:
			}
		}, onWait)
	}()
	var c *catalog.Catalog
	select {
	case c = <-got:
	case <-time.After(60 * time.Second):
		stop()
		<-done
		t.Fatalf("no catalog; attempts: %+v", waits)
	}
	stop()
	<-done

	demo, _ := catalog.Demo() // what portalsim serves
	if len(c.All()) != len(demo.Items) || k.CurrentCatalog() != c {
		t.Errorf("the kiosk took %d items (current is the new one: %v)", len(c.All()), k.CurrentCatalog() == c)
	}
	if len(waits) < 4 {
		t.Fatalf("attempts reported: %+v", waits)
	}
	for i, w := range waits {
		want := catalog.ProblemUnusable
		if i < 2 {
			want = catalog.ProblemUnreachable
		}
		if w.Problem != want || w.Attempts != i+1 {
			t.Errorf("attempt %d: %+v, want problem %d", i+1, w, want)
		}
		if i > 0 && w.Retry < waits[i-1].Retry {
			t.Errorf("the backoff shrank: %+v after %+v", w, waits[i-1])
		}
	}
	if _, err := os.Stat(filepath.Join(dataDir, CatalogFile)); err != nil {
		t.Errorf("the catalog was not cached: %v", err)
	}
	again, _, cached, err := StartingCatalog(dataDir, false)
	if err != nil || !cached || len(again.Items) != len(demo.Items) {
		t.Errorf("the next start's catalog: cached %v, %d items, %v", cached, len(again.Items), err)
	}
}
