package typeset

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// arrowDirs is the arrows texts may hold, as the direction each points.
var arrowDirs = map[rune]fyne.Position{
	'←': {X: -1}, '→': {X: 1}, '↑': {Y: -1}, '↓': {Y: 1},
}

// IsArrow reports whether r is an arrow a Text draws as lines (arrowGlyph)
// rather than from a font.
func IsArrow(r rune) bool {
	_, ok := arrowDirs[r]
	return ok
}

// arrowSize is the box of one arrow in text of the given size: one em
// wide, as tall as a line of text.
func arrowSize(size float32) fyne.Size {
	return fyne.NewSize(size, size*1.2)
}

// arrowGlyph is an arrow in a line of text, drawn as three strokes in the
// text's colour. Neither the CJK font nor Fyne's Latin font has arrows, and
// Fyne's symbol font, which has, lacks a space, so drawing with it made
// Fyne scan and load the system's fonts (see textRuns).
type arrowGlyph struct {
	widget.BaseWidget
	dir   fyne.Position
	size  float32
	color color.Color
}

func newArrowGlyph(r rune, size float32, col color.Color) *arrowGlyph {
	a := &arrowGlyph{dir: arrowDirs[r], size: size, color: col}
	a.ExtendBaseWidget(a)
	return a
}

// MinSize is one em by one line of text.
func (a *arrowGlyph) MinSize() fyne.Size { return arrowSize(a.size) }

func (a *arrowGlyph) CreateRenderer() fyne.WidgetRenderer {
	r := &arrowRenderer{a: a}
	for i := range r.strokes {
		r.strokes[i] = canvas.NewLine(a.color)
	}
	return r
}

type arrowRenderer struct {
	a       *arrowGlyph
	strokes [3]*canvas.Line // shaft, then the two sides of the head
}

func (r *arrowRenderer) Layout(size fyne.Size) {
	d := r.a.dir
	side := min(size.Width, size.Height) * 0.7
	c := fyne.NewPos(size.Width/2, size.Height/2)
	half := side / 2
	tail := fyne.NewPos(c.X-d.X*half, c.Y-d.Y*half)
	tip := fyne.NewPos(c.X+d.X*half, c.Y+d.Y*half)
	// The head's sides run back from the tip, 45° off the shaft.
	back := side * 0.38
	perp := fyne.NewPos(-d.Y, d.X)
	base := fyne.NewPos(tip.X-d.X*back, tip.Y-d.Y*back)
	ends := [3][2]fyne.Position{
		{tail, tip},
		{tip, fyne.NewPos(base.X+perp.X*back, base.Y+perp.Y*back)},
		{tip, fyne.NewPos(base.X-perp.X*back, base.Y-perp.Y*back)},
	}
	width := max(2, r.a.size/12)
	for i, l := range r.strokes {
		l.StrokeColor = r.a.color
		l.StrokeWidth = width
		l.Position1, l.Position2 = ends[i][0], ends[i][1]
	}
}

func (r *arrowRenderer) MinSize() fyne.Size { return r.a.MinSize() }

func (r *arrowRenderer) Refresh() {
	r.Layout(r.a.Size())
	for _, l := range r.strokes {
		l.Refresh()
	}
}

func (r *arrowRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.strokes[0], r.strokes[1], r.strokes[2]}
}

func (r *arrowRenderer) Destroy() {}
