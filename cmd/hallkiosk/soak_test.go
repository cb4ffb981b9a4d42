package main

import (
	"io"
	"strings"
	"testing"
)

// The soak's verdict: memory that moves a few MiB between samples but does
// not rise passes; memory, goroutines or files that keep growing fail.
func TestSoakVerdict(t *testing.T) {
	const mb = 1 << 20
	samples := func(rss func(i int) uint64, gor func(i int) int) []soakSample {
		var out []soakSample
		for i := 10; i <= 100; i += 10 {
			out = append(out, soakSample{session: i, rss: rss(i), heap: 30 * mb, goroutines: gor(i), fds: 46, dataDir: 1 << 20})
		}
		return out
	}
	noisy := []uint64{217, 232, 238, 230, 229, 236, 231, 228, 235, 231}
	flatGor := func(int) int { return 47 }
	cases := []struct {
		name  string
		s     []soakSample
		fails string
	}{
		{"noisy but flat", samples(func(i int) uint64 { return noisy[i/10-1] * mb }, flatGor), ""},
		{"rss rising", samples(func(i int) uint64 { return (220 + uint64(i)/10) * mb }, flatGor), "RSS grew"},
		{"goroutines rising", samples(func(int) uint64 { return 230 * mb }, func(i int) int { return 47 + i/10 }), "goroutines grew"},
	}
	for _, c := range cases {
		err := soakVerdict(c.s, 100, io.Discard)
		switch {
		case c.fails == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.fails != "" && (err == nil || !strings.Contains(err.Error(), c.fails)):
			t.Errorf("%s: err = %v, want %q", c.name, err, c.fails)
		}
	}
}
