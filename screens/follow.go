package screens

import (
	"fyne.io/fyne/v2"

	"hallkiosk/app"
	"hallkiosk/app/journey"
)

// followable is a journey whose slow work the screens follow: it says
// which screens are its own and tells when work starts and ends.
type followable interface {
	At(app.Screen) (journey.Step, bool)
	OnChange(func(journey.Event))
}

// followedJourneys are the journeys of the session seq whose slow work
// redraws the screen; a new citizen starts afresh.
type followedJourneys struct {
	seq int
	set map[followable]bool
}

// journeys is the citizen's journeys, built from the screens' own
// dependencies when the kiosk gave none.
func (u *UI) journeys() *journey.Current {
	if u.deps.Journeys == nil {
		u.deps.Journeys = journey.NewCurrent(journeyDeps(u.deps))
	}
	return u.deps.Journeys
}

// follow calls changed, on Fyne's goroutine, whenever j's slow work starts
// or ends while one of j's screens is on show (when the citizen moved on,
// the new screen announces itself). Each journey is followed once, however
// often its screen is drawn.
func (u *UI) follow(j followable, changed func(journey.Event)) {
	if seq := u.deps.Session.Snapshot().Seq; u.followed.set == nil || u.followed.seq != seq {
		u.followed = followedJourneys{seq: seq, set: map[followable]bool{}}
	}
	if u.followed.set[j] {
		return
	}
	u.followed.set[j] = true
	j.OnChange(func(ev journey.Event) {
		on := func() {
			if _, ok := j.At(u.lastSnap.Screen); ok {
				changed(ev)
			}
		}
		if u.deps.Inline {
			on()
			return
		}
		fyne.Do(on)
	})
}
