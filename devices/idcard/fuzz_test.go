package idcard

import (
	"bytes"
	"testing"
	"unicode"
	"unicode/utf8"
)

// checkCard asserts what every card returned by the parser satisfies, so a
// garbled frame can never come out as a plausible card.
func checkCard(t *testing.T, c *Card) {
	t.Helper()
	v := c.View()
	for _, s := range []string{v.Name, v.NameEN, v.Nation, v.Nationality, v.Birth, v.Address, v.IDNumber,
		v.Authority, v.ValidFrom, v.ValidTo, v.PassNumber, v.IssueCount, c.Version} {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 in %q", s)
		}
		for _, r := range s {
			if unicode.IsControl(r) || r == utf8.RuneError {
				t.Fatalf("control or replacement character in %q", s)
			}
		}
	}
	switch c.Type {
	case Resident, HMTResidence:
		if !ValidNumber(c.IDNumber) || c.Name == "" || c.Address == "" {
			t.Fatalf("accepted a card without a valid number, name or address: %+v", v)
		}
	case ForeignPermanent:
		if len(c.IDNumber) != 15 || c.NameEN == "" {
			t.Fatalf("accepted a foreign card with number %q", c.IDNumber)
		}
	default:
		t.Fatalf("card of type %q", c.Type)
	}
	if !validDate([]byte(v.Birth[:4]+v.Birth[5:7]+v.Birth[8:])) || len(v.Birth) != 10 {
		t.Fatalf("bad birth %q", v.Birth)
	}
	if c.Sex.String() == "" {
		t.Fatalf("bad sex %q", c.Sex)
	}
	// What was decoded encodes back and decodes to the same card.
	text, err := EncodeText(c)
	if err != nil {
		t.Fatalf("accepted card does not encode: %v", err)
	}
	again, err := ParseText(text[:])
	if err != nil {
		t.Fatalf("re-encoded card does not decode: %v", err)
	}
	w := again.View()
	w.PhotoWLTSHA256, w.AppendedAddress = v.PhotoWLTSHA256, v.AppendedAddress
	if w != v {
		t.Fatalf("round trip changed the card:\n%+v\n%+v", v, w)
	}
}

// FuzzDecoder feeds arbitrary bytes, in chunks of arbitrary size, to the
// decoder and the card parser. Neither may panic; every frame returned
// must be one that really is in the stream with a correct checksum; every
// card returned must pass checkCard. Seeds: testdata/fuzz/FuzzDecoder.
func FuzzDecoder(f *testing.F) {
	f.Add([]byte{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x04, 0x00, 0x00, 0x80, 0x84}, uint16(1))
	f.Add(AppendFrame([]byte{0xAA, 0xAA}, AppendReadData([]byte{0, 0, 0x90}, handResident(), make([]byte, PhotoLen), nil, false)), uint16(300))
	f.Fuzz(func(t *testing.T, stream []byte, chunk uint16) {
		size := int(chunk%512) + 1
		var d Decoder
		for off := 0; off < len(stream); off += size {
			d.Write(stream[off:min(off+size, len(stream))])
			for {
				fr, ok, err := d.Next()
				if err != nil {
					continue
				}
				if !ok {
					break
				}
				if !bytes.Contains(stream, AppendFrame(nil, fr)) {
					t.Fatalf("frame % X with a correct checksum is not in the stream", []byte(fr))
				}
				resp, err := fr.Response()
				if err != nil {
					continue
				}
				for _, fp := range []bool{false, true} {
					if c, err := ParseCard(resp.Data, fp); err == nil {
						checkCard(t, c)
					} else if c != nil {
						t.Fatal("card returned with an error")
					}
				}
			}
		}
	})
}

// FuzzParseText decodes arbitrary 256-byte text blocks. Seeds:
// testdata/fuzz/FuzzParseText.
func FuzzParseText(f *testing.F) {
	f.Add(handResident())
	f.Add(handHMT())
	f.Add(handForeign())
	f.Fuzz(func(t *testing.T, text []byte) {
		if len(text) < TextLen {
			text = append(text, blankText()[len(text):]...)
		}
		c, err := ParseText(text[:TextLen])
		if err != nil {
			if c != nil {
				t.Fatal("card returned with an error")
			}
			return
		}
		checkCard(t, c)
	})
}
