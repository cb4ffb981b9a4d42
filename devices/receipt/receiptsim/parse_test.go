package receiptsim

import (
	"bytes"
	"reflect"
	"testing"

	"hallkiosk/devices"
	"hallkiosk/devices/receipt"
)

func parseAll(b []byte, chunk int) []op {
	p := NewParser()
	var ops []op
	emit := func(o op) {
		o.data = append([]byte(nil), o.data...)
		ops = append(ops, o)
	}
	for len(b) > 0 {
		n := min(chunk, len(b))
		p.Feed(b[:n], emit)
		b = b[n:]
	}
	return ops
}

// merge joins adjacent text ops, which a split read may cut in two.
func merge(ops []op) []op {
	var out []op
	for _, o := range ops {
		if o.kind == opText && len(out) > 0 && out[len(out)-1].kind == opText {
			out[len(out)-1].data = append(out[len(out)-1].data, o.data...)
			continue
		}
		out = append(out, o)
	}
	return out
}

func sampleStream() []byte {
	d := receipt.NewDoc(receipt.W80).Init().Align(receipt.Center).Bold(true).Size(2, 2).Line("受理回执").
		Size(1, 1).Bold(false).Line("刘䶮 王㛃 ABC").QR("https://example.gov.cn/p?no=1", 4).
		Code128("HK-0001").Raster(&receipt.Raster{W: 16, H: 2, Pix: []byte{0xFF, 0x00, 0x10, 0x04}}).
		Feed(2).Cut(receipt.PartialCut)
	b := append([]byte{0x10, 0x04, 0x01}, d.Bytes()...)
	return append(b, 0x10, 0x04, 0x04)
}

func TestParserSplitReads(t *testing.T) {
	b := sampleStream()
	whole := merge(parseAll(b, len(b)))
	for _, chunk := range []int{1, 2, 3, 7, 64} {
		if got := merge(parseAll(b, chunk)); !reflect.DeepEqual(got, whole) {
			t.Errorf("chunk %d: %d ops, whole: %d ops", chunk, len(got), len(whole))
		}
	}
	kinds := map[opKind]int{}
	for _, o := range whole {
		kinds[o.kind]++
	}
	for _, k := range []opKind{opStatus, opInit, opAlign, opBold, opSize, opText, opLF, opQR, opBarcode, opRaster, opFeedLines, opCut} {
		if kinds[k] == 0 {
			t.Errorf("no op of kind %d parsed", k)
		}
	}
	if kinds[opStatus] != 2 || kinds[opQR] != 5 {
		t.Errorf("status %d, qr %d", kinds[opStatus], kinds[opQR])
	}
}

func TestConditionReplies(t *testing.T) {
	tests := []struct {
		c    Condition
		want [4]byte
	}{
		{OK, [4]byte{0x12, 0x12, 0x12, 0x12}},
		{NearEnd, [4]byte{0x12, 0x12, 0x12, 0x1E}},
		{PaperOut, [4]byte{0x1A, 0x32, 0x12, 0x7E}},
		{CoverOpen, [4]byte{0x1A, 0x16, 0x12, 0x12}},
		{CutterError, [4]byte{0x1A, 0x52, 0x1A, 0x12}},
	}
	for _, tt := range tests {
		var got [4]byte
		for n := 1; n <= 4; n++ {
			b, ok := tt.c.reply(n)
			if !ok {
				t.Fatalf("%s: no reply to %d", tt.c, n)
			}
			got[n-1] = b
		}
		if got != tt.want {
			t.Errorf("%s: replies % X, want % X", tt.c, got, tt.want)
		}
		st, err := receipt.DecodeStatus(got)
		if err != nil {
			t.Fatal(err)
		}
		if (st.State == devices.Online) != tt.c.CanPrint() {
			t.Errorf("%s decodes to %v", tt.c, st)
		}
		if c2, err := ParseCondition(tt.c.String()); err != nil || c2 != tt.c {
			t.Errorf("ParseCondition(%q) = %v, %v", tt.c.String(), c2, err)
		}
	}
	if _, ok := Silent.reply(1); ok {
		t.Error("silent printer replied")
	}
	if _, err := ParseCondition("jammed"); err == nil {
		t.Error("unknown condition accepted")
	}
}

func TestPaperOutPrintsNothing(t *testing.T) {
	f := testFonts(t)
	m := newMachine(receipt.W58, f, PaperOut)
	replies, out := m.feed(sampleStream())
	if len(out) != 0 || m.paper.h != 0 {
		t.Errorf("printed with paper out: %d receipts, %d rows", len(out), m.paper.h)
	}
	if !bytes.Equal(replies, []byte{0x1A, 0x7E}) {
		t.Errorf("replies % X", replies)
	}
}

func TestCode128Modules(t *testing.T) {
	// Set B "Hi": start B (104), H (40), i (73), check (104+40+2*73)%103 = 84, stop.
	mods, text, ok := code128Modules([]byte("{BHi"))
	if !ok || text != "Hi" {
		t.Fatalf("ok=%v text=%q", ok, text)
	}
	if len(mods) != 11*4+13 {
		t.Errorf("%d modules", len(mods))
	}
	for _, bad := range []string{"", "AB", "{X12", "{C\xff", "{B{"} {
		if _, _, ok := code128Modules([]byte(bad)); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

var fontsForTests *fonts

func testFonts(t testing.TB) *fonts {
	if fontsForTests == nil {
		f, err := loadFonts("")
		if err != nil {
			t.Skip(err)
		}
		fontsForTests = f
	}
	return fontsForTests
}

// FuzzMachine: any byte stream goes through the parser and the paper
// without a panic and within the memory limits.
func FuzzMachine(f *testing.F) {
	f.Add(sampleStream())
	f.Add([]byte{0x1D, 0x76, 0x30, 0x00, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Add([]byte{0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30})
	f.Add([]byte{0x1D, 0x6B, 0x49, 0x04, '{', 'C', 0x63, 0xFF})
	f.Add([]byte{0x1D, 0x21, 0x77, 0x81, 0x30, 0x81, 0x30, 0xFE, 0x9F, 0x0A, 0x1D, 0x56, 0x42, 0x00})
	f.Add([]byte{0x1B, 0x2A, 0x21, 0xFF, 0xFF})
	fn := testFonts(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		m := newMachine(receipt.W58, fn, OK)
		replies, out := m.feed(b)
		// One reply at most per 10 04 n, also inside another command's
		// data (real-time, as an Epson printer does).
		if n := bytes.Count(b, []byte{0x10, 0x04}); len(replies) > n {
			t.Fatalf("%d replies to %d requests", len(replies), n)
		}
		for _, p := range out {
			if p.Image.Bounds().Dx() != receipt.W58.PaperDots() {
				t.Fatalf("receipt %d dots wide", p.Image.Bounds().Dx())
			}
		}
		if len(m.parser.buf) > maxPending || m.paper.h > 2*maxRows {
			t.Fatalf("pending %d bytes, paper %d rows", len(m.parser.buf), m.paper.h)
		}
	})
}

// TestCode128AvoidsRealtimeBytes: digits whose code set C pairs would be
// DLE EOT, DLE ENQ or DLE DC4 still print as the same digits, and the
// printer sends no status byte for them.
func TestCode128AvoidsRealtimeBytes(t *testing.T) {
	for _, digits := range []string{"160401", "20161605", "1616201604"} {
		b := receipt.NewDoc(receipt.W80).Code128(digits).Bytes()
		var got []string
		for _, o := range parseAll(b, len(b)) {
			if o.kind != opBarcode {
				continue
			}
			mods, text, ok := code128Modules(o.data)
			if !ok || len(mods) == 0 {
				t.Fatalf("%s: barcode data % x not decoded", digits, o.data)
			}
			got = append(got, text)
		}
		if len(got) != 1 || got[0] != digits {
			t.Errorf("%s: barcode reads %q", digits, got)
		}
		m := newMachine(receipt.W80, nil, OK)
		if replies := m.realtime(b); len(replies) != 0 {
			t.Errorf("%s: the printer answered % x", digits, replies)
		}
	}
}
