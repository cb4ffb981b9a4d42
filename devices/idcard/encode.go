package idcard

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// EncodeText builds the 256-byte UTF-16LE text block of c, space-padded, in
// the layout of c.Type: the inverse of ParseText, for simulators and tests.
// It checks only that every field fits, so tests can build cards that fail
// verification (a wrong check character, a bad date).
func EncodeText(c *Card) ([TextLen]byte, error) {
	var t [TextLen]byte
	for i := 0; i < TextLen; i += 2 {
		t[i] = ' '
	}
	put := func(f field, s string) error {
		name, lo, hi := f.layout()
		units := utf16.Encode([]rune(s))
		if 2*len(units) > hi-lo {
			return fmt.Errorf("idcard: encode %s: %d characters do not fit %d bytes", name, len(units), hi-lo)
		}
		for i, u := range units {
			t[lo+2*i], t[lo+2*i+1] = byte(u), byte(u>>8)
		}
		return nil
	}
	undash := func(d string) string { return strings.ReplaceAll(d, "-", "") }
	var errs []error
	add := func(f field, s string) { errs = append(errs, put(f, s)) }
	switch c.Type {
	case Resident, HMTResidence:
		add(fName, c.Name)
		add(fSex, string(rune(c.Sex)))
		add(fBirth, undash(c.Birth))
		add(fAddress, c.Address)
		add(fID, c.IDNumber)
		add(fAuthority, c.Authority)
		add(fFrom, undash(c.ValidFrom))
		add(fTo, undash(c.ValidTo))
		if c.Type == Resident {
			code := c.NationCode
			if code == "" {
				code, _ = NationCode(c.Nation)
			}
			add(fNation, code)
		} else {
			add(fPass, c.PassNumber)
			add(fIssues, c.IssueCount)
			t[typeFlagAt], t[typeFlagAt+1] = 'J', 0
		}
	case ForeignPermanent:
		add(fINameEN, c.NameEN)
		add(fISex, string(rune(c.Sex)))
		add(fINumber, c.IDNumber)
		add(fINationality, c.Nationality)
		add(fIName, c.Name)
		add(fIFrom, undash(c.ValidFrom))
		add(fITo, undash(c.ValidTo))
		add(fIBirth, undash(c.Birth))
		add(fIVersion, c.Version)
		add(fIAuthority, c.Authority)
		t[typeFlagAt], t[typeFlagAt+1] = 'I', 0
	default:
		return t, fmt.Errorf("idcard: encode: card type %q: %w", c.Type, ErrUnsupportedLayout)
	}
	if err := firstErr(errs...); err != nil {
		return t, err
	}
	return t, nil
}

// AppendReadData appends the data of a successful read reply to dst: the
// lengths, the text block, the photo and, with fingerprint, the fingerprint
// (the 30 10 shape). It is the inverse of ParseCard, for simulators.
func AppendReadData(dst []byte, text []byte, photo, fp []byte, fingerprint bool) []byte {
	dst = append(dst, byte(len(text)>>8), byte(len(text)), byte(len(photo)>>8), byte(len(photo)))
	if fingerprint {
		dst = append(dst, byte(len(fp)>>8), byte(len(fp)))
	}
	dst = append(dst, text...)
	dst = append(dst, photo...)
	if fingerprint {
		dst = append(dst, fp...)
	}
	return dst
}

// AppendedAddressLen is the size of the 30 03 reply data (research §1).
const AppendedAddressLen = 70

// EncodeAppendedAddress builds the 70-byte UTF-16LE data of a 30 03 reply,
// space-padded ("" gives 70 bytes of spaces).
func EncodeAppendedAddress(addr string) ([AppendedAddressLen]byte, error) {
	var b [AppendedAddressLen]byte
	for i := 0; i < len(b); i += 2 {
		b[i] = ' '
	}
	units := utf16.Encode([]rune(addr))
	if 2*len(units) > len(b) {
		return b, fmt.Errorf("idcard: encode appended address: %d characters do not fit", len(units))
	}
	for i, u := range units {
		b[2*i], b[2*i+1] = byte(u), byte(u>>8)
	}
	return b, nil
}
