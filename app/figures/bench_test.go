package figures_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hallkiosk/app/events"
	"hallkiosk/app/figures"
	"hallkiosk/app/figures/figurestest"
)

// yearDB is a hall of 20 kiosks with a year of events (about five million
// rows), generated once and kept in the temp directory between runs.
func yearDB(b *testing.B) *events.Store {
	b.Helper()
	path := filepath.Join(os.TempDir(), "hallkiosk-bench-figures-v3.db")
	_, err := os.Stat(path)
	fresh := err != nil
	tmp := path
	if fresh {
		tmp = path + ".part"
		os.Remove(tmp)
	}
	st, err := events.Open(tmp, events.Options{Kiosk: "WINDOW-1", Location: cst,
		Now: func() time.Time { return time.Date(2026, 12, 31, 12, 0, 0, 0, cst) }})
	if err != nil {
		b.Fatal(err)
	}
	if fresh {
		evs := figurestest.Generate(figurestest.Config{Seed: 1, Kiosks: 20, From: time.Date(2026, 1, 1, 0, 0, 0, 0, cst),
			Days: 365, Location: cst, SessionsPerDay: 30})
		if err := figurestest.Seed(context.Background(), st, evs); err != nil {
			b.Fatal(err)
		}
		st.Close()
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		for _, ext := range []string{"-wal", "-shm"} {
			os.Remove(tmp + ext)
		}
		return yearDB(b)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// BenchmarkMonth computes November's figures for the whole hall from a
// year of events (target ≤ 300 ms).
func BenchmarkMonth(b *testing.B) {
	st := yearDB(b)
	var rows int64
	if err := st.DB().QueryRow(`SELECT count(*) FROM events`).Scan(&rows); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	nov := figures.Month(2026, time.November)
	b.ResetTimer()
	var r *figures.Report
	for i := 0; i < b.N; i++ {
		var err error
		r, err = figures.Compute(ctx, st.DB(), cst, nov, figures.Filter{})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(rows), "events")
	b.ReportMetric(float64(r.Total.Sessions), "sessions/month")
	if len(r.Kiosks) != 20 {
		b.Fatal(fmt.Sprint("kiosks: ", r.Kiosks))
	}
}
