package typeset

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// LineHeightFactor is the line pitch as a multiple of the text size: at
// least 1.3 (MIIT 适老化 1.2, DESIGN "line spacing ≥ 1.3").
const LineHeightFactor = 1.4

// Style is what a Text takes from the screen that makes it, as values
// rather than from the app's theme: the zoom that turns its logical wrap
// width into pixels, and the fonts its runs are drawn with. The screen
// that made a Text makes it again when either changes.
type Style struct {
	// Zoom multiplies logical sizes (1 = the 1920x1080 layout); 0 is 1.
	Zoom float32
	// Fonts draws the runs; nil draws every run with Fyne's default font.
	Fonts *Fonts
}

// Scale is a logical length (at zoom 1) at the style's zoom.
func (s Style) Scale(v float32) float32 {
	if s.Zoom <= 0 {
		return v
	}
	return v * s.Zoom
}

// Text is text in the kiosk's look: a theme size and a theme colour (by
// name, looked up in the widget's theme), CJK-aware wrapping at a logical
// width, drawn as runs each with its own font (see textRuns) and arrows as
// lines (see arrowGlyph).
type Text struct {
	widget.BaseWidget

	// Text is the words shown; "\n" starts a new line.
	Text string
	// SizeName is the theme size of the text.
	SizeName fyne.ThemeSizeName
	// ColorName is the theme colour of the text; "" is the foreground.
	ColorName fyne.ThemeColorName
	// Align places each line in the widget's width.
	Align fyne.TextAlign
	// WrapWidth is the logical width (at zoom 1) to wrap at; 0 = one line.
	WrapWidth float32
	// Color, when set, wins over ColorName (text on coloured buttons).
	Color color.Color

	style Style
}

// NewText returns text in st's zoom and fonts, at a theme size and in a
// theme colour ("" is the foreground).
func NewText(st Style, text string, size fyne.ThemeSizeName, col fyne.ThemeColorName) *Text {
	t := &Text{Text: text, SizeName: size, ColorName: col, style: st}
	t.ExtendBaseWidget(t)
	return t
}

// textStyle is always regular: the CJK font has no bold face, and a bold
// Latin fallback next to regular Chinese looks broken. Emphasis is size and
// colour.
func (t *Text) textStyle() fyne.TextStyle { return fyne.TextStyle{} }

func (t *Text) size() float32 {
	return theme.SizeForWidget(t.SizeName, t)
}

func (t *Text) lines() []string {
	if t.WrapWidth <= 0 {
		return strings.Split(t.Text, "\n")
	}
	return wrap(t.style.Fonts, t.Text, t.size(), t.textStyle(), t.style.Scale(t.WrapWidth))
}

// SetText changes the text and redraws.
func (t *Text) SetText(s string) {
	t.Text = s
	t.Refresh()
}

// CreateRenderer is Fyne's hook to draw the text. It sets the runs without
// asking the canvas for a redraw: Fyne makes renderers while it lays out
// or paints a frame, and a redraw asked for then is one more frame of the
// whole window.
func (t *Text) CreateRenderer() fyne.WidgetRenderer {
	r := &textRenderer{t: t}
	r.build()
	return r
}

type textRenderer struct {
	t     *Text
	lines [][]fyne.CanvasObject // each line's runs, see textRuns
	objs  []fyne.CanvasObject
	made  textKey // what lines and objs were made from
}

// textKey is what a Text's runs are made from: a refresh that changes none
// of it keeps the runs, and Fyne keeps their rendered images.
type textKey struct {
	text       string
	size, wrap float32
	col        color.Color
	fonts      *Fonts
	ok         bool
}

func (r *textRenderer) lineHeight() float32 { return r.t.size() * LineHeightFactor }

func (r *textRenderer) MinSize() fyne.Size {
	var w float32
	for _, runs := range r.lines {
		w = max(w, runsWidth(runs))
	}
	return fyne.NewSize(w, r.lineHeight()*float32(len(r.lines)))
}

func (r *textRenderer) Layout(size fyne.Size) {
	lh := r.lineHeight()
	for i, runs := range r.lines {
		total := runsWidth(runs)
		x := float32(0)
		switch r.t.Align {
		case fyne.TextAlignCenter:
			x = (size.Width - total) / 2
		case fyne.TextAlignTrailing:
			x = size.Width - total
		}
		y := float32(i)*lh + (lh-r.t.size()*1.2)/2
		for _, run := range runs {
			w := run.MinSize().Width
			run.Move(fyne.NewPos(x, y))
			run.Resize(fyne.NewSize(w, r.t.size()*1.2))
			x += w
		}
	}
}

func (r *textRenderer) Refresh() {
	r.build()
	canvas.Refresh(r.t)
}

// build sets the runs of the text's lines, unless nothing they are made
// from changed, and lays them out.
func (r *textRenderer) build() {
	var col color.Color
	switch {
	case r.t.Color != nil:
		col = r.t.Color
	case r.t.ColorName == "":
		col = theme.ColorForWidget(theme.ColorNameForeground, r.t)
	default:
		col = theme.ColorForWidget(r.t.ColorName, r.t)
	}
	fonts := r.t.style.Fonts
	key := textKey{text: r.t.Text, size: r.t.size(), wrap: r.t.style.Scale(r.t.WrapWidth), col: col, fonts: fonts, ok: true}
	if key == r.made {
		r.Layout(r.t.Size())
		return
	}
	r.made = key
	lines := r.t.lines()
	r.lines = r.lines[:0]
	r.objs = r.objs[:0]
	for _, l := range lines {
		var runs []fyne.CanvasObject
		for _, run := range textRuns(fonts, l) {
			var o fyne.CanvasObject
			if run.kind == runArrow {
				o = newArrowGlyph([]rune(run.text)[0], r.t.size(), col)
			} else {
				ct := canvas.NewText(run.text, col)
				ct.TextSize = r.t.size()
				ct.TextStyle = r.t.textStyle()
				ct.FontSource = run.font(fonts)
				o = ct
			}
			runs = append(runs, o)
			r.objs = append(r.objs, o)
		}
		r.lines = append(r.lines, runs)
	}
	r.Layout(r.t.Size())
}

func (r *textRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *textRenderer) Destroy()                     {}

// runsWidth is the width of a line drawn as its runs.
func runsWidth(runs []fyne.CanvasObject) float32 {
	var w float32
	for _, run := range runs {
		w += run.MinSize().Width
	}
	return w
}
