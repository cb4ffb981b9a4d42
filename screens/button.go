package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hallkiosk/screens/typeset"
)

// buttonKind picks a button's colours.
type buttonKind int

const (
	kindPlain   buttonKind = iota // white card, dark text
	kindPrimary                   // government blue
	kindAccent                    // warm main action, one per screen
	kindQuiet                     // no fill, for the header
)

// tapButton is the kiosk's button: a large target (never below the theme's
// minimum), one or two lines of text, instant pressed feedback on touch
// down, and taps routed through the UI so voice mode can turn a first tap
// into "focus and speak".
type tapButton struct {
	widget.BaseWidget

	Title    string
	Subtitle string
	// Detail is a line under the title, in DetailColor (default: the
	// success colour, e.g. "网上 1个工作日").
	Detail      string
	DetailColor fyne.ThemeColorName
	Kind        buttonKind
	// MinWidth/MinHeight are logical (zoom 1) floors besides the target size.
	MinWidth, MinHeight float32
	// TitleSize defaults to the body text size.
	TitleSize fyne.ThemeSizeName
	// WrapWidth wraps the subtitle at this logical width.
	WrapWidth float32

	style   typeset.Style // its texts' zoom and fonts
	onTap   func()
	pressed bool
	ringOn  bool
}

func (b *tapButton) setRing(on bool) {
	if b.ringOn != on {
		b.ringOn = on
		b.Refresh()
	}
}

func newTapButton(st typeset.Style, title string, kind buttonKind, onTap func()) *tapButton {
	b := &tapButton{Title: title, Kind: kind, style: st, onTap: onTap}
	b.ExtendBaseWidget(b)
	return b
}

// Tapped runs the action.
func (b *tapButton) Tapped(*fyne.PointEvent) {
	b.pressed = false
	b.Refresh()
	if b.onTap != nil {
		b.onTap()
	}
}

// MouseDown shows the pressed state at once (feedback within 100 ms).
func (b *tapButton) MouseDown(*desktop.MouseEvent) {
	b.pressed = true
	b.Refresh()
}

// MouseUp clears the pressed state.
func (b *tapButton) MouseUp(*desktop.MouseEvent) {
	b.pressed = false
	b.Refresh()
}

var _ desktop.Mouseable = (*tapButton)(nil)

func (b *tapButton) colors() (bg, fg, sub color.Color) {
	switch b.Kind {
	case kindPrimary:
		return colorOf(theme.ColorNamePrimary), colorOf(theme.ColorNameForegroundOnPrimary), colorOf(theme.ColorNameForegroundOnPrimary)
	case kindAccent:
		return colorOf(ColorNameAccent), colorOf(ColorNameOnAccent), colorOf(ColorNameOnAccent)
	case kindQuiet:
		return color.Transparent, colorOf(ColorNameOnHeader), colorOf(ColorNameOnHeader)
	}
	return colorOf(ColorNameCard), colorOf(theme.ColorNameForeground), colorOf(ColorNameMuted)
}

func (b *tapButton) CreateRenderer() fyne.WidgetRenderer {
	r := &tapButtonRenderer{b: b, bg: canvas.NewRectangle(color.Transparent), press: canvas.NewRectangle(color.Transparent), ring: newFocusRing()}
	r.title = typeset.NewText(b.style, "", theme.SizeNameText, "")
	r.sub = typeset.NewText(b.style, "", theme.SizeNameCaptionText, "")
	r.detail = typeset.NewText(b.style, "", theme.SizeNameText, theme.ColorNameSuccess)
	// Made while Fyne lays out or paints a frame: set, not refreshed (a
	// refresh then asks for one more frame of the whole window).
	r.apply()
	r.ring.apply(b.ringOn)
	r.Layout(b.Size())
	return r
}

type tapButtonRenderer struct {
	b                  *tapButton
	bg, press          *canvas.Rectangle
	title, detail, sub *typeset.Text
	ring               *focusRing
}

// lines are the text blocks shown, top to bottom.
func (r *tapButtonRenderer) lines() []*typeset.Text {
	out := []*typeset.Text{r.title}
	if r.b.Detail != "" {
		out = append(out, r.detail)
	}
	if r.b.Subtitle != "" {
		out = append(out, r.sub)
	}
	return out
}

func (r *tapButtonRenderer) pad() float32 { return theme.Size(theme.SizeNameInnerPadding) }

func (r *tapButtonRenderer) MinSize() fyne.Size {
	st := r.b.style
	target := theme.Size(SizeNameTarget)
	var w, h float32
	for _, l := range r.lines() {
		s := l.MinSize()
		w = max(w, s.Width)
		h += s.Height
	}
	w += 2 * r.pad()
	h += 2 * r.pad()
	w = max(w, target, st.Scale(r.b.MinWidth))
	h = max(h, target, st.Scale(r.b.MinHeight))
	return fyne.NewSize(w, h)
}

func (r *tapButtonRenderer) Layout(size fyne.Size) {
	r.bg.Resize(size)
	r.press.Resize(size)
	r.ring.layout(size)
	p := r.pad()
	var total float32
	for _, l := range r.lines() {
		total += l.MinSize().Height
	}
	y := (size.Height - total) / 2
	for _, l := range r.lines() {
		h := l.MinSize().Height
		l.Move(fyne.NewPos(p, y))
		l.Resize(fyne.NewSize(size.Width-2*p, h))
		y += h
	}
}

func (r *tapButtonRenderer) Refresh() {
	r.apply()
	r.title.Refresh()
	r.detail.Refresh()
	r.sub.Refresh()
	r.bg.Refresh()
	r.press.Refresh()
	r.ring.refresh(r.b.ringOn)
	r.Layout(r.b.Size())
}

// apply sets the parts from the button's fields.
func (r *tapButtonRenderer) apply() {
	bg, fg, sub := r.b.colors()
	r.bg.FillColor = bg
	r.bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	if r.b.Kind == kindPlain {
		r.bg.StrokeColor = colorOf(theme.ColorNameSeparator)
		r.bg.StrokeWidth = 1
	} else {
		r.bg.StrokeWidth = 0
	}
	r.press.CornerRadius = r.bg.CornerRadius
	if r.b.pressed {
		r.press.FillColor = colorOf(theme.ColorNamePressed)
		if r.b.Kind != kindPlain {
			r.press.FillColor = color.NRGBA{A: 0x55}
		}
	} else {
		r.press.FillColor = color.Transparent
	}
	size := r.b.TitleSize
	if size == "" {
		size = theme.SizeNameText
	}
	r.title.Text, r.title.SizeName, r.title.Align = r.b.Title, size, fyne.TextAlignCenter
	r.sub.Text, r.sub.Align, r.sub.WrapWidth = r.b.Subtitle, fyne.TextAlignCenter, r.b.WrapWidth
	r.detail.Text, r.detail.Align = r.b.Detail, fyne.TextAlignCenter
	r.detail.ColorName = r.b.DetailColor
	if r.detail.ColorName == "" {
		r.detail.ColorName = theme.ColorNameSuccess
	}
	r.title.Color, r.sub.Color = fg, sub
	if r.b.Kind != kindPlain {
		r.detail.Color = fg
	}
}

func (r *tapButtonRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.bg}
	for _, l := range r.lines() {
		objs = append(objs, l)
	}
	return append(append(objs, r.press), r.ring.objects()...)
}

func (r *tapButtonRenderer) Destroy() {}

// TitleText is the button's visible title (tests find keys by it).
func (b *tapButton) TitleText() string { return b.Title }
