package usage_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/clock"
	"hallkiosk/app/events"
	"hallkiosk/app/journey"
	"hallkiosk/app/usage"
)

// TestSessionEvents: a session with a search, a service and a form step
// becomes a start, screens with their dwell on the fake clock, steps
// once each, the service's visit time and the end with its reason and
// length. A search's words never leave the session.
func TestSessionEvents(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC))
	s := app.NewSession(clk, app.SessionConfig{IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour, Ending: time.Minute, TempBase: t.TempDir()})
	st, err := events.Open(filepath.Join(t.TempDir(), "events.db"), events.Options{Kiosk: "HK-01", Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	steps := func(sc app.Screen) (journey.Reached, bool) {
		if sc.ID == app.ScreenForm && sc.Param == "GJJ-0301" {
			return journey.Reached{Journey: "apply", Service: sc.Param, Step: journey.Step{Kind: journey.StepField, Field: sc.Index}, Position: 3 + sc.Index}, true
		}
		return journey.Reached{}, false
	}
	tr := usage.New(usage.Options{Session: s, Recorder: st, Clock: clk, Steps: steps,
		IsService: func(c string) bool { return c == "GJJ-0301" }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { tr.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	sync := func() {
		if err := tr.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	sync()

	s.Start()
	sync()
	clk.Advance(10 * time.Second)
	s.Open(app.Screen{ID: app.ScreenSearch, Param: "张三 110105199001011234"})
	sync()
	clk.Advance(5 * time.Second)
	s.Open(app.Screen{ID: app.ScreenForm, Param: "GJJ-0301", Index: 0})
	sync()
	clk.Advance(20 * time.Second)
	s.Replace(app.Screen{ID: app.ScreenForm, Param: "GJJ-0301", Index: 1})
	sync()
	clk.Advance(7 * time.Second)
	s.Back() // the search again
	sync()
	clk.Advance(3 * time.Second)
	s.Open(app.Screen{ID: app.ScreenForm, Param: "GJJ-0301", Index: 1}) // reached again: counted once
	sync()
	clk.Advance(4 * time.Second)
	s.Cancel()
	sync()
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	evs, err := st.After(ctx, "HK-01", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		kind             events.Kind
		key, svc, detail string
		value            int64
	}
	want := []row{
		{events.SessionStart, "", "", "", 0},
		{events.Screen, "home", "", "", 10000},
		{events.Screen, "search", "", "", 5000},
		{events.Step, "apply", "GJJ-0301", "field:0", 3},
		{events.Screen, "form", "GJJ-0301", "", 20000},
		{events.Step, "apply", "GJJ-0301", "field:1", 4},
		{events.Screen, "form", "GJJ-0301", "", 7000},
		{events.Screen, "search", "", "", 3000},
		{events.Screen, "form", "GJJ-0301", "", 4000},
		{events.Visit, "", "GJJ-0301", "", 31000},
		{events.SessionEnd, "cancelled", "", "", 49000},
	}
	var got []row
	for _, e := range evs {
		got = append(got, row{e.Kind, e.Key, e.Service, e.Detail, e.Value})
	}
	// A step comes when its screen is entered, its screen when left.
	if len(got) != len(want) {
		t.Fatalf("events:\n%v\nwant\n%v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
