package screens

import (
	"testing"

	"hallkiosk/app"
	"hallkiosk/app/journey"
)

// TestDryBuildsLeaveTheCitizensJourney: building every view only to read
// its texts (the speech warm-up) neither ends, replaces nor changes the
// journey of the citizen at the kiosk, whatever screen they are on.
func TestDryBuildsLeaveTheCitizensJourney(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	j := k.ui.applying("GJJ-0301")
	j.Begin()
	at := k.session.Snapshot().Screen
	fields := len(k.session.Data().Form())
	if prompts := k.ui.StaticPrompts(); len(prompts) == 0 {
		t.Fatal("no prompts")
	}
	if got := k.ui.deps.Journeys.Active(); got != journey.Journey(j) {
		t.Fatalf("the warm-up replaced the citizen's application with %T", got)
	}
	if k.ui.applying("GJJ-0301") != j {
		t.Fatal("the citizen's application was ended")
	}
	if got := k.session.Snapshot().Screen; got != at {
		t.Fatalf("the warm-up moved the citizen from %+v to %+v", at, got)
	}
	if got := len(k.session.Data().Form()); got != fields {
		t.Fatalf("the warm-up filled %d fields of the citizen's form", got-fields)
	}
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenIDCard {
		t.Fatalf("the application began at %+v", scr)
	}
}
