package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/screens/typeset"
)

// viewBuilder collects a screen's focusable items while its widgets are
// made, so focus order follows construction order.
type viewBuilder struct {
	u     *UI
	items []*Item
}

func (u *UI) builder() *viewBuilder { return &viewBuilder{u: u} }

// style is how the UI's texts are set now: at its zoom, in its fonts.
// Every text and logical size of a view is made with it; a new zoom or
// theme builds the view again.
func (u *UI) style() typeset.Style {
	return typeset.Style{Zoom: u.zoom, Fonts: u.deps.Fonts}
}

// text is text in the UI's style, at a theme size and in a theme colour
// ("" is the foreground).
func (u *UI) text(s string, size fyne.ThemeSizeName, col fyne.ThemeColorName) *typeset.Text {
	return typeset.NewText(u.style(), s, size, col)
}

// button makes a button that is also a focusable item.
func (b *viewBuilder) button(title string, kind buttonKind, role Role, action func()) *tapButton {
	btn, it := b.u.button(title, kind, role, action)
	b.items = append(b.items, it)
	return btn
}

// add registers an item made elsewhere.
func (b *viewBuilder) add(it *Item) { b.items = append(b.items, it) }

// button makes a button and its item without registering it.
func (u *UI) button(title string, kind buttonKind, role Role, action func()) (*tapButton, *Item) {
	it := &Item{Name: title, Role: role, Activate: action}
	btn := newTapButton(u.style(), title, kind, func() { u.tapped(it) })
	it.Object = btn
	return btn, it
}

// card is a white panel with padding around content.
func card(content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(colorOf(ColorNameCard))
	bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	bg.StrokeColor = colorOf(theme.ColorNameSeparator)
	bg.StrokeWidth = 1
	return container.NewStack(bg, container.NewPadded(container.NewPadded(content)))
}

// colorOf returns a theme colour by name.
func colorOf(n fyne.ThemeColorName) color.Color { return theme.Color(n) }

// band is a full-width coloured bar.
func band(col fyne.ThemeColorName, content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(canvas.NewRectangle(colorOf(col)), container.NewPadded(content))
}

// spacer is an empty box of a logical size, at st's zoom.
func spacer(st typeset.Style, w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(st.Scale(w), st.Scale(h)))
	return r
}

// heading is a screen or section title.
func heading(st typeset.Style, text string) *typeset.Text {
	return typeset.NewText(st, text, theme.SizeNameHeadingText, "")
}

// subheading is a section title.
func subheading(st typeset.Style, text string) *typeset.Text {
	return typeset.NewText(st, text, theme.SizeNameSubHeadingText, "")
}

// body is paragraph text wrapped at a logical width.
func body(st typeset.Style, text string, wrapWidth float32) *typeset.Text {
	t := typeset.NewText(st, text, theme.SizeNameText, "")
	t.WrapWidth = wrapWidth
	return t
}

// muted is secondary text wrapped at a logical width.
func muted(st typeset.Style, text string, wrapWidth float32) *typeset.Text {
	t := typeset.NewText(st, text, theme.SizeNameCaptionText, ColorNameMuted)
	t.WrapWidth = wrapWidth
	return t
}

// grid lays objects out in cols equal columns.
func grid(cols int, objs ...fyne.CanvasObject) *fyne.Container {
	if cols < 1 {
		cols = 1
	}
	return container.New(layout.NewGridLayoutWithColumns(cols), objs...)
}

// hbox and vbox with the theme's padding between items.
func hbox(objs ...fyne.CanvasObject) *fyne.Container { return container.NewHBox(objs...) }
func vbox(objs ...fyne.CanvasObject) *fyne.Container { return container.NewVBox(objs...) }
