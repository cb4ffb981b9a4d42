package typeset

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
)

// wrap breaks text into lines no wider than width, measured as drawn in
// fonts. Chinese text may break between any two characters, except before
// closing punctuation; Latin words and numbers stay whole where they fit.
func wrap(fonts *Fonts, text string, size float32, style fyne.TextStyle, width float32) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapPara(fonts, para, size, style, width)...)
	}
	return out
}

func wrapPara(fonts *Fonts, para string, size float32, style fyne.TextStyle, width float32) []string {
	if para == "" {
		return []string{""}
	}
	units := splitUnits(para)
	var lines []string
	line := ""
	for _, u := range units {
		candidate := line + u
		if line != "" && measureText(fonts, candidate, size, style).Width > width && !isClosingPunct(u) {
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
