package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
)

// viewBuilder collects a screen's focusable items while its widgets are
// made, so focus order follows construction order.
type viewBuilder struct {
	u     *UI
	items []*Item
}

func (u *UI) builder() *viewBuilder { return &viewBuilder{u: u} }

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
	btn := newTapButton(title, kind, func() { u.tapped(it) })
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

// band is a full-width coloured bar.
func band(col fyne.ThemeColorName, content fyne.CanvasObject) fyne.CanvasObject {
	return container.NewStack(canvas.NewRectangle(colorOf(col)), container.NewPadded(content))
}

// spacer is an empty box of a logical size (zoomed).
func spacer(w, h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	z := currentZoom()
	r.SetMinSize(fyne.NewSize(w*z, h*z))
	return r
}

// heading is a screen or section title.
func heading(text string) *textBlock {
	t := newText(text, theme.SizeNameHeadingText, "")
	return t
}

// subheading is a section title.
func subheading(text string) *textBlock {
	t := newText(text, theme.SizeNameSubHeadingText, "")
	return t
}

// body is paragraph text wrapped at a logical width.
func body(text string, wrapWidth float32) *textBlock {
	t := newText(text, theme.SizeNameText, "")
	t.WrapWidth = wrapWidth
	return t
}

// muted is secondary text wrapped at a logical width.
func muted(text string, wrapWidth float32) *textBlock {
	t := newText(text, theme.SizeNameCaptionText, ColorNameMuted)
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
