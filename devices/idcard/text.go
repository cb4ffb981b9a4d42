package idcard

import (
	"fmt"
	"unicode/utf8"
)

// Sizes of the blocks of a read response (SAMSerial.cs ExtractIdentityCard;
// lochyhuang IDCardData.java).
const (
	// TextLen is the size of the UTF-16LE text block.
	TextLen = 256
	// PhotoLen is the size of the WLT photo.
	PhotoLen = 1024
	// typeFlagAt is the offset of the card type flag in the text block,
	// followed by a zero byte (IDCardData.java; Decard dc_ParseTextInfo*).
	typeFlagAt = 248
)

// field names a byte range of the text block.
type field int

// Resident card text block (Kunoon/BeiST20141020 ID2Info.java;
// chenhaifeng2016/FaceRecognitionTest IDReader.h; SAMSerial.cs). The
// residence permit 'J' shares bytes 0–219 (its nation field is reserved)
// and adds the pass number and issue count (IDCardData.java).
//
// Foreign permanent resident card, 2017 layout 'I': sizes from
// yechangpeng/Paperless IDCardDef.h, order from Decard
// dc_ParseTextInfoForForeigner (research §1). The sizes add up to 248.
const (
	fName field = iota
	fSex
	fNation
	fBirth
	fAddress
	fID
	fAuthority
	fFrom
	fTo
	fPass
	fIssues
	fINameEN
	fISex
	fINumber
	fINationality
	fIName
	fIFrom
	fITo
	fIBirth
	fIVersion
	fIAuthority
)

// layout returns the field's name and byte range [lo, hi) in the text block.
func (f field) layout() (name string, lo, hi int) {
	switch f {
	case fName:
		return "name", 0, 30
	case fSex:
		return "sex", 30, 32
	case fNation:
		return "nation", 32, 36
	case fBirth:
		return "birth", 36, 52
	case fAddress:
		return "address", 52, 122
	case fID:
		return "id number", 122, 158
	case fAuthority:
		return "authority", 158, 188
	case fFrom:
		return "valid from", 188, 204
	case fTo:
		return "valid to", 204, 220
	case fPass:
		return "pass number", 220, 238
	case fIssues:
		return "issue count", 238, 242
	case fINameEN:
		return "english name", 0, 120
	case fISex:
		return "sex", 120, 122
	case fINumber:
		return "number", 122, 152
	case fINationality:
		return "nationality", 152, 158
	case fIName:
		return "chinese name", 158, 188
	case fIFrom:
		return "valid from", 188, 204
	case fITo:
		return "valid to", 204, 220
	case fIBirth:
		return "birth", 220, 236
	case fIVersion:
		return "version", 236, 240
	case fIAuthority:
		return "authority code", 240, 248
	}
	panic("idcard: unknown field")
}

// span is a decoded field: a byte range of the arena, or a constant.
type span struct {
	lo, hi int
	konst  string
}

// arena collects the UTF-8 text of every field of one card, so the card
// costs a single string allocation; fields are substrings of it.
type arena struct {
	b [4 * TextLen]byte
	n int
}

func (a *arena) str(s string, sp span) string {
	if sp.konst != "" {
		return sp.konst
	}
	return s[sp.lo:sp.hi]
}

func (a *arena) put(r rune) {
	a.n += utf8.EncodeRune(a.b[a.n:], r)
}

func (a *arena) putASCII(b ...byte) {
	a.n += copy(a.b[a.n:], b)
}

func badField(f field, why string) error {
	name, _, _ := f.layout()
	return badNamed(name, why)
}

func badNamed(name, why string) error {
	return fmt.Errorf("idcard: card text: %s: %s: %w", name, why, ErrBadField)
}

func unit(t []byte, i int) uint16 { return uint16(t[i]) | uint16(t[i+1])<<8 }

func isPad(u uint16) bool { return u == 0x0020 || u == 0x0000 || u == 0x3000 }

// trim narrows the unit range [lo, hi) of t to exclude padding (spaces,
// NULs, ideographic spaces) at both ends.
func trim(t []byte, lo, hi int) (int, int) {
	for lo < hi && isPad(unit(t, lo)) {
		lo += 2
	}
	for hi > lo && isPad(unit(t, hi-2)) {
		hi -= 2
	}
	return lo, hi
}

// trimmed returns the unit range of f without padding.
func trimmed(t []byte, f field) (lo, hi int) {
	_, lo, hi = f.layout()
	return trim(t, lo, hi)
}

// text decodes f as UTF-16LE into the arena, trimmed.
func (a *arena) text(t []byte, f field) (span, error) {
	name, lo, hi := f.layout()
	return a.textRange(t, lo, hi, name)
}

// textRange decodes t[lo:hi] as UTF-16LE into the arena, trimmed. Control
// characters, inner NULs, unpaired surrogates and non-characters make it
// malformed.
func (a *arena) textRange(t []byte, lo, hi int, name string) (span, error) {
	lo, hi = trim(t, lo, hi)
	start := a.n
	for i := lo; i < hi; i += 2 {
		u := unit(t, i)
		r := rune(u)
		switch {
		case u >= 0xD800 && u < 0xDC00:
			if i+2 >= hi {
				return span{}, badNamed(name, "unpaired surrogate")
			}
			u2 := unit(t, i+2)
			if u2 < 0xDC00 || u2 > 0xDFFF {
				return span{}, badNamed(name, "unpaired surrogate")
			}
			r = 0x10000 + (rune(u)-0xD800)<<10 + (rune(u2) - 0xDC00)
			i += 2
		case u >= 0xDC00 && u <= 0xDFFF:
			return span{}, badNamed(name, "unpaired surrogate")
		case u < 0x20 || (u >= 0x7F && u < 0xA0):
			return span{}, badNamed(name, "control character")
		case u == 0xFFFD || u == 0xFFFE || u == 0xFFFF:
			return span{}, badNamed(name, "invalid character")
		}
		a.put(r)
	}
	return span{lo: start, hi: a.n}, nil
}

// ascii returns the trimmed field as ASCII bytes within the printable range
// (no arena use), for codes, digits and dates.
func ascii(t []byte, f field, dst []byte) ([]byte, error) {
	lo, hi := trimmed(t, f)
	dst = dst[:0]
	for i := lo; i < hi; i += 2 {
		u := unit(t, i)
		if u < 0x21 || u > 0x7E {
			return nil, badField(f, "not printable ASCII")
		}
		dst = append(dst, byte(u))
	}
	return dst, nil
}

// required is text that must not be empty.
func (a *arena) required(t []byte, f field) (span, error) {
	sp, err := a.text(t, f)
	if err == nil && sp.hi == sp.lo {
		err = badField(f, "empty")
	}
	return sp, err
}

// code decodes an ASCII field matching pattern: 'D' a digit, 'A' an upper
// case letter, 'X' a digit or letter, '?' anything printable.
func (a *arena) code(t []byte, f field, pattern string) (span, error) {
	var buf [64]byte
	b, err := ascii(t, f, buf[:])
	if err != nil {
		return span{}, err
	}
	if len(b) != len(pattern) {
		return span{}, badField(f, fmt.Sprintf("%d characters, want %d", len(b), len(pattern)))
	}
	for i, c := range b {
		digit, upper := c >= '0' && c <= '9', c >= 'A' && c <= 'Z'
		ok := true
		switch pattern[i] {
		case 'D':
			ok = digit
		case 'A':
			ok = upper
		case 'X':
			ok = digit || upper
		}
		if !ok {
			return span{}, badField(f, "bad character")
		}
	}
	start := a.n
	a.putASCII(b...)
	return span{lo: start, hi: a.n}, nil
}

// date decodes YYYYMMDD into YYYY-MM-DD; with longTerm, 长期 is accepted.
func (a *arena) date(t []byte, f field, longTerm bool) (span, error) {
	lo, hi := trimmed(t, f)
	if longTerm && hi-lo == 4 && unit(t, lo) == '长' && unit(t, lo+2) == '期' {
		return span{konst: LongTerm}, nil
	}
	var buf [16]byte
	b, err := ascii(t, f, buf[:])
	if err != nil {
		return span{}, err
	}
	if !validDate(b) {
		return span{}, badField(f, "not a date")
	}
	start := a.n
	a.putASCII(b[0], b[1], b[2], b[3], '-', b[4], b[5], '-', b[6], b[7])
	return span{lo: start, hi: a.n}, nil
}

// validDate checks YYYYMMDD for a real calendar date between 1900 and 2199.
func validDate(b []byte) bool {
	if len(b) != 8 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	n := func(i, j int) int {
		v := 0
		for _, c := range b[i:j] {
			v = v*10 + int(c-'0')
		}
		return v
	}
	y, m, d := n(0, 4), n(4, 6), n(6, 8)
	if y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// sexField decodes the one-character sex code.
func sexField(t []byte, f field) (Sex, error) {
	var buf [4]byte
	b, err := ascii(t, f, buf[:])
	if err != nil {
		return 0, err
	}
	if len(b) != 1 || !Sex(b[0]).Valid() {
		return 0, badField(f, "not a sex code")
	}
	return Sex(b[0]), nil
}
