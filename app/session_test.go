package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"hallkiosk/app/clock"
)

func newTestSession(t *testing.T) (*Session, *clock.Fake, *[]Snapshot) {
	t.Helper()
	clk := clock.NewFake(time.Date(2026, 11, 28, 9, 0, 0, 0, time.Local))
	s := NewSession(clk, SessionConfig{
		IdleTimeout:      90 * time.Second,
		ElderIdleTimeout: 180 * time.Second,
		Warning:          30 * time.Second,
		Ending:           8 * time.Second,
		TempBase:         t.TempDir(),
	})
	var seen []Snapshot
	s.Subscribe(func(snap Snapshot) { seen = append(seen, snap) })
	t.Cleanup(s.Close)
	return s, clk, &seen
}

func TestAttractToHomeToServiceAndBack(t *testing.T) {
	s, _, _ := newTestSession(t)
	if got := s.Snapshot(); got.State != StateAttract || got.Screen.ID != ScreenAttract {
		t.Fatalf("start: %+v", got)
	}
	s.Open(Screen{ID: ScreenService, Param: "X"})
	if s.Snapshot().State != StateAttract {
		t.Fatal("Open worked before Start")
	}
	s.Start()
	if got := s.Snapshot(); got.State != StateHome || got.Seq != 1 || got.CanGoBack {
		t.Fatalf("after start: %+v", got)
	}
	s.Open(Screen{ID: ScreenService, Param: "GJJ-0301"})
	if got := s.Snapshot(); got.State != StateInService || got.Screen.Param != "GJJ-0301" || !got.CanGoBack {
		t.Fatalf("after open: %+v", got)
	}
	s.Back()
	if got := s.Snapshot(); got.Screen.ID != ScreenHome {
		t.Fatalf("after back: %+v", got)
	}
}

func TestIdleWarningCountsDownAndExpiresToAttract(t *testing.T) {
	s, clk, seen := newTestSession(t)
	s.Start()
	s.Open(Screen{ID: ScreenForm, Param: "SB-0201"})
	clk.Advance(89 * time.Second)
	if s.Snapshot().Warning {
		t.Fatal("warning before the idle timeout")
	}
	s.Touch() // activity restarts the idle timer
	clk.Advance(89 * time.Second)
	if s.Snapshot().Warning {
		t.Fatal("touch did not restart the idle timer")
	}
	clk.Advance(time.Second)
	snap := s.Snapshot()
	if !snap.Warning || snap.WarningLeft != 30 {
		t.Fatalf("warning = %v left %d, want a 30 s countdown", snap.Warning, snap.WarningLeft)
	}
	*seen = nil
	clk.Advance(29 * time.Second)
	var counts []int
	for _, sn := range *seen {
		if sn.Warning {
			counts = append(counts, sn.WarningLeft)
		}
	}
	if len(counts) != 29 || counts[0] != 29 || counts[len(counts)-1] != 1 {
		t.Fatalf("countdown published %v, want 29…1", counts)
	}
	if s.Snapshot().State != StateInService {
		t.Fatal("expired early")
	}
	clk.Advance(time.Second)
	snap = s.Snapshot()
	if snap.State != StateEnding || snap.EndReason != EndTimeout || snap.Warning {
		t.Fatalf("after expiry: %+v", snap)
	}
	clk.Advance(8 * time.Second)
	if got := s.Snapshot(); got.State != StateAttract {
		t.Fatalf("after ending: %+v", got)
	}
	if clk.Pending() != 0 {
		t.Fatalf("%d timers left running on the attract screen", clk.Pending())
	}
}

func TestWarningCanBeExtendedAtLeastTenTimes(t *testing.T) {
	s, clk, _ := newTestSession(t)
	s.Start()
	s.Open(Screen{ID: ScreenForm, Param: "SB-0201"})
	for i := 0; i < 12; i++ {
		clk.Advance(90 * time.Second)
		snap := s.Snapshot()
		if !snap.Warning {
			t.Fatalf("round %d: no warning", i)
		}
		clk.Advance(29 * time.Second) // answer in the last second
		s.Touch()                     // a stray touch does not dismiss it
		if !s.Snapshot().Warning {
			t.Fatal("touch dismissed the warning")
		}
		s.Extend()
		if snap := s.Snapshot(); snap.Warning || snap.State != StateInService || snap.Extensions != i+1 {
			t.Fatalf("round %d after extend: %+v", i, snap)
		}
	}
	if s.Snapshot().Screen.ID != ScreenForm {
		t.Fatal("extending lost the citizen's place")
	}
}

func TestElderModeDoublesTheIdleTimeout(t *testing.T) {
	s, clk, _ := newTestSession(t)
	s.Start()
	s.SetMode(Mode{Elder: true})
	clk.Advance(179 * time.Second)
	if s.Snapshot().Warning {
		t.Fatal("长辈版 warned before 180 s")
	}
	clk.Advance(time.Second)
	if !s.Snapshot().Warning {
		t.Fatal("长辈版 did not warn at 180 s")
	}
}

type fakeCard struct{ wiped bool }

func (c *fakeCard) Wipe() { c.wiped = true }

func TestWipeClearsEverything(t *testing.T) {
	for _, how := range []string{"finish", "cancel", "timeout"} {
		t.Run(how, func(t *testing.T) {
			s, clk, _ := newTestSession(t)
			hookRuns := 0
			s.OnWipe(func() { hookRuns++ })
			s.Start()
			s.SetMode(Mode{Elder: true, Voice: true})
			d := s.Data()
			d.SetField("phone", "13812345678")
			img := bytes.Repeat([]byte{0xFF}, 1024)
			d.AddImage(img)
			card := &fakeCard{}
			d.Keep(card)
			f, err := d.TempFile(s.TempBase(), "scan-*.jpg")
			if err != nil {
				t.Fatal(err)
			}
			f.Write([]byte("JPEG data of a citizen"))
			f.Close()
			s.Open(Screen{ID: ScreenForm, Param: "SB-0201"})

			switch how {
			case "finish":
				s.Finish()
			case "cancel":
				s.Cancel()
			case "timeout":
				clk.Advance(180*time.Second + 30*time.Second)
			}
			if snap := s.Snapshot(); snap.State != StateEnding {
				t.Fatalf("not ending: %+v", snap)
			}
			if d.Field("phone") != "" || len(d.Form()) != 0 || len(d.Images()) != 0 {
				t.Fatal("form or images survived the wipe")
			}
			if !bytes.Equal(img, make([]byte, len(img))) {
				t.Fatal("image buffer not zeroed")
			}
			if !card.wiped {
				t.Fatal("card not wiped")
			}
			if _, err := os.Stat(f.Name()); !os.IsNotExist(err) {
				t.Fatalf("temp file survived: %v", err)
			}
			if entries, _ := os.ReadDir(s.TempBase()); len(entries) != 0 {
				t.Fatalf("temp dir not empty: %v", entries)
			}
			if !s.Data().Empty() {
				t.Fatal("new session data not empty")
			}
			if s.Snapshot().Mode != (Mode{}) {
				t.Fatal("mode not reset to the defaults")
			}
			if hookRuns != 1 {
				t.Fatalf("wipe hooks ran %d times", hookRuns)
			}
			clk.Advance(8 * time.Second)
			if s.Snapshot().State != StateAttract {
				t.Fatal("did not return to attract")
			}
		})
	}
}

func TestTouchOnEndingStartsANewSession(t *testing.T) {
	s, clk, _ := newTestSession(t)
	s.Start()
	s.Finish()
	s.Start()
	if snap := s.Snapshot(); snap.State != StateHome || snap.Seq != 2 {
		t.Fatalf("got %+v", snap)
	}
	clk.Advance(8 * time.Second) // the old ending timer must not fire
	if s.Snapshot().State != StateHome {
		t.Fatal("stale ending timer sent the new citizen to attract")
	}
}

func TestWipeErrorIsReported(t *testing.T) {
	s, _, _ := newTestSession(t)
	var got error
	s.OnWipeError(func(err error) { got = err })
	s.Start()
	f, err := s.Data().TempFile(s.TempBase(), "x-*")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	dir := filepath.Dir(f.Name())
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700)
	s.Finish()
	if os.Geteuid() == 0 {
		return // root removes it anyway
	}
	if got == nil {
		t.Fatal("wipe error not reported")
	}
}

// TestWipeFailureIsOnTheEndingScreen: when something the citizen left
// cannot be destroyed, the ending screen's snapshot says so (the screen
// must not claim all was cleared); the next citizen starts clean.
func TestWipeFailureIsOnTheEndingScreen(t *testing.T) {
	s, _, _ := newTestSession(t)
	s.Start()
	f, err := s.Data().TempFile(s.TempBase(), "x-*")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	// A directory that will not go where the temp file was, even for root.
	os.Remove(f.Name())
	if err := os.MkdirAll(filepath.Join(f.Name(), "stuck"), 0o700); err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(f.Name())
	s.Finish()
	if snap := s.Snapshot(); snap.State != StateEnding || !snap.WipeFailed {
		t.Fatalf("after a failed wipe: %+v", snap)
	}
	s.Start()
	if s.Snapshot().WipeFailed {
		t.Fatal("the next citizen inherits the failed wipe")
	}
}

// TestEveryChangeCountsOnce: each change a listener hears carries a higher
// Change than the one before; a call that changes nothing adds none.
func TestEveryChangeCountsOnce(t *testing.T) {
	s, _, seen := newTestSession(t)
	s.Start()
	s.Start() // already in a session: nothing changes
	s.Open(Screen{ID: ScreenService, Param: "X"})
	s.Back()
	if len(*seen) != 3 {
		t.Fatalf("heard %d changes, want 3", len(*seen))
	}
	for i, snap := range *seen {
		if snap.Change != uint64(i+1) {
			t.Fatalf("change %d carries Change %d", i+1, snap.Change)
		}
	}
	if got := s.Snapshot().Change; got != 3 {
		t.Fatalf("Snapshot().Change = %d, want the last change's 3", got)
	}
}
