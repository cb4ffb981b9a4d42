package speech_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"testing"

	"hallkiosk/speech"
)

// wavHeader builds a 44-byte WAV header with the given fields.
func wavHeader(riffSize uint32, tag, channels uint16, rate uint32, bits uint16, dataSize uint32) []byte {
	align := channels * bits / 8
	h := make([]byte, 44)
	copy(h[0:4], "RIFF")
	binary.LittleEndian.PutUint32(h[4:8], riffSize)
	copy(h[8:16], "WAVEfmt ")
	binary.LittleEndian.PutUint32(h[16:20], 16)
	binary.LittleEndian.PutUint16(h[20:22], tag)
	binary.LittleEndian.PutUint16(h[22:24], channels)
	binary.LittleEndian.PutUint32(h[24:28], rate)
	binary.LittleEndian.PutUint32(h[28:32], rate*uint32(align))
	binary.LittleEndian.PutUint16(h[32:34], align)
	binary.LittleEndian.PutUint16(h[34:36], bits)
	copy(h[36:40], "data")
	binary.LittleEndian.PutUint32(h[40:44], dataSize)
	return h
}

func TestParseWAV(t *testing.T) {
	samples := []byte{1, 0, 2, 0, 0xff, 0x7f, 0, 0x80}
	good := append(wavHeader(36+8, 1, 1, 22050, 16, 8), samples...)
	// espeak-ng --stdout cannot seek back: it writes 0x7ffff024/0x7ffff000.
	streamed := append(wavHeader(0x7ffff024, 1, 1, 22050, 16, 0x7ffff000), samples...)
	withList := func() []byte {
		h := wavHeader(0, 1, 2, 44100, 16, 8)
		list := append([]byte("LIST\x03\x00\x00\x00abc"), 0) // odd size, padded
		b := append(append(h[:36:36], list...), h[36:]...)
		b = append(b, samples...)
		binary.LittleEndian.PutUint32(b[4:8], uint32(len(b)-8))
		return b
	}()
	tests := []struct {
		name    string
		in      []byte
		want    speech.Format
		wantLen int
		bad     bool
	}{
		{name: "canonical", in: good, want: speech.Format{SampleRate: 22050, Channels: 1}, wantLen: 8},
		{name: "streamed sizes", in: streamed, want: speech.Format{SampleRate: 22050, Channels: 1}, wantLen: 8},
		{name: "streamed odd byte dropped", in: append(streamed[:len(streamed):len(streamed)], 9), want: speech.Format{SampleRate: 22050, Channels: 1}, wantLen: 8},
		{name: "extra chunk before data", in: withList, want: speech.Format{SampleRate: 44100, Channels: 2}, wantLen: 8},
		{name: "trailing bytes ignored", in: append(good[:len(good):len(good)], 1, 2, 3), want: speech.Format{SampleRate: 22050, Channels: 1}, wantLen: 8},
		{name: "empty", in: nil, bad: true},
		{name: "not riff", in: append([]byte("RIFX"), good[4:]...), bad: true},
		{name: "truncated data", in: good[:len(good)-2], bad: true},
		{name: "float samples", in: append(wavHeader(44, 3, 1, 22050, 32, 8), samples...), bad: true},
		{name: "8-bit", in: append(wavHeader(44, 1, 1, 22050, 8, 8), samples...), bad: true},
		{name: "six channels", in: append(wavHeader(44, 1, 6, 22050, 16, 0), samples...), bad: true},
		{name: "no data chunk", in: good[:36], bad: true},
		{name: "odd data length", in: append(wavHeader(36+7, 1, 1, 22050, 16, 7), samples[:7]...), bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := speech.ParseWAV(tt.in)
			if tt.bad {
				if !errors.Is(err, speech.ErrBadWAV) {
					t.Fatalf("ParseWAV = %v, %v; want ErrBadWAV", got.Format, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != tt.want || len(got.Data) != tt.wantLen {
				t.Errorf("ParseWAV = %s, %d bytes; want %s, %d", got.Format, len(got.Data), tt.want, tt.wantLen)
			}
		})
	}
}

func TestWAVRoundTrip(t *testing.T) {
	p := speech.PCM{Format: speech.Format{SampleRate: 16000, Channels: 2}, Data: []byte{1, 2, 3, 4, 5, 6, 7, 8}}
	b, err := speech.EncodeWAV(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 44+8 {
		t.Errorf("len = %d, want 52", len(b))
	}
	got, err := speech.ParseWAV(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != p.Format || !bytes.Equal(got.Data, p.Data) {
		t.Errorf("round trip = %+v, want %+v", got, p)
	}
	if _, err := speech.EncodeWAV(speech.PCM{Format: p.Format, Data: []byte{1, 2, 3}}); err == nil {
		t.Error("EncodeWAV accepted a partial frame")
	}
}

// FuzzParseWAV: bytes from outside (espeak-ng's stdout, WAV files) never
// make the parser panic, and what it accepts is valid PCM.
func FuzzParseWAV(f *testing.F) {
	samples := []byte{1, 0, 2, 0}
	f.Add(append(wavHeader(40, 1, 1, 22050, 16, 4), samples...))
	f.Add(append(wavHeader(0x7ffff024, 1, 1, 22050, 16, 0x7ffff000), samples...))
	f.Add(append(wavHeader(40, 0xFFFE, 2, 48000, 16, 4), samples...))
	f.Add([]byte("RIFF\x04\x00\x00\x00WAVE"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := speech.ParseWAV(b)
		if err != nil {
			if !errors.Is(err, speech.ErrBadWAV) {
				t.Fatalf("error %v does not wrap ErrBadWAV", err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("accepted invalid PCM: %v", err)
		}
		if len(p.Data) > len(b) {
			t.Fatalf("%d bytes of data from %d bytes of input", len(p.Data), len(b))
		}
	})
}

// TestParseWAVEspeakGolden: the first bytes of what espeak-ng 1.51
// --stdout really writes (sizes 0x7ffff024/0x7ffff000, as it cannot seek a
// pipe).
func TestParseWAVEspeakGolden(t *testing.T) {
	b, err := os.ReadFile("testdata/espeak-ng-stdout.wav")
	if err != nil {
		t.Fatal(err)
	}
	p, err := speech.ParseWAV(b)
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != speech.DefaultFormat() || p.Frames() != 100 {
		t.Errorf("%s, %d frames; want %s, 100", p.Format, p.Frames(), speech.DefaultFormat())
	}
}
