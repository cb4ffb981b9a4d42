package idcard

import (
	"testing"
	"time"
)

func TestDefaultOpts(t *testing.T) {
	o := DefaultOpts()
	if o.Baud != 115200 || o.PollInterval != 250*time.Millisecond || o.ReadAttempts != 3 ||
		o.Logger == nil || o.OpenPort == nil || o.Sleep == nil {
		t.Fatalf("defaults %+v", o)
	}
}

// The reader is back within 2 s of a replug: it retries opening at most
// MaxBackoff (1 s) apart, and reopening plus the SAM check take a few line
// times.
func TestBackoffSchedule(t *testing.T) {
	o := DefaultOpts()
	var got []time.Duration
	d := time.Duration(0)
	for range 7 {
		d = o.nextBackoff(d)
		got = append(got, d)
	}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000, 1000}
	for i := range want {
		if got[i] != want[i]*time.Millisecond {
			t.Fatalf("backoff %v, want %v ms", got, want)
		}
	}
	o = Opts{MinBackoff: time.Second, MaxBackoff: time.Millisecond}.withDefaults()
	if o.MaxBackoff != time.Second {
		t.Fatalf("max below min: %v", o.MaxBackoff)
	}
}
