package screens

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// ringable is a widget that can show the focus ring around itself.
type ringable interface {
	fyne.CanvasObject
	setRing(on bool)
}

// focusRing is the thick two-band ring (dark outside, bright inside), so
// it is visible on any background (WCAG 1.4.11), drawn just outside the
// widget's bounds by the widget's own renderer: it moves with the widget.
type focusRing struct {
	outer, inner *canvas.Rectangle
}

func newFocusRing() *focusRing {
	r := &focusRing{outer: canvas.NewRectangle(color.Transparent), inner: canvas.NewRectangle(color.Transparent)}
	r.outer.Hide()
	r.inner.Hide()
	return r
}

func (r *focusRing) objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.outer, r.inner} }

// layout places the ring around a widget of size.
func (r *focusRing) layout(size fyne.Size) {
	band := fyne.CurrentApp().Settings().Theme().Size(SizeNameFocusRing)
	r.outer.Move(fyne.NewPos(-2*band, -2*band))
	r.outer.Resize(size.AddWidthHeight(4*band, 4*band))
	r.inner.Move(fyne.NewPos(-band, -band))
	r.inner.Resize(size.AddWidthHeight(2*band, 2*band))
}

// refresh shows or hides the ring in the theme's colours and redraws it.
func (r *focusRing) refresh(on bool) {
	r.apply(on)
	for _, x := range r.objects() {
		x.Refresh()
	}
}

// apply shows or hides the ring in the theme's colours.
func (r *focusRing) apply(on bool) {
	band := fyne.CurrentApp().Settings().Theme().Size(SizeNameFocusRing)
	r.outer.StrokeColor, r.outer.StrokeWidth, r.outer.CornerRadius = colorOf(ColorNameFocusOuter), band, 3*band
	r.inner.StrokeColor, r.inner.StrokeWidth, r.inner.CornerRadius = colorOf(ColorNameFocusInner), band, 2*band
	for _, x := range r.objects() {
		if on {
			x.Show()
		} else {
			x.Hide()
		}
	}
}

// ringBox wraps any object (a value box, a card) so it can carry the
// focus ring.
type ringBox struct {
	widget.BaseWidget
	content fyne.CanvasObject
	on      bool
}

func newRingBox(content fyne.CanvasObject) *ringBox {
	b := &ringBox{content: content}
	b.ExtendBaseWidget(b)
	return b
}

func (b *ringBox) setRing(on bool) {
	b.on = on
	b.Refresh()
}

func (b *ringBox) CreateRenderer() fyne.WidgetRenderer {
	return &ringBoxRenderer{b: b, ring: newFocusRing()}
}

type ringBoxRenderer struct {
	b    *ringBox
	ring *focusRing
}

func (r *ringBoxRenderer) Layout(size fyne.Size) {
	r.b.content.Resize(size)
	r.ring.layout(size)
}
func (r *ringBoxRenderer) MinSize() fyne.Size { return r.b.content.MinSize() }
func (r *ringBoxRenderer) Refresh() {
	r.ring.refresh(r.b.on)
	r.b.content.Refresh()
}
func (r *ringBoxRenderer) Objects() []fyne.CanvasObject {
	return append([]fyne.CanvasObject{r.b.content}, r.ring.objects()...)
}
func (r *ringBoxRenderer) Destroy() {}
