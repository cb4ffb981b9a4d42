package idcard

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"unicode/utf16"
)

// blankText is a text block of spaces (UTF-16LE 20 00), as cards pad it.
func blankText() []byte {
	t := make([]byte, TextLen)
	for i := 0; i < TextLen; i += 2 {
		t[i] = ' '
	}
	return t
}

// put writes s as UTF-16LE at byte offset off, by hand rather than with
// EncodeText, so these tests check the offsets independently.
func put(t []byte, off int, s string) {
	for i, u := range utf16.Encode([]rune(s)) {
		t[off+2*i], t[off+2*i+1] = byte(u), byte(u>>8)
	}
}

// handResident is a resident card built from the published offsets
// (research §1 table), with the number of the GB 11643 example.
func handResident() []byte {
	t := blankText()
	put(t, 0, "张三")
	put(t, 30, "2")
	put(t, 32, "01")
	put(t, 36, "19491231")
	put(t, 52, "北京市东城区景山前街4号")
	put(t, 122, "11010519491231002X")
	put(t, 158, "北京市公安局东城分局")
	put(t, 188, "20100101")
	put(t, 204, "长期")
	return t
}

func handHMT() []byte {
	t := blankText()
	put(t, 0, "黄小梅")
	put(t, 30, "2")
	put(t, 36, "19930214")
	put(t, 52, "广东省珠海市香洲区情侣中路5号")
	put(t, 122, "82000019930214002X")
	put(t, 158, "珠海市公安局")
	put(t, 188, "20220110")
	put(t, 204, "20270110")
	put(t, 220, "M12345678")
	put(t, 238, "02")
	t[248], t[249] = 'J', 0
	return t
}

func handForeign() []byte {
	t := blankText()
	put(t, 0, "GARCIA LOPEZ, MARIA-JOSE")
	put(t, 120, "2")
	put(t, 122, "ESP310078120101")
	put(t, 152, "ESP")
	put(t, 158, "玛丽亚·加西亚")
	put(t, 188, "20190301")
	put(t, 204, "20290301")
	put(t, 220, "19781201")
	put(t, 236, "17")
	put(t, 240, "1500")
	t[248], t[249] = 'I', 0
	return t
}

func TestParseHandBuilt(t *testing.T) {
	for _, tc := range []struct {
		name string
		text []byte
		want View
	}{
		{"resident, 长期", handResident(), View{
			CardType: Resident, Name: "张三", Sex: "女", Nation: "汉", Birth: "1949-12-31",
			Address: "北京市东城区景山前街4号", IDNumber: "11010519491231002X", Authority: "北京市公安局东城分局",
			ValidFrom: "2010-01-01", ValidTo: "长期",
		}},
		{"residence permit J", handHMT(), View{
			CardType: HMTResidence, Name: "黄小梅", Sex: "女", Birth: "1993-02-14",
			Address: "广东省珠海市香洲区情侣中路5号", IDNumber: "82000019930214002X", Authority: "珠海市公安局",
			ValidFrom: "2022-01-10", ValidTo: "2027-01-10", PassNumber: "M12345678", IssueCount: "02",
		}},
		{"foreign permanent 2017 I", handForeign(), View{
			CardType: ForeignPermanent, Name: "玛丽亚·加西亚", NameEN: "GARCIA LOPEZ, MARIA-JOSE", Sex: "女",
			Nationality: "ESP", Birth: "1978-12-01", IDNumber: "ESP310078120101", Authority: "1500",
			ValidFrom: "2019-03-01", ValidTo: "2029-03-01",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseText(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if got := c.View(); got != tc.want {
				t.Fatalf("got  %+v\nwant %+v", got, tc.want)
			}
			// The encoder is the inverse of the decoder.
			enc, err := EncodeText(c)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(enc[:], tc.text) {
				t.Fatalf("EncodeText differs from the hand-built block:\n% X\n% X", enc, tc.text)
			}
		})
	}
}

func TestParseNames(t *testing.T) {
	for _, name := range []string{
		"阿依古丽·买买提", // middle dot U+00B7
		"刘䶮",       // CJK Extension A
		"𠮷野家",      // CJK Extension B: a surrogate pair in UTF-16
		"欧阳𪚥",      // surrogate pair at the end of the name
		"买买提·艾力·阿不都热合曼·吐", // 15 characters, the whole field
	} {
		t.Run(name, func(t *testing.T) {
			text := handResident()
			copy(text[0:30], blankText()[0:30])
			put(text, 0, name)
			c, err := ParseText(text)
			if err != nil {
				t.Fatal(err)
			}
			if c.Name != name {
				t.Fatalf("name %q, want %q", c.Name, name)
			}
		})
	}
}

func TestParseNULPadding(t *testing.T) {
	text := handResident()
	clear(text[4:30]) // name padded with NULs instead of spaces
	c, err := ParseText(text)
	if err != nil || c.Name != "张三" {
		t.Fatalf("NUL padding: %v %q", err, c.Name)
	}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(t []byte)
		want   error
	}{
		{"bad check character", func(t []byte) { put(t, 122+34, "1") }, ErrCheckDigit},
		{"lower-case x", func(t []byte) { put(t, 122+34, "x") }, ErrBadField},
		{"number too short", func(t []byte) { put(t, 122+34, " ") }, ErrBadField},
		{"letter in number", func(t []byte) { put(t, 122, "A") }, ErrBadField},
		{"birth differs from number", func(t []byte) { put(t, 36, "19491230") }, ErrBadField},
		{"sex differs from number", func(t []byte) { put(t, 30, "1") }, ErrBadField},
		{"bad sex code", func(t []byte) { put(t, 30, "5") }, ErrBadField},
		{"unknown nation", func(t []byte) { put(t, 32, "77") }, ErrBadField},
		{"nation not digits", func(t []byte) { put(t, 32, "汉") }, ErrBadField},
		{"no such day", func(t []byte) { put(t, 188, "20100230") }, ErrBadField},
		{"month 13", func(t []byte) { put(t, 188, "20101301") }, ErrBadField},
		{"date not digits", func(t []byte) { put(t, 188, "2010010A") }, ErrBadField},
		{"valid to before from", func(t []byte) { put(t, 204, "20000101") }, ErrBadField},
		{"half of 长期", func(t []byte) { copy(t[204:220], blankText()[204:220]); put(t, 204, "长") }, ErrBadField},
		{"empty name", func(t []byte) { copy(t[0:30], blankText()[0:30]) }, ErrBadField},
		{"empty address", func(t []byte) { copy(t[52:122], blankText()[52:122]) }, ErrBadField},
		{"control character", func(t []byte) { put(t, 2, "\x07") }, ErrBadField},
		{"inner NUL", func(t []byte) { put(t, 52+4, "\x00") }, ErrBadField},
		{"unpaired high surrogate", func(t []byte) { t[2], t[3] = 0x3D, 0xD8 }, ErrBadField},
		{"unpaired low surrogate", func(t []byte) { t[2], t[3] = 0x00, 0xDC }, ErrBadField},
		{"replacement character", func(t []byte) { put(t, 2, "\uFFFD") }, ErrBadField},
		{"2023 layout Y", func(t []byte) { t[248], t[249] = 'Y', 0 }, ErrUnsupportedLayout},
		{"unknown layout Q", func(t []byte) { t[248], t[249] = 'Q', 0 }, ErrUnsupportedLayout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := handResident()
			tc.mutate(text)
			c, err := ParseText(text)
			if !errors.Is(err, tc.want) || c != nil {
				t.Fatalf("ParseText = %v, %v; want errors.Is %v and no card", c, err, tc.want)
			}
			if strings.Contains(err.Error(), "11010519491231") || strings.Contains(err.Error(), "张") {
				t.Fatalf("error quotes card data: %v", err)
			}
		})
	}
}

func TestUnsupportedLayoutMessage(t *testing.T) {
	text := blankText()
	text[248] = 'Y'
	_, err := ParseText(text)
	if err == nil || err.Error() != "idcard: unsupported card layout Y" {
		t.Fatalf("err = %v", err)
	}
}

func TestParseRejectsPermitAndForeign(t *testing.T) {
	for _, tc := range []struct {
		name   string
		build  func() []byte
		mutate func(t []byte)
	}{
		{"J check character", handHMT, func(t []byte) { put(t, 122+34, "7") }},
		{"J pass number too short", handHMT, func(t []byte) { copy(t[220:238], blankText()[220:238]); put(t, 220, "M123") }},
		{"J issue count letters", handHMT, func(t []byte) { put(t, 238, "AB") }},
		{"I number pattern", handForeign, func(t []byte) { put(t, 122, "E5P") }},
		{"I nationality lower case", handForeign, func(t []byte) { put(t, 152, "esp") }},
		{"I English name with digits", handForeign, func(t []byte) { put(t, 0, "R2D2") }},
		{"I empty English name", handForeign, func(t []byte) { copy(t[0:120], blankText()[0:120]) }},
		{"I birth", handForeign, func(t []byte) { put(t, 220, "19781301") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := tc.build()
			tc.mutate(text)
			if c, err := ParseText(text); err == nil {
				t.Fatalf("accepted %+v", c.View())
			}
		})
	}
}

func readData(text, photo, fp []byte, withFP bool) []byte {
	return AppendReadData(nil, text, photo, fp, withFP)
}

func TestParseCardBlocks(t *testing.T) {
	text := handResident()
	photo := bytes.Repeat([]byte{0xA5}, PhotoLen)
	fp := bytes.Repeat([]byte{0x3C}, 512)

	c, err := ParseCard(readData(text, photo, nil, false), false)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c.Photo, photo) || c.Fingerprint != nil {
		t.Fatalf("photo %d bytes, fingerprint %d", len(c.Photo), len(c.Fingerprint))
	}
	c, err = ParseCard(readData(text, photo, fp, true), true)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c.Photo, photo) || !bytes.Equal(c.Fingerprint, fp) {
		t.Fatal("30 10 blocks misplaced")
	}

	for _, tc := range []struct {
		name string
		data []byte
		fp   bool
		want error
	}{
		{"empty", nil, false, ErrLength},
		{"text length 255", readData(text[:255], photo, nil, false), false, ErrUnexpected},
		{"photo too long", readData(text, append(photo, 1), nil, false), false, ErrUnexpected},
		{"fingerprint too long", readData(text, photo, make([]byte, 1025), true), true, ErrUnexpected},
		{"truncated", readData(text, photo, nil, false)[:1000], false, ErrLength},
		{"trailing byte", append(readData(text, photo, nil, false), 0), false, ErrLength},
		{"30 10 parsed as 30 01", readData(text, photo, fp, true), false, ErrLength},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if c, err := ParseCard(tc.data, tc.fp); !errors.Is(err, tc.want) || c != nil {
				t.Fatalf("ParseCard = %v, %v; want %v", c, err, tc.want)
			}
		})
	}
}

func TestParseAppendedAddress(t *testing.T) {
	addr := "北京市海淀区中关村大街27号"
	b, err := EncodeAppendedAddress(addr)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"address", b[:], addr},
		{"spaces", func() []byte { e, _ := EncodeAppendedAddress(""); return e[:] }(), ""},
		{"zeros", make([]byte, 70), ""},
		{"no data", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseAppendedAddress(tc.data)
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	if _, err := ParseAppendedAddress(make([]byte, 71)); !errors.Is(err, ErrLength) {
		t.Fatalf("odd length: %v", err)
	}
	if _, err := EncodeAppendedAddress(strings.Repeat("长", 36)); err == nil {
		t.Fatal("an address of 36 characters fits 70 bytes?")
	}
}

func TestCheckChar(t *testing.T) {
	for _, tc := range []struct {
		id   string
		want bool
	}{
		{"11010519491231002X", true}, // the example of GB 11643
		{"110105194912310021", false},
		{"440524188001010014", true},
		{"44052418800101001", false},   // 17 characters
		{"4405241880010100141", false}, // 19
		{"44052418800101001x", false},  // lower-case x
		{"4405241880010100A4", false},
	} {
		if got := ValidNumber(tc.id); got != tc.want {
			t.Errorf("ValidNumber(%q) = %v, want %v", tc.id, got, tc.want)
		}
	}
	// Every remainder maps to its check character.
	seen := map[byte]bool{}
	for i := 0; i < 1000 && len(seen) < 11; i++ {
		c, ok := CheckChar(fmt.Sprintf("110105194912%05d", i))
		if !ok {
			t.Fatal("CheckChar refused digits")
		}
		seen[c] = true
	}
	if len(seen) != 11 {
		t.Fatalf("check characters seen: %v", seen)
	}
	if _, ok := CheckChar("1101051949123100A"); ok {
		t.Fatal("CheckChar accepted a letter")
	}
}

func TestNationTable(t *testing.T) {
	n := 0
	for i := 0; i <= 99; i++ {
		code := fmt.Sprintf("%02d", i)
		name, ok := NationName(code)
		if !ok {
			continue
		}
		n++
		if back, ok := NationCode(name); !ok || back != code {
			t.Errorf("NationCode(%q) = %q, want %q", name, back, code)
		}
	}
	if n != 58 {
		t.Fatalf("%d nations, want 56 + 97 + 98", n)
	}
	for code, want := range map[string]string{"01": "汉", "43": "乌孜别克", "56": "基诺", "97": "其他", "98": "外国血统中国籍人士"} {
		if got, _ := NationName(code); got != want {
			t.Errorf("NationName(%s) = %q, want %q", code, got, want)
		}
	}
	if _, ok := NationCode("火星"); ok {
		t.Fatal("unknown name has a code")
	}
}

func TestCardNeverPrintsUnmasked(t *testing.T) {
	c, err := ParseText(handResident())
	if err != nil {
		t.Fatal(err)
	}
	c.Photo = []byte{1, 2, 3}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("read", "card", c)
	js, _ := json.Marshal(c)
	for _, out := range []string{
		fmt.Sprint(c), fmt.Sprintf("%v %+v %s %#v", c, c, c, c), fmt.Sprintf("%v %#v", *c, *c),
		logged.String(), string(js),
	} {
		for _, secret := range []string{"11010519491231002X", "张三", "景山前街"} {
			if strings.Contains(out, secret) {
				t.Errorf("output leaks %q: %s", secret, out)
			}
		}
	}
	m := c.Masked()
	if m.Name != "张*" || m.IDNumber != "110105********002X" || m.Address != "北京市东城区****" {
		t.Fatalf("masked %+v", m)
	}
	if m.Birth != "1949-12-31" || m.PhotoWLTSHA256 == "" {
		t.Fatalf("masked view dropped non-identifying fields: %+v", m)
	}
}

func TestCardWipe(t *testing.T) {
	c, err := ParseCard(readData(handResident(), bytes.Repeat([]byte{7}, PhotoLen), []byte{9, 9}, true), true)
	if err != nil {
		t.Fatal(err)
	}
	photo, fp := c.Photo, c.Fingerprint
	c.Wipe()
	if !bytes.Equal(photo, make([]byte, len(photo))) || !bytes.Equal(fp, []byte{0, 0}) {
		t.Fatal("photo or fingerprint not zeroed")
	}
	if c.View() != (View{}) || c.Photo != nil {
		t.Fatalf("fields left after Wipe: %+v", c.View())
	}
	var nilCard *Card
	nilCard.Wipe() // harmless
}

func TestPhotoDecoderDefault(t *testing.T) {
	var d PhotoDecoder = NoPhoto{}
	if img, err := d.DecodeWLT(make([]byte, PhotoLen)); img != nil || !errors.Is(err, ErrNoPhoto) {
		t.Fatalf("NoPhoto = %v, %v", img, err)
	}
}
