package kiosk

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/internal/logging"
	"hallkiosk/speech"
)

// TestSpeechCacheIsPrunedAtStartAndAfterEverySession: the kiosk brings the
// prompt cache it opens within speech.cache_max_mb and speech.cache_max_age
// at once, and again whenever a session ends, in a goroutine it owns and
// stops when it closes.
func TestSpeechCacheIsPrunedAtStartAndAfterEverySession(t *testing.T) {
	const mb = 1 << 20
	dataDir := t.TempDir()
	dir := filepath.Join(dataDir, "speech-cache")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	// What earlier runs left: 20 prompts of 1 MB, used a minute apart, and
	// one nobody has used for a year.
	entry := func(i int, used time.Time) string {
		name := fmt.Sprintf("%064x.pcm", i)
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, mb); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, used, used); err != nil {
			t.Fatal(err)
		}
		return name
	}
	var byAge []string // oldest first
	for i := range 20 {
		byAge = append(byAge, entry(i, now.Add(time.Duration(i-60)*time.Minute)))
	}
	entry(99, now.AddDate(-1, 0, 0))

	cfg := config.Default()
	cfg.Speech.CacheMaxMB = 16
	cfg.Speech.CacheMaxAge = config.Duration(30 * 24 * time.Hour)
	session := app.NewSession(clock.Real{}, app.SessionConfig{
		IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour, Warning: time.Minute, Ending: time.Hour, TempBase: t.TempDir(),
	})
	t.Cleanup(session.Close)
	ctx, cancel := context.WithCancel(context.Background())
	pruned := make(chan speech.PruneResult, 4)
	k := &Kiosk{Config: cfg, DataDir: dataDir, Log: logging.New(&syncBuf{}, "debug", "T"), Session: session, ctx: ctx, stop: cancel,
		opts: Options{SpeechCachePruned: func(r speech.PruneResult, err error) {
			if err != nil {
				t.Errorf("prune: %v", err)
			}
			pruned <- r
		}}}
	t.Cleanup(k.Close)
	wait := func() speech.PruneResult {
		t.Helper()
		select {
		case r := <-pruned:
			return r
		case <-time.After(30 * time.Second): // a safety net, not a timing
			t.Fatal("the prompt cache was not pruned")
			return speech.PruneResult{}
		}
	}

	cache := k.openSpeechCache(logging.Component(k.Log, "speech"))
	if cache == nil || cache.Dir() != dir {
		t.Fatalf("cache %v, want one in %s", cache, dir)
	}
	r := wait()
	if r.Expired != 1 || r.Evicted != 4 || r.Bytes != 16*mb {
		t.Errorf("at start: %+v; want last year's prompt and the 4 least recently used gone, 16 MB kept", r)
	}
	if got, want := names(t, dir), byAge[4:]; !slices.Equal(got, want) {
		t.Errorf("at start kept %v, want %v", got, want)
	}

	// Two more prompts during a session; when it ends, the cache is brought
	// back under its bound.
	entry(20, now)
	entry(21, now)
	session.Start()
	session.Finish()
	r = wait()
	if r.Evicted != 2 || r.Bytes != 16*mb {
		t.Errorf("after a session: %+v; want the 2 least recently used gone", r)
	}
	if got := names(t, dir); len(got) != 16 || slices.Contains(got, byAge[4]) || slices.Contains(got, byAge[5]) {
		t.Errorf("after a session kept %v", got)
	}
}

// names lists dir, sorted.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}
