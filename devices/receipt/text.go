package receipt

import (
	"fmt"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Font tells which characters the printer's resident Chinese font holds.
type Font int

const (
	// FontGB18030 is what GB18030 thermal printers carry: every two-byte
	// code (the GBK repertoire) plus CJK Extension A (U+3400–U+4DBF, sent as
	// four-byte codes). Everything else outside ASCII is replaced.
	FontGB18030 Font = iota
	// FontGB18030Ext also holds the CJK ideographs beyond the Basic
	// Multilingual Plane (Extension B and later, U+20000–U+323AF).
	FontGB18030Ext
)

// The characters printed in place of one that cannot be printed.
const (
	// MissingGlyph replaces a character the printer's font does not hold.
	// It is a two-byte GB18030 code (A1 F5), so it keeps a CJK column pair.
	MissingGlyph = '□'
	// BadChar replaces control characters and broken UTF-8, which must never
	// reach the printer as command bytes.
	BadChar = '?'
)

var gbMissing = []byte{0xA1, 0xF5}

// Replacement records one character that could not be printed as given.
// It names the code point only, never the surrounding text, so it may be
// logged even when it came from a name.
type Replacement struct {
	// Rune is the character given; utf8.RuneError for a broken byte.
	Rune rune
	// With is the character printed instead: MissingGlyph or BadChar.
	With rune
	// Reason says why, in a few words.
	Reason string
}

// String formats the replacement for a log line: "U+20BB7 → □ (not in the
// printer's font)".
func (r Replacement) String() string {
	return fmt.Sprintf("U+%04X → %c (%s)", r.Rune, r.With, r.Reason)
}

// encoder turns UTF-8 text into the bytes of the printer's Chinese mode.
type encoder struct {
	font Font
	enc  *encoding.Encoder
	one  [utf8.UTFMax]byte
	out  [8]byte
}

func newEncoder(f Font) *encoder {
	return &encoder{font: f, enc: simplifiedchinese.GB18030.NewEncoder()}
}

// appendText appends s, encoded, to dst. Newlines must have been split off
// by the caller. It returns the new slice and the replacements made.
func (e *encoder) appendText(dst []byte, s string, repl []Replacement) ([]byte, []Replacement) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		invalid := r == utf8.RuneError && size == 1
		i += size
		if r < utf8.RuneSelf && !invalid {
			switch {
			case r == '\t':
				dst = append(dst, ' ')
			case r < 0x20 || r == 0x7F:
				dst = append(dst, BadChar)
				repl = append(repl, Replacement{Rune: r, With: BadChar, Reason: "control character"})
			default:
				dst = append(dst, byte(r))
			}
			continue
		}
		if invalid {
			dst = append(dst, BadChar)
			repl = append(repl, Replacement{Rune: r, With: BadChar, Reason: "broken UTF-8"})
			continue
		}
		b, reason := e.encodeRune(r)
		if b == nil {
			with := rune(MissingGlyph)
			if r >= 0x80 && r <= 0x9F {
				with = BadChar
				dst = append(dst, BadChar)
			} else {
				dst = append(dst, gbMissing...)
			}
			repl = append(repl, Replacement{Rune: r, With: with, Reason: reason})
			continue
		}
		dst = append(dst, b...)
	}
	return dst, repl
}

// encodeRune returns the GB18030 bytes of a non-ASCII rune the printer can
// print, or nil and the reason it cannot.
func (e *encoder) encodeRune(r rune) ([]byte, string) {
	switch {
	case r >= 0x80 && r <= 0x9F:
		return nil, "control character"
	case r >= 0xE000 && r <= 0xF8FF, r >= 0xF0000:
		return nil, "private use character"
	}
	n := utf8.EncodeRune(e.one[:], r)
	e.enc.Reset()
	nDst, _, err := e.enc.Transform(e.out[:], e.one[:n], true)
	if err != nil || nDst == 0 {
		return nil, "not in GB18030"
	}
	b := e.out[:nDst]
	switch {
	case nDst == 2:
		return b, ""
	case nDst == 4 && r >= 0x3400 && r <= 0x4DBF:
		return b, ""
	case nDst == 4 && e.font == FontGB18030Ext && r >= 0x20000 && r <= 0x323AF:
		return b, ""
	}
	return nil, "not in the printer's font"
}

// runeCols is the number of font A columns r takes once printed: one for
// what is sent as a single byte (ASCII and the '?' that replaces control
// characters and broken UTF-8), two for everything else (a multi-byte code
// or the '□' that replaces it).
func runeCols(r rune, size int) int {
	if r < utf8.RuneSelf || (r == utf8.RuneError && size == 1) || (r >= 0x80 && r <= 0x9F) {
		return 1
	}
	return 2
}

// Cols is the number of font A columns s takes on paper at normal size:
// ASCII counts one, every Chinese (multi-byte) character two, exactly as the
// printer lays them out in Chinese mode.
func Cols(s string) int {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n += runeCols(r, size)
	}
	return n
}
