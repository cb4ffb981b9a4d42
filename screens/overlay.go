package screens

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/screens/typeset"
)

// warningView is the idle warning: it covers the whole screen (no small
// pop-up), counts down, and offers one big "继续办理" (WCAG 2.2.1).
type warningView struct {
	count *typeset.Text
	items []*Item
	saved []*Item
	focus int
}

// showWarning shows, updates or hides the idle warning for s.
func (u *UI) showWarning(s app.Snapshot) {
	w, _ := u.overlayState()
	switch {
	case s.Warning && w == nil:
		u.openWarning(s)
	case s.Warning && w != nil:
		w.count.SetText(warningCountText(s.WarningLeft))
		if s.WarningLeft > 0 && (s.WarningLeft%10 == 0 || s.WarningLeft <= 5) {
			u.warn(warningSpeech(s.WarningLeft))
		}
	case !s.Warning && w != nil:
		u.closeWarning()
	}
}

func (u *UI) overlayState() (*warningView, bool) {
	return u.warning, u.warning != nil
}

func warningCountText(left int) string {
	return fmt.Sprintf("%d 秒后将结束办理并清除您的信息", left)
}

func warningSpeech(left int) string {
	return fmt.Sprintf("还剩%d秒。需要更多时间，请按确认键或点击继续办理。", left)
}

func (u *UI) openWarning(s app.Snapshot) {
	st := u.style()
	w := &warningView{saved: u.items, focus: u.focus}
	shade := canvas.NewRectangle(color.NRGBA{A: 0xD8})
	title := heading(st, "您还在办理吗？")
	title.Align = fyne.TextAlignCenter
	w.count = u.text(warningCountText(s.WarningLeft), theme.SizeNameSubHeadingText, theme.ColorNameWarning)
	w.count.Align = fyne.TextAlignCenter
	cont, contItem := u.button("继续办理", kindAccent, RoleButton, u.deps.Session.Extend)
	cont.TitleSize = theme.SizeNameHeadingText
	cont.MinWidth, cont.MinHeight = 640, 140
	end, endItem := u.button("结束办理", kindPlain, RoleButton, u.deps.Session.Finish)
	end.MinWidth = 640
	panel := card(container.NewVBox(title, w.count, spacer(st, 0, 24), cont, end))
	u.overlay.Objects = []fyne.CanvasObject{shade, newBackgroundTapper(u), container.NewCenter(panel)}
	u.overlay.Refresh()
	w.items = []*Item{contItem, endItem}
	u.warning = w
	u.items = w.items
	u.focus = 0
	u.drawFocus()
	u.deps.Voice.Interrupt()
	u.warn("您还在办理吗", warningSpeech(s.WarningLeft))
}

func (u *UI) closeWarning() {
	u.deps.Voice.InterruptAll() // the warning no longer applies
	w := u.warning
	u.warning = nil
	u.overlay.Objects = nil
	u.overlay.Refresh()
	if u.lastSnap.Screen == u.screens.at {
		u.items, u.focus = w.saved, w.focus
	}
	u.drawFocus()
}
