package screens

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
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

// startClock updates the header clock every second until the UI stops.
func (u *UI) startClock() {
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-u.ctx.Done():
				return
			case <-tick.C:
				fyne.Do(func() {
					if u.clockLabel != nil {
						if txt := u.clockText(); txt != u.clockLabel.Text {
							u.clockLabel.SetText(txt)
						}
					}
				})
			}
		}
	}()
}
