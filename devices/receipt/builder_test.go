package receipt

import (
	"bytes"
	"encoding/hex"
	"errors"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readGolden parses a .hex golden file: hex byte pairs, "quoted ASCII",
// and # comments.
func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "golden", name+".hex"))
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for _, line := range strings.Split(string(raw), "\n") {
		for len(line) > 0 {
			line = strings.TrimLeft(line, " \t")
			switch {
			case line == "" || line[0] == '#':
				line = ""
			case line[0] == '"':
				end := strings.IndexByte(line[1:], '"')
				if end < 0 {
					t.Fatalf("%s: unterminated string in %q", name, line)
				}
				out = append(out, line[1:1+end]...)
				line = line[end+2:]
			default:
				tok, rest, _ := strings.Cut(line, " ")
				b, err := hex.DecodeString(tok)
				if err != nil {
					t.Fatalf("%s: bad token %q: %v", name, tok, err)
				}
				out = append(out, b...)
				line = rest
			}
		}
	}
	return out
}

func TestGoldenCommands(t *testing.T) {
	raster := &Raster{W: 10, H: 3, Pix: []byte{0xFF, 0xC0, 0x80, 0x40, 0xAA, 0x80}}
	tall := NewRaster(8, 300)
	for i := range tall.Pix {
		tall.Pix[i] = 0xAA
	}
	tests := []struct {
		name  string
		build func(d *Doc)
	}{
		{"init", func(d *Doc) { d.Init() }},
		{"align", func(d *Doc) { d.Align(Left).Align(Center).Align(Right) }},
		{"bold", func(d *Doc) { d.Bold(true).Bold(false) }},
		{"size", func(d *Doc) { d.Size(2, 2).Size(1, 2).Size(2, 1).Size(8, 8).Size(1, 1) }},
		{"feed", func(d *Doc) { d.LF().Feed(3) }},
		{"text_ascii", func(d *Doc) { d.Line("Hello, kiosk") }},
		{"text_chinese", func(d *Doc) { d.Line("受理回执") }},
		{"text_rare", func(d *Doc) { d.Line("刘䶮").Line("王㛃") }},
		{"text_replaced", func(d *Doc) { d.Line("A\x1bB😀\xffC") }},
		{"cut", func(d *Doc) { d.Cut(PartialCut).Cut(FullCut) }},
		{"qr", func(d *Doc) { d.QR("https://zwfw.example.gov.cn/progress?no=A1", 6) }},
		{"code128_b", func(d *Doc) { d.Code128("AB-12{") }},
		{"code128_c", func(d *Doc) { d.Code128("20250301") }},
		{"raster", func(d *Doc) { d.Raster(raster) }},
		{"raster_bands", func(d *Doc) { d.Raster(tall) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDoc(W80)
			tt.build(d)
			if err := d.Err(); err != nil {
				t.Fatal(err)
			}
			want := readGolden(t, tt.name)
			if !bytes.Equal(d.Bytes(), want) {
				t.Errorf("bytes differ\n got % X\nwant % X", d.Bytes(), want)
			}
		})
	}
}

func TestReplacementsReported(t *testing.T) {
	d := NewDoc(W58).Text("A\x1bB😀\xffC")
	got := d.Replaced()
	want := []Replacement{
		{Rune: 0x1B, With: BadChar, Reason: "control character"},
		{Rune: 0x1F600, With: MissingGlyph, Reason: "not in the printer's font"},
		{Rune: 0xFFFD, With: BadChar, Reason: "broken UTF-8"},
	}
	if len(got) != len(want) {
		t.Fatalf("replaced = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("replacement %d = %v, want %v", i, got[i], want[i])
		}
	}
	if s := got[1].String(); s != "U+1F600 → □ (not in the printer's font)" {
		t.Errorf("String() = %q", s)
	}
}

func TestRareNameCharacters(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []byte
		font Font
		repl int
	}{
		{"ext A four-byte", "㛃", []byte{0x82, 0x30, 0xB7, 0x31}, FontGB18030, 0},
		{"ext A in the FE row", "䶮", []byte{0xFE, 0x9F}, FontGB18030, 0},
		{"GBK", "张", []byte{0xD5, 0xC5}, FontGB18030, 0},
		{"ext B not in font", "𠀀", []byte{0xA1, 0xF5}, FontGB18030, 1},
		{"ext B in an extended font", "𠀀", []byte{0x95, 0x32, 0x82, 0x36}, FontGB18030Ext, 0},
		{"Hangul is four-byte GB18030 but not in the font", "한", []byte{0xA1, 0xF5}, FontGB18030, 1},
		{"private use", "\uE000", []byte{0xA1, 0xF5}, FontGB18030, 1},
		{"C1 control", "\u009B", []byte{'?'}, FontGB18030, 1},
		{"tab is a space", "\t", []byte{' '}, FontGB18030, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDocFont(W80, tt.font).Text(tt.in)
			if !bytes.Equal(d.Bytes(), tt.want) {
				t.Errorf("bytes = % X, want % X", d.Bytes(), tt.want)
			}
			if len(d.Replaced()) != tt.repl {
				t.Errorf("replaced = %v, want %d", d.Replaced(), tt.repl)
			}
		})
	}
}

func TestBuilderErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func(d *Doc)
	}{
		{"size 0", func(d *Doc) { d.Size(0, 1) }},
		{"size 9", func(d *Doc) { d.Size(1, 9) }},
		{"feed 256", func(d *Doc) { d.Feed(256) }},
		{"align 3", func(d *Doc) { d.Align(3) }},
		{"qr empty", func(d *Doc) { d.QR("", 4) }},
		{"qr module 17", func(d *Doc) { d.QR("x", 17) }},
		{"qr too wide", func(d *Doc) { d.QR(strings.Repeat("x", 600), 8) }},
		{"qr too long", func(d *Doc) { d.QR(strings.Repeat("x", 3000), 1) }},
		{"code128 empty", func(d *Doc) { d.Code128("") }},
		{"code128 not ASCII", func(d *Doc) { d.Code128("受理") }},
		{"code128 too wide", func(d *Doc) { d.Code128(strings.Repeat("A", 30)) }},
		{"raster too wide", func(d *Doc) { d.Raster(NewRaster(600, 1)) }},
		{"raster short", func(d *Doc) { d.Raster(&Raster{W: 8, H: 2, Pix: []byte{1}}) }},
		{"table too wide", func(d *Doc) { d.Table([]Column{{Width: 30}, {Width: 30}}, "a", "b") }},
		{"table cells", func(d *Doc) { d.Table([]Column{{Width: 10}}, "a", "b") }},
		{"cut kind", func(d *Doc) { d.Cut(0) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDoc(W80)
			tt.build(d)
			if d.Err() == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(d.Err().Error(), "receipt: ") {
				t.Errorf("error %q lacks the package prefix", d.Err())
			}
			n := d.Len()
			d.Line("more").Cut(FullCut)
			if d.Len() != n {
				t.Error("a Doc with an error kept growing")
			}
		})
	}
	if NewDoc(Width(57)).Err() == nil {
		t.Error("57 mm paper accepted")
	}
}

func TestPrintRefusesBrokenDoc(t *testing.T) {
	d := NewDoc(W80).Size(9, 9)
	p := &Printer{opts: Opts{Width: W80}}
	if err := p.Print(t.Context(), d); err == nil || errors.Is(err, ErrClosed) {
		t.Fatalf("Print = %v", err)
	}
}

// BenchmarkDitherA4Width dithers a 576×815 gray page (an A4 page at the
// 80 mm printer's width).
func BenchmarkDitherA4Width(b *testing.B) {
	g := image.NewGray(image.Rect(0, 0, 576, 815))
	for i := range g.Pix {
		g.Pix[i] = uint8(i * 7)
	}
	for b.Loop() {
		DitherGray(g)
	}
}
