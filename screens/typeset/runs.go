package typeset

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// textRun is a stretch of a line drawn in one font.
type textRun struct {
	text string
	kind runKind
}

// runKind is which font draws a run.
type runKind uint8

const (
	runLatin   runKind = iota // the Latin font (Fonts.Latin): ASCII, Latin, “ ” ·
	runCJK                    // the screen font (Fonts.Screen)
	runCitizen                // the citizen font (Fonts.Citizen): the rest of GB2312
	runArrow                  // one arrow, drawn as lines (arrowGlyph)
)

// runKind is the font that draws r (arrows aside, see textRuns),
// remembered: every text measured while wrapping asks for each of its
// characters. The screen font where it has the glyph, the citizen font for
// the rest of GB2312, the Latin font for the rest (which looks up a system
// font for a character none has). Without fonts every rune is Latin.
func (f *Fonts) runKind(r rune) runKind {
	if f == nil || r < 0x80 {
		return runLatin
	}
	f.kindsMu.Lock()
	defer f.kindsMu.Unlock()
	k, ok := f.kinds[r]
	if !ok {
		switch {
		case f.OnScreen(r):
			k = runCJK
		case f.ForCitizen(r):
			k = runCitizen
		default:
			k = runLatin
		}
		if f.kinds == nil {
			f.kinds = map[rune]runKind{}
		}
		f.kinds[r] = k
	}
	return k
}

// font is the run's font from fonts (see runKind); Fyne's default text font
// without fonts. The citizen font is read here, on the first run that
// needs it.
func (r textRun) font(fonts *Fonts) fyne.Resource {
	if fonts == nil {
		return theme.DefaultTextFont()
	}
	switch r.kind {
	case runCJK:
		if f := fonts.Screen(); f != nil {
			return f
		}
	case runCitizen:
		if f := fonts.Citizen(); f != nil {
			return f
		}
	}
	return fonts.Latin()
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
func textRuns(fonts *Fonts, line string) []textRun {
	var runs []textRun
	start := 0
	for i, r := range line {
		kind := runArrow
		if !IsArrow(r) {
			kind = fonts.runKind(r)
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

// measureText is fyne.MeasureText for text drawn as textRuns in fonts.
func measureText(fonts *Fonts, text string, size float32, style fyne.TextStyle) fyne.Size {
	var out fyne.Size
	d := fyne.CurrentApp().Driver()
	for _, run := range textRuns(fonts, text) {
		var s fyne.Size
		if run.kind == runArrow {
			s = arrowSize(size)
		} else {
			s, _ = d.RenderedTextSize(run.text, size, style, run.font(fonts))
		}
		out.Width += s.Width
		out.Height = max(out.Height, s.Height)
	}
	return out
}
