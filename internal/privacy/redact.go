package privacy

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Kind says what a known personal value is, and so how it is masked.
type Kind int

// Kinds of personal values.
const (
	// KindText is any other personal text (a form value, a comment): it
	// keeps its first character.
	KindText Kind = iota
	// KindID is an ID or permit number: 110105********1234.
	KindID
	// KindName is a person's name: 张*丰.
	KindName
	// KindPhone is a phone number: 138****5678.
	KindPhone
	// KindAddress is an address: 北京市东城区****.
	KindAddress
)

// Mask masks v as a value of kind k.
func Mask(k Kind, v string) string {
	switch k {
	case KindID:
		return MaskID(v)
	case KindName:
		return MaskName(v)
	case KindPhone:
		return MaskPhone(v)
	case KindAddress:
		return MaskAddress(v)
	}
	r := []rune(strings.TrimSpace(v))
	if len(r) <= 1 {
		return strings.Repeat("*", len(r))
	}
	return string(r[0]) + strings.Repeat("*", min(len(r)-1, 8))
}

// Redactor masks the personal values the kiosk knows it sent (an
// applicant's ID number, name, phone, the form's values) wherever they
// appear in a text that came back, such as a portal's error message. It
// matches digits across spaces and dashes, letters in any case, and
// full-width forms, so an echo cannot slip past by its spelling. A nil
// *Redactor masks by shape alone.
type Redactor struct {
	values []known
}

type known struct {
	kind  Kind
	value string
	re    *regexp.Regexp
}

// minKnownRunes is the shortest value worth matching: a one-character
// value ("1", "是") would mask half of any message.
const minKnownRunes = 2

// maxKnownBytes bounds a value to match; longer values (a photo in base64)
// are not text a message repeats.
const maxKnownBytes = 512

// Add records value as known personal data of kind k. Values too short to
// tell apart from ordinary words (one character; ASCII words of fewer than
// four letters, such as option codes) and very long ones are skipped.
func (r *Redactor) Add(k Kind, value string) {
	v := strings.TrimSpace(width.Fold.String(value))
	n := utf8.RuneCountInString(v)
	if n < minKnownRunes || len(v) > maxKnownBytes || (isASCII(v) && n < 4 && !isDigits(v)) {
		return
	}
	for _, kv := range r.values {
		if kv.value == v {
			return
		}
	}
	r.values = append(r.values, known{kind: k, value: v, re: pattern(v)})
	// Longest first, so 张三丰 is masked before a shorter 张三 inside it.
	sort.SliceStable(r.values, func(i, j int) bool { return len(r.values[i].value) > len(r.values[j].value) })
}

// AddGuess records value with a kind guessed from its key and shape.
func (r *Redactor) AddGuess(key, value string) { r.Add(Guess(key, value), value) }

// Guess returns the kind of a value from the name of the field it was sent
// in and its shape.
func Guess(key, value string) Kind {
	k := strings.ToLower(key)
	v := strings.TrimSpace(value)
	switch {
	case strings.Contains(k, "id_number") || strings.Contains(k, "idnumber") || looksLikeID(v):
		return KindID
	case strings.Contains(k, "phone") || strings.Contains(k, "mobile") || looksLikePhone(v):
		return KindPhone
	case strings.Contains(k, "name"):
		return KindName
	case strings.Contains(k, "addr"):
		return KindAddress
	}
	return KindText
}

// AddJSON records every string value of a JSON document (a request body the
// kiosk sent), except the values of the keys in skip, which are known not
// to be personal (service codes, device ids, timestamps).
func (r *Redactor) AddJSON(doc []byte, skip ...string) {
	var v any
	if json.Unmarshal(doc, &v) != nil {
		return
	}
	skipped := make(map[string]bool, len(skip))
	for _, s := range skip {
		skipped[s] = true
	}
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for k, e := range t {
				if !skipped[k] {
					walk(k, e)
				}
			}
		case []any:
			for _, e := range t {
				walk(key, e)
			}
		case string:
			r.AddGuess(key, t)
		}
	}
	walk("", v)
}

// Redact returns s with every known value masked, then every remaining
// run of digits that could be an ID or phone number masked by its shape.
// Full-width letters and digits are folded to their ASCII forms first.
func (r *Redactor) Redact(s string) string {
	s = width.Fold.String(strings.ToValidUTF8(s, "?"))
	if r != nil {
		for _, kv := range r.values {
			s = kv.re.ReplaceAllLiteralString(s, Mask(kv.kind, kv.value))
		}
	}
	return MaskShapes(s)
}

// pattern matches v in a text: digits may be split by spaces or dashes,
// and letters match in any case.
func pattern(v string) *regexp.Regexp {
	digits := isDigits(strings.TrimRight(v, "Xx"))
	var b strings.Builder
	b.WriteString("(?i)")
	for i, c := range []rune(v) {
		if i > 0 && digits {
			b.WriteString(`[\s\-]?`)
		}
		b.WriteString(regexp.QuoteMeta(string(c)))
	}
	return regexp.MustCompile(b.String())
}

// digitRun matches runs of digits (an ID number may end in X) that could
// be an ID or phone number (seven or more digits, so the six digits a
// masked ID keeps are left alone), spaces and dashes inside allowed.
var digitRun = regexp.MustCompile(`[0-9](?:[\s\-]?[0-9]){6,}(?:[\s\-]?[Xx])?`)

// MaskShapes masks what looks like personal data by its shape alone: an
// 11-digit mobile number as 138****5678, any other run of seven or more
// digits as an ID number. It is the fallback for text whose personal values
// the kiosk does not know.
func MaskShapes(s string) string {
	return digitRun.ReplaceAllStringFunc(s, func(m string) string {
		compact := strings.Map(func(c rune) rune {
			if unicode.IsSpace(c) || c == '-' {
				return -1
			}
			return c
		}, m)
		if looksLikePhone(compact) {
			return MaskPhone(compact)
		}
		return MaskID(compact)
	})
}

// looksLikePhone reports an 11-digit mainland mobile number.
func looksLikePhone(v string) bool {
	return len(v) == 11 && v[0] == '1' && v[1] >= '3' && v[1] <= '9' && isDigits(v)
}

// looksLikeID reports an 18-character (or old 15-digit) ID number.
func looksLikeID(v string) bool {
	switch len(v) {
	case 15:
		return isDigits(v)
	case 18:
		return isDigits(v[:17]) && (isDigits(v[17:]) || v[17] == 'X' || v[17] == 'x')
	}
	return false
}

func isDigits(v string) bool {
	if v == "" {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

func isASCII(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
