// Package privacy masks personal data wherever a person or a log must see a
// trace of it: ID numbers (110105********1234), names (张*丰) and phone
// numbers (138****5678). Log calls wrap such values in ID, Name or Phone, so
// the masked form is all that ever reaches a log line.
package privacy

import (
	"log/slog"
	"strings"
	"unicode/utf8"
)

// MaskID keeps the first six and the last four characters of an ID or
// permit number and replaces the rest with '*': 110105********1234.
// Numbers of ten characters or fewer keep only their last two.
func MaskID(id string) string {
	r := []rune(strings.TrimSpace(id))
	n := len(r)
	switch {
	case n == 0:
		return ""
	case n <= 4:
		return strings.Repeat("*", n)
	case n <= 10:
		return strings.Repeat("*", n-2) + string(r[n-2:])
	}
	return string(r[:6]) + strings.Repeat("*", n-10) + string(r[n-4:])
}

// MaskName keeps the first and last character of a name and masks the
// middle: 张三丰 → 张*丰, 张三 → 张*, 欧阳娜娜 → 欧**娜. Names written with
// Latin letters keep their first letter of each word: JOHN SMITH → J*** S****.
func MaskName(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return ""
	}
	if isLatin(name) {
		words := strings.Fields(name)
		for i, w := range words {
			first, size := utf8.DecodeRuneInString(w)
			words[i] = string(first) + strings.Repeat("*", utf8.RuneCountInString(w[size:]))
		}
		return strings.Join(words, " ")
	}
	r := []rune(name)
	switch len(r) {
	case 1:
		return "*"
	case 2:
		return string(r[0]) + "*"
	}
	return string(r[0]) + strings.Repeat("*", len(r)-2) + string(r[len(r)-1])
}

// MaskPhone keeps the first three and last four digits: 138****5678.
func MaskPhone(phone string) string {
	r := []rune(strings.TrimSpace(phone))
	n := len(r)
	if n <= 7 {
		return strings.Repeat("*", n)
	}
	return string(r[:3]) + strings.Repeat("*", n-7) + string(r[n-4:])
}

// MaskAddress keeps the first six characters of an address (province, city)
// and hides the rest.
func MaskAddress(addr string) string {
	r := []rune(strings.TrimSpace(addr))
	if len(r) <= 6 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:6]) + "****"
}

func isLatin(s string) bool {
	for _, c := range s {
		if c > 0x24F {
			return false
		}
	}
	return true
}

// ID is an ID number that logs itself masked.
type ID string

// LogValue implements slog.LogValuer.
func (v ID) LogValue() slog.Value { return slog.StringValue(MaskID(string(v))) }

// String returns the masked form, so fmt cannot leak it either.
func (v ID) String() string { return MaskID(string(v)) }

// Name is a person's name that logs itself masked.
type Name string

// LogValue implements slog.LogValuer.
func (v Name) LogValue() slog.Value { return slog.StringValue(MaskName(string(v))) }

// String returns the masked form.
func (v Name) String() string { return MaskName(string(v)) }

// Phone is a phone number that logs itself masked.
type Phone string

// LogValue implements slog.LogValuer.
func (v Phone) LogValue() slog.Value { return slog.StringValue(MaskPhone(string(v))) }

// String returns the masked form.
func (v Phone) String() string { return MaskPhone(string(v)) }

// Wipe overwrites b with zeros. Use it on buffers that held card data,
// photos or form values before they are dropped.
func Wipe(b []byte) {
	clear(b)
}
