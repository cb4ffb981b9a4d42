package screens

import (
	"image/color"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// lineHeightFactor is the line pitch as a multiple of the text size: at
// least 1.3 (MIIT 适老化 1.2, DESIGN "line spacing ≥ 1.3").
const lineHeightFactor = 1.4

// textBlock is text in the kiosk's theme: a theme size, a theme colour, and
// CJK-aware wrapping at a fixed logical width (Chinese may break between any
// two characters; Latin words stay whole).
type textBlock struct {
	widget.BaseWidget

	Text      string
	SizeName  fyne.ThemeSizeName
	ColorName fyne.ThemeColorName
	Align     fyne.TextAlign
	// WrapWidth is the logical width (at zoom 1) to wrap at; 0 = one line.
	WrapWidth float32

	// overrideColor, when set, wins over ColorName (text on coloured buttons).
	overrideColor color.Color
}

func newText(text string, size fyne.ThemeSizeName, col fyne.ThemeColorName) *textBlock {
	t := &textBlock{Text: text, SizeName: size, ColorName: col}
	t.ExtendBaseWidget(t)
	return t
}

// style is always regular: the CJK font has no bold face, and a bold Latin
// fallback next to regular Chinese looks broken. Emphasis is size and colour.
func (t *textBlock) style() fyne.TextStyle { return fyne.TextStyle{} }

func (t *textBlock) size() float32 {
	return theme.Size(t.SizeName)
}

func (t *textBlock) lines() []string {
	size := t.size()
	if t.WrapWidth <= 0 {
		return strings.Split(t.Text, "\n")
	}
	return wrap(t.Text, size, t.style(), t.WrapWidth*currentZoom())
}

// SetText changes the text and redraws.
func (t *textBlock) SetText(s string) {
	t.Text = s
	t.Refresh()
}

func (t *textBlock) CreateRenderer() fyne.WidgetRenderer {
	r := &textRenderer{t: t}
	r.Refresh()
	return r
}

type textRenderer struct {
	t     *textBlock
	texts []*canvas.Text
	objs  []fyne.CanvasObject
}

func (r *textRenderer) lineHeight() float32 { return r.t.size() * lineHeightFactor }

func (r *textRenderer) MinSize() fyne.Size {
	var w float32
	for _, l := range r.texts {
		if s := measureText(l.Text, r.t.size(), r.t.style()); s.Width > w {
			w = s.Width
		}
	}
	return fyne.NewSize(w, r.lineHeight()*float32(len(r.texts)))
}

func (r *textRenderer) Layout(size fyne.Size) {
	lh := r.lineHeight()
	for i, l := range r.texts {
		l.Move(fyne.NewPos(0, float32(i)*lh+(lh-r.t.size()*1.2)/2))
		l.Resize(fyne.NewSize(size.Width, r.t.size()*1.2))
	}
}

func (r *textRenderer) Refresh() {
	lines := r.t.lines()
	var col color.Color
	switch {
	case r.t.overrideColor != nil:
		col = r.t.overrideColor
	case r.t.ColorName == "":
		col = theme.Color(theme.ColorNameForeground)
	default:
		col = theme.Color(r.t.ColorName)
	}
	r.texts = r.texts[:0]
	r.objs = r.objs[:0]
	for _, l := range lines {
		ct := canvas.NewText(l, col)
		ct.TextSize = r.t.size()
		ct.TextStyle = r.t.style()
		ct.FontSource = kioskFont(ct.TextStyle)
		ct.Alignment = r.t.Align
		r.texts = append(r.texts, ct)
		r.objs = append(r.objs, ct)
	}
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}

func (r *textRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *textRenderer) Destroy()                     {}

// kioskFont is the theme's font, set on every text as its own source: Fyne
// then draws with that one face and looks up a system font only for a
// character the face lacks (䶮 in a name). Through the theme alone, Fyne
// 2.7 also loads the system's font for the locale's language on the first
// text it measures: the full 4 MB DroidSansFallbackFull.ttf, about 13 MB
// of heap beside the subset the kiosk made to save just that.
func kioskFont(style fyne.TextStyle) fyne.Resource { return theme.Current().Font(style) }

// measureText is fyne.MeasureText for text drawn in kioskFont.
func measureText(text string, size float32, style fyne.TextStyle) fyne.Size {
	s, _ := fyne.CurrentApp().Driver().RenderedTextSize(text, size, style, kioskFont(style))
	return s
}

// colorOf returns a theme colour by name.
func colorOf(n fyne.ThemeColorName) color.Color { return theme.Color(n) }

// wrap breaks text into lines no wider than width. Chinese text may break
// between any two characters, except before closing punctuation; Latin
// words and numbers stay whole where they fit.
func wrap(text string, size float32, style fyne.TextStyle, width float32) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapPara(para, size, style, width)...)
	}
	return out
}

func wrapPara(para string, size float32, style fyne.TextStyle, width float32) []string {
	if para == "" {
		return []string{""}
	}
	units := splitUnits(para)
	var lines []string
	line := ""
	for _, u := range units {
		candidate := line + u
		if line != "" && measureText(candidate, size, style).Width > width && !isClosingPunct(u) {
			lines = append(lines, strings.TrimRight(line, " "))
			line = strings.TrimLeft(u, " ")
			continue
		}
		line = candidate
	}
	return append(lines, strings.TrimRight(line, " "))
}

// splitUnits cuts text into units that must not be broken: single CJK
// characters, Latin words (with their trailing space) and numbers.
func splitUnits(s string) []string {
	var units []string
	var word []rune
	flush := func() {
		if len(word) > 0 {
			units = append(units, string(word))
			word = word[:0]
		}
	}
	for _, r := range s {
		switch {
		case r == ' ':
			word = append(word, r)
			flush()
		case r < 0x2E80 && !unicode.IsSpace(r):
			word = append(word, r)
		default:
			flush()
			units = append(units, string(r))
		}
	}
	flush()
	return units
}

func isClosingPunct(u string) bool {
	return strings.ContainsAny(u, "，。、；：？！）》」』”’,.;:?!)")
}
