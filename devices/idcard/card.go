package idcard

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"

	"hallkiosk/internal/privacy"
)

// CardType is the kind of card, as the JSON key card_type names it.
type CardType string

// The card layouts this package decodes (type flag at text byte 248).
const (
	// Resident is the resident identity card (居民身份证), no type flag.
	Resident CardType = "resident"
	// HMTResidence is the residence permit for Hong Kong, Macau and Taiwan
	// residents (港澳台居民居住证), flag 'J'.
	HMTResidence CardType = "hmt_residence"
	// ForeignPermanent is the 2017 foreign permanent resident ID card
	// (外国人永久居留身份证), flag 'I'.
	ForeignPermanent CardType = "foreign_permanent"
)

// LongTerm is the "valid to" value of a card that does not expire.
const LongTerm = "长期"

// Sex is the sex code of GB/T 2261.1 as stored on the card: '0' unknown,
// '1' male, '2' female, '9' unspecified (speedata ID2ActBack, research §1).
type Sex byte

// The sex codes.
const (
	SexUnknown     Sex = '0'
	SexMale        Sex = '1'
	SexFemale      Sex = '2'
	SexUnspecified Sex = '9'
)

// Valid reports whether s is one of the four codes.
func (s Sex) Valid() bool {
	return s == SexUnknown || s == SexMale || s == SexFemale || s == SexUnspecified
}

// String is the word shown and printed: 男, 女, 未知 or 未说明 ("" for an
// invalid code).
func (s Sex) String() string {
	switch s {
	case SexMale:
		return "男"
	case SexFemale:
		return "女"
	case SexUnknown:
		return "未知"
	case SexUnspecified:
		return "未说明"
	}
	return ""
}

// Card is one card as read, for every layout. Fields that do not apply to
// the card's Type are empty. Dates are YYYY-MM-DD; ValidTo may be LongTerm.
//
// A Card is personal data. Print or log it only through Masked, String or
// LogValue (all masked); View, which is unmasked, is for the portal and for
// the command line's explicit --unmasked. Call Wipe when the session ends.
type Card struct {
	// Type is the card layout.
	Type CardType
	// Name is the name in Chinese characters; on a foreign permanent
	// resident card it may be empty.
	Name string
	// NameEN is the English name of a foreign permanent resident.
	NameEN string
	// Sex is the sex code.
	Sex Sex
	// NationCode is the two-digit ethnic group code of a resident card.
	NationCode string
	// Nation is the ethnic group's name (汉, 蒙古 …) of a resident card.
	Nation string
	// Nationality is the ISO 3166-1 alpha-3 code on a foreign permanent
	// resident card.
	Nationality string
	// Birth is the date of birth.
	Birth string
	// Address is the address printed on the card.
	Address string
	// AppendedAddress is the address appended to the chip after a move
	// (追加住址), empty if none.
	AppendedAddress string
	// IDNumber is the card number: 18 characters with a valid check
	// character on resident cards and residence permits, 15 characters on
	// a 2017 foreign permanent resident card.
	IDNumber string
	// Authority is the issuing authority (签发机关); on a foreign permanent
	// resident card, the authority code.
	Authority string
	// ValidFrom is the first day of validity.
	ValidFrom string
	// ValidTo is the last day of validity or LongTerm.
	ValidTo string
	// PassNumber is the travel permit number on a residence permit.
	PassNumber string
	// IssueCount is how often a residence permit was issued, two digits.
	IssueCount string
	// Version is the card version of a foreign permanent resident card.
	Version string
	// Photo is the raw WLT photo (normally 1024 bytes); see PhotoDecoder.
	Photo []byte
	// Fingerprint is the raw fingerprint data of a 30 10 read, if any.
	Fingerprint []byte
}

// DisplayName is the name to show, speak or send for the card's holder: Name,
// or NameEN when the card has no Chinese name (a foreign permanent resident
// card may carry only the English one). It is unmasked personal data; the
// masked form is c.Masked().DisplayName().
func (c Card) DisplayName() string {
	if c.Name != "" {
		return c.Name
	}
	return c.NameEN
}

// Wipe zeroes the photo and fingerprint bytes and resets every field. The
// session calls it when a citizen's session ends. Go strings cannot be
// overwritten in place; Wipe drops the card's references to them.
func (c *Card) Wipe() {
	if c == nil {
		return
	}
	clear(c.Photo)
	clear(c.Fingerprint)
	*c = Card{}
}

// PhotoSHA256 is the hex SHA-256 of the raw WLT photo, "" without a photo.
func (c Card) PhotoSHA256() string {
	if len(c.Photo) == 0 {
		return ""
	}
	sum := sha256.Sum256(c.Photo)
	return hex.EncodeToString(sum[:])
}

// View is a card as the command line prints it and screens show it: the
// JSON keys of `hallkiosk idcard read`, omitting those that do not apply.
type View struct {
	CardType        CardType `json:"card_type"`
	Name            string   `json:"name,omitempty"`
	NameEN          string   `json:"name_en,omitempty"`
	Sex             string   `json:"sex,omitempty"`
	Nation          string   `json:"nation,omitempty"`
	Nationality     string   `json:"nationality,omitempty"`
	Birth           string   `json:"birth,omitempty"`
	Address         string   `json:"address,omitempty"`
	AppendedAddress string   `json:"appended_address,omitempty"`
	IDNumber        string   `json:"id_number,omitempty"`
	Authority       string   `json:"authority,omitempty"`
	ValidFrom       string   `json:"valid_from,omitempty"`
	ValidTo         string   `json:"valid_to,omitempty"`
	PassNumber      string   `json:"pass_number,omitempty"`
	IssueCount      string   `json:"issue_count,omitempty"`
	PhotoWLTSHA256  string   `json:"photo_wlt_sha256,omitempty"`
}

// DisplayName is Name, or NameEN when Name is empty, like Card.DisplayName;
// on a masked view it is the masked name.
func (v View) DisplayName() string {
	if v.Name != "" {
		return v.Name
	}
	return v.NameEN
}

// View returns the card unmasked. Use it only where the citizen's data must
// go out whole (the portal, `idcard read --unmasked`).
func (c Card) View() View {
	return View{
		CardType:        c.Type,
		Name:            c.Name,
		NameEN:          c.NameEN,
		Sex:             c.Sex.String(),
		Nation:          c.Nation,
		Nationality:     c.Nationality,
		Birth:           c.Birth,
		Address:         c.Address,
		AppendedAddress: c.AppendedAddress,
		IDNumber:        c.IDNumber,
		Authority:       c.Authority,
		ValidFrom:       c.ValidFrom,
		ValidTo:         c.ValidTo,
		PassNumber:      c.PassNumber,
		IssueCount:      c.IssueCount,
		PhotoWLTSHA256:  c.PhotoSHA256(),
	}
}

// Masked returns the card for display and logs: names, numbers and
// addresses masked with internal/privacy (张*丰, 110105********1234, 北京市朝阳区****).
func (c Card) Masked() View {
	v := c.View()
	v.Name = privacy.MaskName(v.Name)
	v.NameEN = privacy.MaskName(v.NameEN)
	v.IDNumber = privacy.MaskID(v.IDNumber)
	v.PassNumber = privacy.MaskID(v.PassNumber)
	v.Address = privacy.MaskAddress(v.Address)
	v.AppendedAddress = privacy.MaskAddress(v.AppendedAddress)
	return v
}

// MarshalJSON encodes the masked view, so a card marshalled by accident
// leaks nothing. Marshal c.View() for the unmasked form.
func (c Card) MarshalJSON() ([]byte, error) {
	return json.Marshal(c.Masked())
}

// String is a short masked description, e.g. "resident 张*丰 110105********1234".
func (c Card) String() string {
	return fmt.Sprintf("%s %s %s", c.Type, privacy.MaskName(c.DisplayName()), privacy.MaskID(c.IDNumber))
}

// GoString keeps %#v masked too.
func (c Card) GoString() string { return "idcard.Card{" + c.String() + "}" }

// LogValue logs the card masked.
func (c Card) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("type", string(c.Type)),
		slog.Any("name", privacy.Name(c.DisplayName())),
		slog.Any("id", privacy.ID(c.IDNumber)),
	)
}

var (
	_ fmt.Stringer   = Card{}
	_ fmt.GoStringer = Card{}
	_ slog.LogValuer = Card{}
	_ json.Marshaler = Card{}
)
