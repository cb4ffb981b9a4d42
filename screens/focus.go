package screens

import (
	"image/color"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"hallkiosk/app"
)

// doubleTapWindow is how close two taps must be to count as a double tap
// in voice mode (explore-by-touch).
const doubleTapWindow = 450 * time.Millisecond

// navState is the keyboard and touch navigation state.
type navState struct {
	shift    bool
	star     bool // '*' pressed: the next +/- changes the rate
	lastTap  time.Time
	keyboard bool // a key was pressed this session: show the focus ring
}

// keyCatcher is an invisible widget that holds Fyne's keyboard focus
// whenever no text entry is being edited, so every key (Tab included)
// reaches the kiosk's own navigation. Fyne's Button reacts to Space only;
// the kiosk activates with Enter and keypad Enter as well.
type keyCatcher struct {
	widget.BaseWidget
	u *UI
}

func newKeyCatcher(u *UI) *keyCatcher {
	k := &keyCatcher{u: u}
	k.ExtendBaseWidget(k)
	return k
}

var (
	_ fyne.Focusable  = (*keyCatcher)(nil)
	_ fyne.Tabbable   = (*keyCatcher)(nil)
	_ desktop.Keyable = (*keyCatcher)(nil)
)

func (k *keyCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
func (k *keyCatcher) MinSize() fyne.Size        { return fyne.NewSize(0, 0) }
func (k *keyCatcher) FocusGained()              {}
func (k *keyCatcher) FocusLost()                {}
func (k *keyCatcher) AcceptsTab() bool          { return true }
func (k *keyCatcher) TypedRune(r rune)          { k.u.handleRune(r) }
func (k *keyCatcher) TypedKey(e *fyne.KeyEvent) { k.u.handleKey(e.Name) }
func (k *keyCatcher) KeyDown(e *fyne.KeyEvent)  { k.u.trackModifier(e.Name, true) }
func (k *keyCatcher) KeyUp(e *fyne.KeyEvent)    { k.u.trackModifier(e.Name, false) }
func (u *UI) trackModifier(n fyne.KeyName, down bool) {
	if n == desktop.KeyShiftLeft || n == desktop.KeyShiftRight {
		u.nav.shift = down
	}
}

// handleKey is navigation by keyboard and keypad (non-printing keys).
func (u *UI) handleKey(n fyne.KeyName) {
	if u.staff != nil {
		u.staff.key(n)
		return
	}
	if u.startFromKeypad() {
		return
	}
	u.nav.keyboard = true
	u.userActivity()
	if u.lastSnap.Warning {
		switch n {
		case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
			u.deps.Session.Extend()
		case fyne.KeyF5:
			u.repeat()
		}
		return
	}
	switch n {
	case fyne.KeyTab:
		if u.nav.shift {
			u.moveFocus(-1)
		} else {
			u.moveFocus(1)
		}
	case fyne.KeyDown, fyne.KeyRight:
		u.moveFocus(1)
	case fyne.KeyUp, fyne.KeyLeft:
		u.moveFocus(-1)
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		u.activateFocused()
	case fyne.KeyEscape:
		u.goBack()
	case fyne.KeyBackspace:
		u.deleteChar()
	case fyne.KeyF5:
		u.repeat()
	case fyne.KeyF1:
		u.speakHelp()
	case fyne.KeyF12:
		u.callStaff()
	}
}

// handleRune is navigation by the 12-key keypad and the +/-/*/# keys.
func (u *UI) handleRune(r rune) {
	if u.staff != nil {
		u.staff.rune(r)
		return
	}
	if u.staffSequence(r) {
		return
	}
	if u.startFromKeypad() {
		return
	}
	u.nav.keyboard = true
	u.userActivity()
	star := u.nav.star
	u.nav.star = false
	if u.lastSnap.Warning {
		if r == '5' {
			u.repeat()
		}
		return
	}
	if u.view != nil && u.view.Letter != nil && (unicode.IsLetter(r) || r == '\'') && r < 0x80 && u.view.Letter(r) {
		return
	}
	switch r {
	case '8', '4':
		u.moveFocus(-1)
	case '2', '6':
		u.moveFocus(1)
	case '5':
		u.repeat()
	case '#':
		u.speakHelp()
	case '*':
		u.nav.star = true
	case '+':
		if star {
			u.deps.Voice.FasterRate()
		} else {
			u.deps.Voice.VolumeUp()
		}
		u.speakSetting()
	case '-':
		if star {
			u.deps.Voice.SlowerRate()
		} else {
			u.deps.Voice.VolumeDown()
		}
		u.speakSetting()
	}
}

// startFromKeypad starts a session with voice navigation on when a key is
// pressed on the attract loop or the closing screen: whoever uses the
// keypad there is most likely to need speech (EN 301 549 5.2).
func (u *UI) startFromKeypad() bool {
	if st := u.lastSnap.State; st != app.StateAttract && st != app.StateEnding {
		return false
	}
	u.deps.Session.Start()
	m := u.deps.Session.Snapshot().Mode
	m.Voice = true
	u.deps.Session.SetMode(m)
	return true
}

// userActivity is any key or touch: the idle timer restarts and speech
// that is playing stops (EN 301 549 5.1.3.5).
func (u *UI) userActivity() {
	u.deps.Session.Touch()
	if u.assisting {
		u.deps.StaffMenu.Touch() // the member of staff helping is active too
	}
	u.deps.Voice.Interrupt()
}

// moveFocus moves the focus ring by delta items, wrapping around.
func (u *UI) moveFocus(delta int) {
	if len(u.items) == 0 {
		return
	}
	if u.focus < 0 {
		if delta > 0 {
			u.focus = 0
		} else {
			u.focus = len(u.items) - 1
		}
	} else {
		u.focus = (u.focus + delta + len(u.items)) % len(u.items)
	}
	u.drawFocus()
	u.speakItem(u.items[u.focus])
}

// focusItem puts the focus ring on it.
func (u *UI) focusItem(it *Item) {
	for i, x := range u.items {
		if x == it {
			u.focus = i
			u.drawFocus()
			return
		}
	}
}

// Focused returns the focused item, or nil.
func (u *UI) Focused() *Item {
	if u.focus < 0 || u.focus >= len(u.items) {
		return nil
	}
	return u.items[u.focus]
}

// Items returns the focusable items of the screen in focus order.
func (u *UI) Items() []*Item { return u.items }

func (u *UI) activateFocused() {
	it := u.Focused()
	if it == nil {
		u.moveFocus(1)
		return
	}
	if it.Activate != nil {
		it.Activate()
	}
}

// tapped routes a tap on an item. In voice mode the first tap on an item
// focuses and speaks it and does nothing else; a double tap anywhere
// activates the focused item (explore-by-touch).
func (u *UI) tapped(it *Item) {
	u.userActivity()
	now := time.Now()
	if u.lastSnap.Mode.Voice {
		double := now.Sub(u.nav.lastTap) < doubleTapWindow
		u.nav.lastTap = now
		if double && u.Focused() != nil {
			u.nav.lastTap = time.Time{}
			u.activateFocused()
			return
		}
		u.focusItem(it)
		u.speakItem(it)
		return
	}
	u.focusItem(it)
	if it.Activate != nil {
		it.Activate()
	}
}

// tappedBackground is a tap outside every item.
func (u *UI) tappedBackground() {
	u.userActivity()
	if !u.lastSnap.Mode.Voice {
		return
	}
	now := time.Now()
	if now.Sub(u.nav.lastTap) < doubleTapWindow && u.Focused() != nil {
		u.nav.lastTap = time.Time{}
		u.activateFocused()
		return
	}
	u.nav.lastTap = now
}

// deleteChar is Backspace: it clears one character of what is being typed
// on this screen (a form field, the search, the SMS code).
func (u *UI) deleteChar() {
	if u.view != nil && u.view.Delete != nil && u.view.Delete() {
		u.say("已删除一位")
		return
	}
	u.say("没有可以删除的内容")
}

func (u *UI) goBack() {
	switch u.lastSnap.State {
	case app.StateAttract, app.StateEnding:
		return
	}
	if u.lastSnap.CanGoBack {
		u.deps.Session.Back()
	}
}

func (u *UI) callStaff() {
	if u.lastSnap.State == app.StateAttract || u.lastSnap.State == app.StateEnding {
		u.deps.Session.Start()
	}
	u.staffCall().Open()
}

// drawFocus puts the thick focus ring on the focused item and takes it off
// every other one. The ring shows in voice navigation and once the keypad
// or keyboard was used; a finger on the screen does not need it.
func (u *UI) drawFocus() {
	focused := u.Focused()
	show := u.lastSnap.Mode.Voice || u.nav.keyboard
	for _, it := range u.items {
		if r, ok := it.Object.(ringable); ok {
			r.setRing(show && it == focused)
		}
	}
}

// backgroundTapper catches taps that hit no item (for double tap anywhere).
type backgroundTapper struct {
	widget.BaseWidget
	u *UI
}

func newBackgroundTapper(u *UI) *backgroundTapper {
	b := &backgroundTapper{u: u}
	b.ExtendBaseWidget(b)
	return b
}

func (b *backgroundTapper) Tapped(*fyne.PointEvent) { b.u.tappedBackground() }

func (b *backgroundTapper) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Tap acts as a finger on it would (tours and tools drive the UI with it).
func (u *UI) Tap(it *Item) { u.tapped(it) }
