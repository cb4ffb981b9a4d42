package screens

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"hallkiosk/app/clock"
)

// every calls f on Fyne's goroutine every d of the UI's clock until the
// screen is left, for something that changes now and then (the ID-card
// arrow's hop). It is not a fyne.Animation on purpose: Fyne ticks a running
// animation 60 times a second, and while one runs its event loop never
// rests, even when f changes something only twice a second (make
// bench-idle).
func (u *UI) every(d time.Duration, f func()) {
	if u.dry {
		return
	}
	var mu sync.Mutex
	left := false
	var timer clock.Timer
	var tick func()
	tick = func() {
		fyne.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			if left {
				return
			}
			if !u.motionHeld {
				f()
			}
			timer = u.deps.Clock.AfterFunc(d, tick)
		})
	}
	mu.Lock()
	timer = u.deps.Clock.AfterFunc(d, tick)
	mu.Unlock()
	u.onLeave(func() {
		mu.Lock()
		defer mu.Unlock()
		left = true
		timer.Stop()
	})
}

// HoldMotion stops (true) or lets go on (false) what moves on screen by
// itself: the ID-card arrow's hop and the busy bar. The redraw check holds
// them so two pictures of one screen can be compared. Call it on Fyne's
// goroutine.
func (u *UI) HoldMotion(on bool) { u.motionHeld = on }
