package receipt

import (
	"bytes"
	"strings"
	"testing"
)

// noRealtime fails when the document holds a real-time command.
func noRealtime(t *testing.T, d *Doc) {
	t.Helper()
	b := d.Bytes()
	for i := range b {
		if realtimeCommand(b[i:]) {
			t.Fatalf("real-time command % x at %d of %d bytes", b[i:i+3], i, len(b))
		}
	}
}

func TestNoRealtimeCommandInData(t *testing.T) {
	r := &Raster{W: 32, H: 3, Pix: []byte{0x10, 0x04, 0x01, 0x10, 0x10, 0x05, 0x00, 0x10, 0x14, 0x08, 0x10, 0x04}}
	orig := append([]byte(nil), r.Pix...)
	d := NewDoc(W80).Init().Raster(r)
	noRealtime(t, d)
	if !bytes.Equal(r.Pix, orig) {
		t.Error("the caller's raster was changed")
	}
	want := []byte{0x18, 0x04, 0x01, 0x10, 0x18, 0x05, 0x00, 0x18, 0x14, 0x08, 0x18, 0x04}
	if got := d.Bytes()[len(d.Bytes())-len(want):]; !bytes.Equal(got, want) {
		t.Errorf("raster data % x, want % x", got, want)
	}

	// Digits 16 04 01 (a date) in code set C would be DLE EOT 1.
	for _, digits := range []string{"160401", "16051620", "991604", "1616041604"} {
		d := NewDoc(W80).Code128(digits)
		if d.Err() != nil {
			t.Fatalf("%s: %v", digits, d.Err())
		}
		noRealtime(t, d)
	}
	if d := NewDoc(W80).Code128("16161717"); !bytes.Contains(d.Bytes(), []byte{'{', 'C', 16, 16, 17, 17}) {
		t.Errorf("16161717 not sent as plain code set C: % x", d.Bytes())
	}

	if err := NewDoc(W80).QR("a\x10\x04\x01b", 4).Err(); err == nil || !strings.Contains(err.Error(), "real-time") {
		t.Errorf("QR data with DLE EOT 1: %v", err)
	}
	// A QR code of 1037 bytes has the length bytes 10 04, followed by 49:
	// not a real-time command.
	noRealtime(t, NewDoc(W80).QR(strings.Repeat("A", 1037), 2))
}

// FuzzNoRealtimeCommand: whatever the image, digits and QR data, the
// document holds no real-time command.
func FuzzNoRealtimeCommand(f *testing.F) {
	f.Add([]byte{0x10, 0x04, 0x01, 0x10, 0x14, 0x08}, "160401", "x")
	f.Add([]byte{0xFF, 0x10, 0x05}, "201604", "https://example.gov.cn/?\x10\x05")
	f.Fuzz(func(t *testing.T, pix []byte, digits, qr string) {
		d := NewDoc(W80).Init()
		if len(pix) > 0 {
			stride := min(len(pix), W80.Dots()/8)
			h := len(pix) / stride
			d.Raster(&Raster{W: stride * 8, H: h, Pix: pix[:stride*h]})
		}
		var ds []byte
		for i := 0; i < len(digits) && len(ds) < 40; i++ {
			ds = append(ds, '0'+digits[i]%10)
		}
		if len(ds) >= 4 && len(ds)%2 == 0 {
			d.Code128(string(ds))
		}
		if d.Err() != nil {
			t.Fatalf("raster/code128: %v", d.Err())
		}
		if qr != "" {
			if err := NewDoc(W80).QR(qr, 1).Err(); err == nil {
				d.QR(qr, 1)
			}
		}
		noRealtime(t, d)
	})
}
