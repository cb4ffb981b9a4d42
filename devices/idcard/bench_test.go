package idcard

import (
	"bytes"
	"testing"
)

// BenchmarkDecodeRead1295 decodes one complete 1295-byte 30 01 reply: frame
// reassembly and checksum, status, text block, photo. The target is
// ≤ 20 µs. The allocations are the Card's own: the Card together with its
// photo, and the one string holding all its text fields.
func BenchmarkDecodeRead1295(b *testing.B) {
	frame := AppendFrame(nil, AppendReadData([]byte{0, 0, 0x90}, handResident(), bytes.Repeat([]byte{0x5A}, PhotoLen), nil, false))
	if len(frame) != 1295 {
		b.Fatalf("frame is %d bytes", len(frame))
	}
	var d Decoder
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		d.Write(frame)
		f, ok, err := d.Next()
		if !ok || err != nil {
			b.Fatal(ok, err)
		}
		resp, _ := f.Response()
		if err := resp.Err(CmdReadText); err != nil {
			b.Fatal(err)
		}
		c, err := ParseCard(resp.Data, false)
		if err != nil || c.Name == "" {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecoderOnly is the frame layer alone: no allocation at all.
func BenchmarkDecoderOnly(b *testing.B) {
	frame := AppendFrame(nil, AppendReadData([]byte{0, 0, 0x90}, handResident(), bytes.Repeat([]byte{0x5A}, PhotoLen), nil, false))
	var d Decoder
	b.SetBytes(int64(len(frame)))
	b.ReportAllocs()
	for b.Loop() {
		d.Write(frame)
		if _, ok, err := d.Next(); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
