package idcard

import (
	"bytes"
	"fmt"
	"strings"
)

// MaxFingerprint bounds the fingerprint block of a 30 10 reply (two
// templates of 512 bytes, IDCardData.java).
const MaxFingerprint = 1024

// cardWithPhoto lets a card and its photo share one allocation.
type cardWithPhoto struct {
	card  Card
	photo [PhotoLen]byte
}

func be16(b []byte) int { return int(b[0])<<8 | int(b[1]) }

// ParseCard decodes the data of a successful read response: of 30 01
// (text and photo) or, with fingerprint, of 30 10 (text, photo,
// fingerprint). Layout: text length, photo length [, fingerprint length],
// all big-endian, then the blocks in that order (SAMSerial.cs; lochyhuang
// IDCardData.java). The card's number check, dates and codes are verified;
// any failure is an error wrapping ErrBadField, ErrCheckDigit, ErrLength or
// ErrUnsupportedLayout, and no card is returned.
//
// The returned card owns its memory: the card with room for its photo in
// one allocation, one string shared by all text fields, and a copy of the
// fingerprint.
func ParseCard(data []byte, fingerprint bool) (*Card, error) {
	hdr := 4
	if fingerprint {
		hdr = 6
	}
	if len(data) < hdr {
		return nil, fmt.Errorf("idcard: read response: %d bytes: %w", len(data), ErrLength)
	}
	textN, photoN, fpN := be16(data), be16(data[2:]), 0
	if fingerprint {
		fpN = be16(data[4:])
	}
	switch {
	case textN != TextLen:
		return nil, fmt.Errorf("idcard: read response: text length %d, want %d: %w", textN, TextLen, ErrUnexpected)
	case photoN > PhotoLen:
		return nil, fmt.Errorf("idcard: read response: photo length %d: %w", photoN, ErrUnexpected)
	case fpN > MaxFingerprint:
		return nil, fmt.Errorf("idcard: read response: fingerprint length %d: %w", fpN, ErrUnexpected)
	case len(data) != hdr+textN+photoN+fpN:
		return nil, fmt.Errorf("idcard: read response: %d bytes, want %d: %w", len(data), hdr+textN+photoN+fpN, ErrLength)
	}
	// The card and its photo share one allocation.
	cp := new(cardWithPhoto)
	c := &cp.card
	if err := decodeText(data[hdr:hdr+TextLen], c); err != nil {
		return nil, err
	}
	if photoN > 0 {
		c.Photo = cp.photo[:photoN:photoN]
		copy(c.Photo, data[hdr+TextLen:])
	}
	if fpN > 0 {
		c.Fingerprint = bytes.Clone(data[hdr+TextLen+photoN:])
	}
	return c, nil
}

// ParseText decodes a 256-byte text block into a card without photo.
func ParseText(text []byte) (*Card, error) {
	if len(text) != TextLen {
		return nil, fmt.Errorf("idcard: card text: %d bytes, want %d: %w", len(text), TextLen, ErrLength)
	}
	c := new(Card)
	if err := decodeText(text, c); err != nil {
		return nil, err
	}
	return c, nil
}

// LayoutFlag returns the card type flag of a text block: 'J', 'I', 'Y' …,
// or 0 for a resident card, whose bytes 248–249 are padding.
func LayoutFlag(text []byte) byte {
	if len(text) < typeFlagAt+2 {
		return 0
	}
	flag := text[typeFlagAt]
	if text[typeFlagAt+1] == 0 && flag >= 'A' && flag <= 'Z' {
		return flag
	}
	return 0
}

func decodeText(t []byte, c *Card) error {
	switch flag := LayoutFlag(t); flag {
	case 0:
		return decodeResident(t, c, Resident)
	case 'J':
		return decodeResident(t, c, HMTResidence)
	case 'I':
		return decodeForeign2017(t, c)
	default:
		// 'Y' is the 2023 foreign permanent resident card. Its byte
		// offsets are not verified by any source we hold
		// (research/devices.md §1), so it is refused rather than guessed.
		return fmt.Errorf("idcard: %w %c", ErrUnsupportedLayout, flag)
	}
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// decodeResident decodes the resident card and, with typ HMTResidence, the
// 'J' residence permit.
func decodeResident(t []byte, c *Card, typ CardType) error {
	var a arena
	name, e1 := a.required(t, fName)
	sex, e2 := sexField(t, fSex)
	birth, e3 := a.date(t, fBirth, false)
	addr, e4 := a.required(t, fAddress)
	id, e5 := a.code(t, fID, "DDDDDDDDDDDDDDDDDX")
	auth, e6 := a.required(t, fAuthority)
	from, e7 := a.date(t, fFrom, false)
	to, e8 := a.date(t, fTo, true)
	if err := firstErr(e1, e2, e3, e4, e5, e6, e7, e8); err != nil {
		return err
	}
	var nation, pass, issues span
	var nationName string
	if typ == Resident {
		var err error
		if nation, err = a.code(t, fNation, "DD"); err != nil {
			return err
		}
		var ok bool
		if nationName, ok = NationName(string(a.b[nation.lo:nation.hi])); !ok {
			return badField(fNation, "unknown code")
		}
	} else {
		var ep, ei error
		pass, ep = a.alnum(t, fPass, 8, 10)
		issues, ei = a.code(t, fIssues, "DD")
		if err := firstErr(ep, ei); err != nil {
			return err
		}
	}
	num := a.b[id.lo:id.hi]
	if !validNumber(num) {
		return fmt.Errorf("idcard: card text: id number: %w", ErrCheckDigit)
	}
	// The number repeats the birth date (digits 7–14) and encodes the sex in
	// the parity of digit 17 (GB 11643); a mismatch means a garbled read.
	b := a.b[birth.lo:birth.hi]
	if !bytes.Equal(num[6:10], b[0:4]) || !bytes.Equal(num[10:12], b[5:7]) || !bytes.Equal(num[12:14], b[8:10]) {
		return badField(fID, "birth date does not match")
	}
	if odd := (num[16]-'0')%2 == 1; (sex == SexMale && !odd) || (sex == SexFemale && odd) {
		return badField(fID, "sex does not match")
	}
	if to.konst == "" && string(a.b[to.lo:to.hi]) < string(a.b[from.lo:from.hi]) {
		return badField(fTo, "before valid from")
	}
	s := string(a.b[:a.n])
	*c = Card{
		Type:       typ,
		Name:       a.str(s, name),
		Sex:        sex,
		NationCode: a.str(s, nation),
		Nation:     nationName,
		Birth:      a.str(s, birth),
		Address:    a.str(s, addr),
		IDNumber:   a.str(s, id),
		Authority:  a.str(s, auth),
		ValidFrom:  a.str(s, from),
		ValidTo:    a.str(s, to),
		PassNumber: a.str(s, pass),
		IssueCount: a.str(s, issues),
	}
	return nil
}

// decodeForeign2017 decodes the 2017 foreign permanent resident card 'I'.
func decodeForeign2017(t []byte, c *Card) error {
	var a arena
	nameEN, e1 := a.latin(t, fINameEN)
	sex, e2 := sexField(t, fISex)
	num, e3 := a.code(t, fINumber, "AAADDDDDDDDDDDD")
	nat, e4 := a.code(t, fINationality, "AAA")
	name, e5 := a.text(t, fIName)
	from, e6 := a.date(t, fIFrom, false)
	to, e7 := a.date(t, fITo, true)
	birth, e8 := a.date(t, fIBirth, false)
	ver, e9 := a.alnum(t, fIVersion, 1, 2)
	auth, e10 := a.alnum(t, fIAuthority, 1, 4)
	if err := firstErr(e1, e2, e3, e4, e5, e6, e7, e8, e9, e10); err != nil {
		return err
	}
	if to.konst == "" && string(a.b[to.lo:to.hi]) < string(a.b[from.lo:from.hi]) {
		return badField(fITo, "before valid from")
	}
	s := string(a.b[:a.n])
	*c = Card{
		Type:        ForeignPermanent,
		Name:        a.str(s, name),
		NameEN:      a.str(s, nameEN),
		Sex:         sex,
		Nationality: a.str(s, nat),
		Birth:       a.str(s, birth),
		IDNumber:    a.str(s, num),
		Authority:   a.str(s, auth),
		ValidFrom:   a.str(s, from),
		ValidTo:     a.str(s, to),
		Version:     a.str(s, ver),
	}
	return nil
}

// alnum decodes an upper-case letters-and-digits field of min to max
// characters.
func (a *arena) alnum(t []byte, f field, min, max int) (span, error) {
	var buf [64]byte
	b, err := ascii(t, f, buf[:])
	if err != nil {
		return span{}, err
	}
	if len(b) < min || len(b) > max {
		return span{}, badField(f, fmt.Sprintf("%d characters", len(b)))
	}
	for _, ch := range b {
		if !(ch >= '0' && ch <= '9' || ch >= 'A' && ch <= 'Z') {
			return span{}, badField(f, "bad character")
		}
	}
	start := a.n
	a.putASCII(b...)
	return span{lo: start, hi: a.n}, nil
}

// latin decodes a required name in Latin letters: A–Z, a–z, space and
// , - . ' only.
func (a *arena) latin(t []byte, f field) (span, error) {
	sp, err := a.required(t, f)
	if err != nil {
		return sp, err
	}
	for _, ch := range a.b[sp.lo:sp.hi] {
		if !(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || strings.IndexByte(" ,-.'", ch) >= 0) {
			return span{}, badField(f, "not a Latin name")
		}
	}
	return sp, nil
}

// ParseAppendedAddress decodes the data of a 30 03 reply: 70 bytes of
// UTF-16LE, space- or zero-padded; "" when the card has none.
func ParseAppendedAddress(data []byte) (string, error) {
	if len(data) == 0 {
		return "", nil
	}
	if len(data)%2 != 0 || len(data) > TextLen {
		return "", fmt.Errorf("idcard: appended address: %d bytes: %w", len(data), ErrLength)
	}
	var a arena
	sp, err := a.textRange(data, 0, len(data), "appended address")
	if err != nil {
		return "", err
	}
	return string(a.b[sp.lo:sp.hi]), nil
}

// SAMID renders the 16 data bytes of a 12 FF reply as the management
// number printed on the module, XX.YY-n-nnnnnnnnn-nnnnnnnnn
// (SAMSerial.cs ExtractSafeModuleNumber).
func SAMID(data []byte) (string, error) {
	if len(data) < 16 {
		return "", fmt.Errorf("idcard: SAM id: %d bytes: %w", len(data), ErrLength)
	}
	le32 := func(b []byte) uint32 { return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24 }
	return fmt.Sprintf("%02d.%02d-%d-%09d-%09d", data[0], data[2], le32(data[4:]), le32(data[8:]), le32(data[12:])), nil
}
