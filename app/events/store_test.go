package events_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hallkiosk/app/events"
)

func open(t *testing.T, path string, o events.Options) *events.Store {
	t.Helper()
	if o.Kiosk == "" {
		o.Kiosk = "HK-01"
	}
	st, err := events.Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"GJJ-0301":               "GJJ-0301",
		"apply":                  "apply",
		"field:2":                "field:2",
		"@progress":              "@progress",
		"110105199001011234":     "", // an ID number
		"13812345678":            "", // a phone
		"123456":                 "123456",
		"张三":                     "", // words
		"gjj tiqu":               "", // a search typed, with a space
		"a\x00b":                 "",
		string(make([]byte, 65)): "",
	} {
		if got := events.Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAddFlushReopen: events are numbered from 1, written by Flush, and
// the numbering goes on after a reopen.
func TestAddFlushReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.db")
	ctx := context.Background()
	st, err := events.Open(path, events.Options{Kiosk: "HK-01"})
	if err != nil {
		t.Fatal(err)
	}
	st.Add(events.Event{Kind: events.SessionStart})
	st.Add(events.Event{Kind: events.Submission, Service: "GJJ-0301", Key: events.Online, Reward: true})
	st.Add(events.Event{Kind: events.Rating, Value: 1, Tags: []string{"slow", "张三", "other"}})
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := st.After(ctx, "HK-01", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Seq != 1 || got[2].Seq != 3 || !got[1].Reward || got[1].Key != "online" {
		t.Fatalf("events: %+v", got)
	}
	if tags := got[2].Tags; len(tags) != 2 || tags[0] != "slow" || tags[1] != "other" {
		t.Errorf("tags: %q", tags)
	}
	st.Add(events.Event{Kind: events.SessionStart}) // written by Close
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st = open(t, path, events.Options{Kiosk: "HK-01"})
	st.Add(events.Event{Kind: events.SessionStart})
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.Last(ctx, "HK-01"); n != 5 {
		t.Errorf("last seq %d, want 5", n)
	}
	var sessions int
	if err := st.DB().QueryRow(`SELECT sum(n) FROM rollup WHERE metric = 'sessions'`).Scan(&sessions); err != nil || sessions != 3 {
		t.Errorf("rollup sessions %d (%v), want 3", sessions, err)
	}
}

// TestIngestTwice: a batch delivered twice counts once, in the events and
// the rollup; events that no kiosk could have made are skipped.
func TestIngestTwice(t *testing.T) {
	st := open(t, filepath.Join(t.TempDir(), "events.db"), events.Options{Kiosk: "WINDOW-1"})
	ctx := context.Background()
	at := time.Date(2026, 11, 3, 10, 0, 0, 0, time.Local)
	batch := []events.Event{
		{Kiosk: "HK-02", Seq: 1, At: at, Kind: events.SessionStart},
		{Kiosk: "HK-02", Seq: 2, At: at, Kind: events.Submission, Service: "SB-0101", Key: events.Offline},
		{Kiosk: "HK-02", Seq: 3, At: at, Kind: events.Kind(99)},
		{Kiosk: "HK-02", Seq: 0, At: at, Kind: events.SessionStart},
	}
	for i := 0; i < 2; i++ {
		n, err := st.Ingest(ctx, batch)
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{2, 0}[i]; n != want {
			t.Errorf("ingest %d: %d new, want %d", i, n, want)
		}
	}
	var subs int
	st.DB().QueryRow(`SELECT sum(n) FROM rollup_month WHERE metric = 'submission' AND month = 202611`).Scan(&subs)
	if subs != 1 {
		t.Errorf("submissions in the rollup: %d", subs)
	}
	if n, _ := st.Last(ctx, "HK-02"); n != 2 {
		t.Errorf("last of HK-02: %d", n)
	}
}

// TestPrune: events and rollups older than Keep go, newer stay.
func TestPrune(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	st := open(t, filepath.Join(t.TempDir(), "events.db"), events.Options{Kiosk: "HK-01", Location: time.UTC,
		Now: func() time.Time { return now }})
	ctx := context.Background()
	st.Add(events.Event{At: now.AddDate(-1, 0, -5), Kind: events.SessionStart})
	st.Add(events.Event{At: now.AddDate(0, 0, -300), Kind: events.SessionStart})
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := st.Prune(ctx)
	if err != nil || n != 1 {
		t.Fatalf("pruned %d (%v), want 1", n, err)
	}
	var days int
	st.DB().QueryRow(`SELECT count(*) FROM rollup`).Scan(&days)
	if days != 1 {
		t.Errorf("%d rollup days left, want 1", days)
	}
}

// TestQueueBound: beyond MaxQueue events are dropped and counted, never
// blocking.
func TestQueueBound(t *testing.T) {
	st := open(t, filepath.Join(t.TempDir(), "events.db"), events.Options{Kiosk: "HK-01", MaxQueue: 1})
	st.Close()
	st.Add(events.Event{Kind: events.SessionStart})
	if st.Dropped() != 1 {
		t.Errorf("dropped %d", st.Dropped())
	}
}

func TestDelivered(t *testing.T) {
	st := open(t, filepath.Join(t.TempDir(), "events.db"), events.Options{})
	ctx := context.Background()
	if n, _ := st.Delivered(ctx, "window"); n != 0 {
		t.Errorf("delivered %d before anything", n)
	}
	for _, s := range []int64{5, 9, 3} {
		if err := st.SetDelivered(ctx, "window", s); err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := st.Delivered(ctx, "window"); n != 3 {
		t.Errorf("delivered %d, want 3 (as the window said last)", n)
	}
}
