package outbox_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/cmd/portalsim/server"
)

// benchApplication is a realistic application: a full form of about 1 KB.
func benchApplication(i int) portal.Application {
	a := application(fmt.Sprint(i))
	a.ServiceCode = "GJJ-0301"
	a.Form["reason"] = "租房提取"
	a.Form["amount"] = "12000"
	a.Form["bank_card"] = "6222020200112233445"
	a.Form["phone"] = testPhone
	a.Form["note"] = strings.Repeat("租赁合同已上传，请审核。", 20)
	return a
}

// BenchmarkAddDurable measures one Add committed with synchronous=FULL and
// reports its latency percentiles (target p99 ≤ 25 ms).
func BenchmarkAddDurable(b *testing.B) {
	ob, err := outbox.Open(filepath.Join(b.TempDir(), "outbox.db"), outbox.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ob.Close()
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		t0 := time.Now()
		if _, err := ob.Add(ctx, benchApplication(i)); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
}

// fill adds n applications.
func fill(b *testing.B, ob *outbox.Outbox, n int) {
	b.Helper()
	ctx := context.Background()
	for i := range n {
		if _, err := ob.Add(ctx, benchApplication(i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDrainLoopback drains batches of 500 queued applications into the
// portal simulator over loopback HTTP without faults and reports
// applications per second (target ≥ 300).
func BenchmarkDrainLoopback(b *testing.B) {
	sim := startSim(b, server.Faults{}, nil)
	ob, err := outbox.Open(filepath.Join(b.TempDir(), "outbox.db"), outbox.Options{Portal: client(b, sim.URL(), nil)})
	if err != nil {
		b.Fatal(err)
	}
	defer ob.Close()
	const batch = 500
	var busy time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		fill(b, ob, batch)
		b.StartTimer()
		t0 := time.Now()
		res, err := ob.Drain(context.Background(), true)
		busy += time.Since(t0)
		if err != nil || res.Sent != batch {
			b.Fatalf("drain %+v %v", res, err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/busy.Seconds(), "apps/s")
}

// BenchmarkDrainRSS queues 10 000 applications, then drains them into the
// simulator while sampling the process's resident set: it must stay flat
// (the sender reads one item at a time, never the whole queue).
func BenchmarkDrainRSS(b *testing.B) {
	const n = 10000
	for range b.N {
		b.StopTimer()
		sim := startSim(b, server.Faults{}, nil)
		ob, err := outbox.Open(filepath.Join(b.TempDir(), "outbox.db"), outbox.Options{Portal: client(b, sim.URL(), nil)})
		if err != nil {
			b.Fatal(err)
		}
		fill(b, ob, n)
		runtime.GC()
		before := rssKB(b)
		var mu sync.Mutex
		peak, samples := before, []int{}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			t := time.NewTicker(100 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					r := rssKB(b)
					mu.Lock()
					peak = max(peak, r)
					samples = append(samples, r)
					mu.Unlock()
				}
			}
		})
		b.StartTimer()
		t0 := time.Now()
		res, err := ob.Drain(context.Background(), true)
		elapsed := time.Since(t0)
		b.StopTimer()
		close(stop)
		wg.Wait()
		if err != nil || res.Sent != n {
			b.Fatalf("drain %+v %v", res, err)
		}
		mu.Lock()
		quarter := samples[len(samples)/4]
		last := samples[len(samples)-1]
		mu.Unlock()
		b.ReportMetric(float64(before)/1024, "rss-start-MB")
		b.ReportMetric(float64(quarter)/1024, "rss-25%-MB")
		b.ReportMetric(float64(last)/1024, "rss-end-MB")
		b.ReportMetric(float64(peak)/1024, "rss-peak-MB")
		b.ReportMetric(float64(n)/elapsed.Seconds(), "apps/s")
		ob.Close()
		sim.Close()
	}
}

// rssKB reads the resident set size of this process from /proc.
func rssKB(b *testing.B) int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skip("no /proc/self/status")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb
		}
	}
	return 0
}
