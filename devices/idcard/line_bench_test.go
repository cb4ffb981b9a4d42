package idcard_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"hallkiosk/devices/idcard"
	"hallkiosk/devices/idcard/idcardsim"
	"hallkiosk/devices/serialport"
)

// BenchmarkReadCardLine115200 reads one resident card the way the Reader
// does (find, select, read 30 01, appended address 30 03) from the
// simulator paced at 115200 baud over a real PTY and tarm/serial, and
// compares the time taken with the line time of every byte exchanged in
// both directions. The target is x_line_time ≤ 1.10. x_line_time is the
// ratio of the sums; x_line_time_p50 the median of the per-read ratios,
// which is less sensitive to other processes competing for the CPU.
func BenchmarkReadCardLine115200(b *testing.B) {
	const baud = 115200
	ctx := context.Background()
	link := filepath.Join(b.TempDir(), "ttyBENCH")
	sim, err := idcardsim.Start(ctx, link, idcardsim.Options{Baud: baud})
	if err != nil {
		b.Fatal(err)
	}
	defer sim.Close()
	port, err := serialport.Open(link, baud, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer port.Close()
	c := idcard.NewConn(port, baud)
	if err := c.SAMStatus(ctx); err != nil {
		b.Fatal(err)
	}
	card := idcardsim.SampleCards()[0]
	var elapsed, line time.Duration
	var bytes int
	ratios := make([]float64, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		if err := sim.Place(card); err != nil {
			b.Fatal(err)
		}
		sim.ResetStats()
		b.StartTimer()
		start := time.Now()
		if err := c.FindCard(ctx); err != nil {
			b.Fatal(err)
		}
		if err := c.SelectCard(ctx); err != nil {
			b.Fatal(err)
		}
		got, err := c.ReadCard(ctx, false)
		if err != nil {
			b.Fatal(err)
		}
		if got.AppendedAddress, err = c.ReadAppendedAddress(ctx); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		elapsed += took
		st := sim.Stats()
		line += st.LineTime(baud)
		ratios = append(ratios, float64(took)/float64(st.LineTime(baud)))
		bytes += st.BytesIn + st.BytesOut
		if got.IDNumber != card.IDNumber {
			b.Fatal("wrong card")
		}
	}
	b.ReportMetric(float64(elapsed)/float64(line), "x_line_time")
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "x_line_time_p50")
	b.ReportMetric(float64(line.Microseconds())/1000/float64(b.N), "line_ms/op")
	b.ReportMetric(float64(bytes)/float64(b.N), "bytes/op")
}
