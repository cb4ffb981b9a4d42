package screens

import (
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"hallkiosk/app/clock"
)

var weekdays = [...]string{"日", "一", "二", "三", "四", "五", "六"}

// clockText is the header's date and time: "11月28日 星期六 15:04".
func (u *UI) clockText() string {
	t := u.deps.Clock.Now()
	if u.portrait { // the narrow header has room for the date and time only
		return fmt.Sprintf("%d月%d日 %02d:%02d", t.Month(), t.Day(), t.Hour(), t.Minute())
	}
	return fmt.Sprintf("%d月%d日 星期%s %02d:%02d", t.Month(), t.Day(), weekdays[t.Weekday()], t.Hour(), t.Minute())
}

// headerClock is the timer that redraws the header clock.
type headerClock struct {
	mu      sync.Mutex
	timer   clock.Timer
	stopped bool
}

// startClock redraws the header clock when the minute changes (it shows
// no seconds: a wakeup a second would redraw nothing), until stopClock.
// Each wait is worked out from the time again, so a wall clock set at boot
// shows within a minute.
func (u *UI) startClock() {
	now := u.deps.Clock.Now()
	wait := now.Truncate(time.Minute).Add(time.Minute).Sub(now)
	u.clock.mu.Lock()
	defer u.clock.mu.Unlock()
	if u.clock.stopped {
		return
	}
	u.clock.timer = u.deps.Clock.AfterFunc(wait, func() {
		fyne.Do(u.updateClock)
		u.startClock()
	})
}

// stopClock stops the header clock's timer.
func (u *UI) stopClock() {
	u.clock.mu.Lock()
	defer u.clock.mu.Unlock()
	u.clock.stopped = true
	if u.clock.timer != nil {
		u.clock.timer.Stop()
	}
}

// updateClock sets the header clock's text, if the screen has one and the
// minute changed. Runs on Fyne's goroutine.
func (u *UI) updateClock() {
	if u.clockLabel == nil {
		return
	}
	if txt := u.clockText(); txt != u.clockLabel.Text {
		u.clockLabel.SetText(txt)
	}
}
