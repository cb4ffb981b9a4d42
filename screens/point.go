package screens

import (
	"time"

	"fyne.io/fyne/v2"
)

// maxPublishedItems bounds the item names handed to OnItems.
const maxPublishedItems = 60

// pointFor is how long an item staff pointed at stays ringed.
const pointFor = 6 * time.Second

// publishItems hands OnItems the names of the items on screen that carry
// no personal data, for the staff's live view to point at.
func (u *UI) publishItems() {
	if u.deps.OnItems == nil || u.dry {
		return
	}
	names := make([]string, 0, len(u.items))
	for _, it := range u.items {
		if it.Private || it.Name == "" {
			continue
		}
		names = append(names, it.Name)
		if len(names) == maxPublishedItems {
			break
		}
	}
	u.deps.OnItems(names)
}

// Point rings the item of the screen named name, as staff at the window
// asked, and says "请点这里" (even when the kiosk does not talk otherwise:
// staff asked it to). It reports whether the item is on screen; a private
// item is never pointed at. Call it on Fyne's goroutine.
func (u *UI) Point(name string) bool {
	for _, it := range u.items {
		if it.Private || it.Name != name {
			continue
		}
		r, ok := it.Object.(ringable)
		if !ok {
			return false
		}
		u.drawFocus()
		r.setRing(true)
		if u.deps.Voice != nil {
			_ = u.deps.Voice.Say(u.ctx, public("请点这里", name)...)
		}
		shown := u.lastSnap.Screen
		time.AfterFunc(pointFor, func() {
			fyne.Do(func() {
				if u.lastSnap.Screen == shown {
					u.drawFocus()
				}
			})
		})
		return true
	}
	return false
}
