package figures_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hallkiosk/app/events"
	"hallkiosk/app/figures"
)

// TestHot: services rank by the submissions of the last 30 days; older
// ones no longer count, so the order follows what the hall does now.
func TestHot(t *testing.T) {
	now := time.Date(2026, 11, 30, 15, 0, 0, 0, cst)
	st, err := events.Open(filepath.Join(t.TempDir(), "events.db"), events.Options{Kiosk: "HK-01", Location: cst})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sub := func(code string, daysAgo, n int) {
		for i := 0; i < n; i++ {
			st.Add(events.Event{At: now.AddDate(0, 0, -daysAgo), Kind: events.Submission, Service: code, Key: events.Online})
		}
	}
	sub("GJJ-0301", 31, 50) // a rush before the window: no longer counts
	sub("SB-0101", 29, 3)
	sub("GJJ-0301", 1, 2)
	sub("HJ-0201", 0, 4)
	if err := st.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := figures.Hot(context.Background(), st.DB(), cst, now, figures.HotDays)
	if err != nil {
		t.Fatal(err)
	}
	want := []figures.Count{{Code: "HJ-0201", N: 4}, {Code: "SB-0101", N: 3}, {Code: "GJJ-0301", N: 2}}
	if len(got) != len(want) {
		t.Fatalf("hot %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("hot %v, want %v", got, want)
		}
	}
}
