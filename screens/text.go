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
	lines [][]fyne.CanvasObject // each line's runs, see textRuns
	objs  []fyne.CanvasObject
}

func (r *textRenderer) lineHeight() float32 { return r.t.size() * lineHeightFactor }

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
	r.lines = r.lines[:0]
	r.objs = r.objs[:0]
	for _, l := range lines {
		var runs []fyne.CanvasObject
		for _, run := range textRuns(l) {
			var o fyne.CanvasObject
			if run.kind == runArrow {
				o = newArrowGlyph([]rune(run.text)[0], r.t.size(), col)
			} else {
				ct := canvas.NewText(run.text, col)
				ct.TextSize = r.t.size()
				ct.TextStyle = r.t.style()
				ct.FontSource = run.font(ct.TextStyle)
				o = ct
			}
			runs = append(runs, o)
			r.objs = append(r.objs, o)
		}
		r.lines = append(r.lines, runs)
	}
	r.Layout(r.t.Size())
	canvas.Refresh(r.t)
}

// runsWidth is the width of a line drawn as its runs.
func runsWidth(runs []fyne.CanvasObject) float32 {
	var w float32
	for _, run := range runs {
		w += run.MinSize().Width
	}
	return w
}

// textRun is a stretch of a line drawn in one font.
type textRun struct {
	text string
	kind runKind
}

// runKind is which font draws a run.
type runKind uint8

const (
	runLatin   runKind = iota // the Latin font (Fonts.Latin): ASCII, Latin, “ ” ·
	runCJK                    // the screen font (Fonts)
	runCitizen                // the citizen font (Fonts): the rest of GB2312
	runArrow                  // one arrow, drawn as lines (arrowGlyph)
)

// kindOf is the font for r (arrows aside, see textRuns): the screen font
// where it has the glyph, the citizen font for the rest of GB2312, the
// Latin font for the rest (which looks up a system font for a character
// none has).
func kindOf(th *Theme, r rune) runKind {
	switch {
	case r < 0x80:
		return runLatin
	case th.fonts.OnScreen(r):
		return runCJK
	case th.fonts.ForCitizen(r):
		return runCitizen
	}
	return runLatin
}

// font is the run's font (see kindOf). Without the kiosk's theme every run
// is Latin (textRuns).
func (r textRun) font(style fyne.TextStyle) fyne.Resource {
	th, ok := theme.Current().(*Theme)
	if !ok {
		return theme.DefaultTextFont()
	}
	switch r.kind {
	case runCJK:
		return th.Font(style)
	case runCitizen:
		if f := th.fonts.Citizen(); f != nil {
			return f
		}
	}
	return th.fonts.Latin()
}

// textRuns cuts a line where it changes between the fonts that draw its
// characters, and around each arrow.
// Each run carries its font as its own source, so Fyne draws with that one
// face and looks up a system font only for a character it lacks (䶮 in a
// name). Through the theme alone, Fyne 2.7 also loads the system's font for
// the locale's language on the first text it measures: the full 4 MB
// DroidSansFallbackFull.ttf, about 13 MB of heap beside the fonts the
// kiosk cut to save just that. Fyne also shapes a space with every run's
// font, so a run's font must have one: its symbol font (arrows) has not,
// and sent Fyne to scan every system font; arrows are drawn as lines.
func textRuns(line string) []textRun {
	th, _ := theme.Current().(*Theme)
	var runs []textRun
	start := 0
	for i, r := range line {
		kind := runLatin
		switch {
		case isArrow(r):
			kind = runArrow
		case th != nil:
			kind = th.runKind(r)
		}
		if i == 0 {
			runs = append(runs, textRun{kind: kind})
			continue
		}
		if last := &runs[len(runs)-1]; last.kind != kind || kind == runArrow {
			last.text = line[start:i]
			start = i
			runs = append(runs, textRun{kind: kind})
		}
	}
	if len(runs) == 0 {
		return []textRun{{}}
	}
	runs[len(runs)-1].text = line[start:]
	return runs
}

func (r *textRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *textRenderer) Destroy()                     {}

// measureText is fyne.MeasureText for text drawn as textRuns.
func measureText(text string, size float32, style fyne.TextStyle) fyne.Size {
	var out fyne.Size
	d := fyne.CurrentApp().Driver()
	for _, run := range textRuns(text) {
		var s fyne.Size
		if run.kind == runArrow {
			s = arrowSize(size)
		} else {
			s, _ = d.RenderedTextSize(run.text, size, style, run.font(style))
		}
		out.Width += s.Width
		out.Height = max(out.Height, s.Height)
	}
	return out
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
