package screens

import (
	"testing"
	"time"
)

// The header clock changes when the minute does, and not before: it shows
// no seconds, so it does not wake the kiosk every second.
func TestHeaderClockTurnsWithTheMinute(t *testing.T) {
	k := newTestKiosk(t) // the fake clock stands at 09:30:00
	k.session.Start()
	label := k.ui.clockLabel
	if label == nil || label.Text != "11月28日 星期六 09:30" {
		t.Fatalf("clock = %v, want 11月28日 星期六 09:30", label)
	}
	k.clock.Advance(59 * time.Second)
	if label.Text != "11月28日 星期六 09:30" {
		t.Fatalf("after 59 s the clock shows %q", label.Text)
	}
	k.clock.Advance(time.Second)
	if label.Text != "11月28日 星期六 09:31" {
		t.Fatalf("at 09:31:00 the clock shows %q", label.Text)
	}
	k.clock.Advance(60 * time.Second)
	if label.Text != "11月28日 星期六 09:32" {
		t.Fatalf("at 09:32:00 the clock shows %q", label.Text)
	}
	k.ui.Stop()
	if k.ui.clock.timer.Stop() {
		t.Fatal("the clock's timer still runs after Stop")
	}
}
