package events_test

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"hallkiosk/app/events"
)

// BenchmarkAdd measures what the caller (Fyne's goroutine, a journey's)
// pays for an event: Add returns once the event is queued. It reports the
// 99th percentile of Add, and of Add until the writer committed the event
// (Flush right after, one event per transaction: the worst case).
func BenchmarkAdd(b *testing.B) {
	st, err := events.Open(filepath.Join(b.TempDir(), "events.db"), events.Options{Kiosk: "HK-01"})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	e := events.Event{Kind: events.Screen, Key: "form", Service: "GJJ-0301", Value: 12000}
	add := make([]time.Duration, 0, b.N)
	durable := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		st.Add(e)
		t1 := time.Now()
		if err := st.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		add = append(add, t1.Sub(t0))
		durable = append(durable, time.Since(t0))
	}
	b.StopTimer()
	b.ReportMetric(float64(p99(add).Nanoseconds())/1e3, "p99-add-µs")
	b.ReportMetric(float64(p99(durable).Nanoseconds())/1e3, "p99-committed-µs")
}

// BenchmarkAddBurst adds events as a busy hall does, without waiting:
// the writer commits them in batches. It reports the p99 of Add.
func BenchmarkAddBurst(b *testing.B) {
	st, err := events.Open(filepath.Join(b.TempDir(), "events.db"), events.Options{Kiosk: "HK-01"})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	e := events.Event{Kind: events.Step, Key: "apply", Detail: "field:2", Value: 4, Service: "GJJ-0301"}
	add := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		st.Add(e)
		add = append(add, time.Since(t0))
	}
	if err := st.Flush(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	b.ReportMetric(float64(p99(add).Nanoseconds())/1e3, "p99-add-µs")
}

func p99(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration{}, ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)*99/100]
}
