package receipt

import (
	"strings"
	"unicode/utf8"
)

// noLineStart lists punctuation that must not begin a line (Chinese line
// breaking rules, 避头点): it is kept with the character before it.
const noLineStart = "，。、：；！？）》」』”’】〕…—,.:;!?)]}%"

// Wrap breaks s into lines of at most cols columns (see Cols). Chinese text
// breaks between any two characters except before closing punctuation;
// runs of ASCII letters and digits (words, numbers, addresses) break at a
// space when one is on the line, and are cut only when longer than a line.
// Newlines in s start new lines. Wrap never returns an empty slice.
func Wrap(s string, cols int) []string {
	if cols < 2 {
		cols = 2
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapLine(para, cols)...)
	}
	return out
}

func wrapLine(s string, cols int) []string {
	var lines []string
	for Cols(s) > cols {
		cut := breakAt(s, cols)
		lines = append(lines, strings.TrimRight(s[:cut], " "))
		s = strings.TrimLeft(s[cut:], " ")
	}
	return append(lines, s)
}

// breakAt returns the byte offset where a line of at most cols columns
// should end. s is longer than cols.
func breakAt(s string, cols int) int {
	// fit: the longest prefix that fits.
	fit, used := 0, 0
	for fit < len(s) {
		r, size := utf8.DecodeRuneInString(s[fit:])
		w := runeCols(r, size)
		if used+w > cols {
			break
		}
		used += w
		fit += size
	}
	if fit == 0 {
		_, size := utf8.DecodeRuneInString(s)
		return size
	}
	next, _ := utf8.DecodeRuneInString(s[fit:])
	prev, prevSize := utf8.DecodeLastRuneInString(s[:fit])
	// Inside an ASCII word: go back to the last space, if any.
	if isWordRune(next) && isWordRune(prev) {
		if sp := strings.LastIndexByte(s[:fit], ' '); sp > 0 {
			return sp + 1
		}
		// Or to the last non-word character (a CJK character before the word).
		for i := fit; i > 0; {
			r, size := utf8.DecodeLastRuneInString(s[:i])
			if !isWordRune(r) {
				if i < fit {
					return i
				}
				break
			}
			i -= size
		}
		return fit
	}
	// Closing punctuation must not start the next line: take the character
	// before it down with it.
	if strings.ContainsRune(noLineStart, next) && fit > prevSize {
		return fit - prevSize
	}
	return fit
}

func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && r > ' ' && !strings.ContainsRune(",.:;!?)]}", r)
}

// padRight pads s with spaces to cols columns.
func padRight(s string, cols int) string {
	if n := cols - Cols(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// padLeft pads s on the left to cols columns.
func padLeft(s string, cols int) string {
	if n := cols - Cols(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// padCenter centres s in cols columns.
func padCenter(s string, cols int) string {
	n := cols - Cols(s)
	if n <= 0 {
		return s
	}
	return strings.Repeat(" ", n/2) + s + strings.Repeat(" ", n-n/2)
}
