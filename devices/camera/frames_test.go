package camera

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// testPicture is a picture with areas of known colours.
func testPicture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{200, 40, 40, 255}
			switch {
			case x >= w/2 && y < h/2:
				c = color.RGBA{40, 180, 60, 255}
			case y >= h/2:
				c = color.RGBA{30, 60, 200, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// stripTables removes every DHT segment, as a UVC camera sends its frames
// (stripDHT), failing the test when b is not a JPEG it can walk.
func stripTables(t testing.TB, b []byte) []byte {
	t.Helper()
	out := stripDHT(b)
	if bytes.Equal(out, b) {
		t.Fatal("no DHT segment stripped")
	}
	return out
}

func near(a, b uint8, tol int) bool {
	d := int(a) - int(b)
	return d >= -tol && d <= tol
}

func TestMJPEGWithAndWithoutTables(t *testing.T) {
	want := testPicture(64, 48)
	full := encodeJPEG(t, want)
	bare := stripTables(t, full)
	if bytes.Contains(bare, []byte{0xFF, markerDHT}) {
		t.Fatal("tables not stripped")
	}
	if _, err := jpeg.Decode(bytes.NewReader(bare)); err == nil {
		t.Fatal("the standard decoder read a frame without tables: the test proves nothing")
	}
	fixed, err := FixMJPEG(bare)
	if err != nil {
		t.Fatal(err)
	}
	// Go's encoder uses the tables of T.81 K.3, so putting them back
	// gives its output again byte for byte.
	if !bytes.Equal(fixed, full) {
		t.Errorf("fixed frame differs from the encoder's (%d vs %d bytes)", len(fixed), len(full))
	}
	same, err := FixMJPEG(full)
	if err != nil || &same[0] != &full[0] {
		t.Errorf("a frame with tables was changed or copied: %v", err)
	}
	for name, frame := range map[string][]byte{"with tables": full, "without tables": bare} {
		img, err := DecodeMJPEG(frame)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, p := range []image.Point{{5, 5}, {50, 5}, {30, 40}} {
			r, g, b, _ := img.At(p.X, p.Y).RGBA()
			w := want.RGBAAt(p.X, p.Y)
			if !near(uint8(r>>8), w.R, 12) || !near(uint8(g>>8), w.G, 12) || !near(uint8(b>>8), w.B, 12) {
				t.Errorf("%s: pixel %v = %d,%d,%d want %v", name, p, r>>8, g>>8, b>>8, w)
			}
		}
	}
}

func TestMJPEGBadFrames(t *testing.T) {
	good := stripTables(t, encodeJPEG(t, testPicture(64, 48)))
	corrupt := append([]byte(nil), good...)
	for i := len(corrupt) / 2; i < len(corrupt)-2; i += 7 {
		corrupt[i] = 0xFF
	}
	huge := append([]byte(nil), good...)
	// SOF0's height and width (bytes 5..8 of the segment) set to 65535.
	if i := bytes.Index(huge, []byte{0xFF, 0xC0}); i > 0 {
		copy(huge[i+5:], []byte{0xFF, 0xFF, 0xFF, 0xFF})
	}
	cases := map[string][]byte{
		"empty":              nil,
		"no SOI":             good[2:],
		"SOI only":           good[:2],
		"truncated header":   good[:20],
		"truncated scan":     good[:len(good)*2/3],
		"corrupt scan":       corrupt,
		"segment past end":   {0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF, 0, 0},
		"EOI before scan":    {0xFF, 0xD8, 0xFF, 0xD9, 0, 0},
		"zero length":        {0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0xFF, 0xDA},
		"garbage":            bytes.Repeat([]byte{0x12}, 100),
		"huge size declared": huge,
	}
	for name, frame := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := DecodeMJPEG(frame); !errors.Is(err, ErrBadFrame) {
				t.Errorf("DecodeMJPEG = %v, want ErrBadFrame", err)
			}
		})
	}
}

// yuyvOf encodes img as YUYV the way a camera does (BT.601 limited range,
// the two pixels' chroma averaged).
func yuyvOf(img *image.RGBA) []byte {
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	out := make([]byte, 0, w*h*2)
	lim := func(r, g, b uint8) (y, cb, cr float64) {
		R, G, B := float64(r), float64(g), float64(b)
		y = 16 + (65.481*R+128.553*G+24.966*B)/255
		cb = 128 + (-37.797*R-74.203*G+112.0*B)/255
		cr = 128 + (112.0*R-93.786*G-18.214*B)/255
		return
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x += 2 {
			a, b := img.RGBAAt(x, y), img.RGBAAt(x+1, y)
			y0, cb0, cr0 := lim(a.R, a.G, a.B)
			y1, cb1, cr1 := lim(b.R, b.G, b.B)
			out = append(out, uint8(y0+0.5), uint8((cb0+cb1)/2+0.5), uint8(y1+0.5), uint8((cr0+cr1)/2+0.5))
		}
	}
	return out
}

func TestYUYVKnownImage(t *testing.T) {
	want := testPicture(32, 16)
	frame := yuyvOf(want)
	got, err := YUYVToRGBA(frame, 32, 16)
	if err != nil {
		t.Fatal(err)
	}
	for y := 0; y < 16; y++ {
		for x := 0; x < 32; x++ {
			g, w := got.RGBAAt(x, y), want.RGBAAt(x, y)
			if !near(g.R, w.R, 3) || !near(g.G, w.G, 3) || !near(g.B, w.B, 3) || g.A != 255 {
				t.Fatalf("pixel %d,%d = %v want %v", x, y, g, w)
			}
		}
	}
	// Black and white at the ends of the limited range.
	bw, _ := YUYVToRGBA([]byte{16, 128, 235, 128}, 2, 1)
	if c := bw.RGBAAt(0, 0); c.R != 0 || c.G != 0 || c.B != 0 {
		t.Errorf("Y=16 is %v, want black", c)
	}
	if c := bw.RGBAAt(1, 0); c.R != 255 || c.G != 255 || c.B != 255 {
		t.Errorf("Y=235 is %v, want white", c)
	}
	// A padded frame (longer than w*h*2) is fine.
	if _, err := YUYVToRGBA(append(frame, 0, 0, 0, 0), 32, 16); err != nil {
		t.Errorf("padded frame: %v", err)
	}
}

func TestYUYVBadFrames(t *testing.T) {
	cases := []struct {
		name  string
		frame []byte
		w, h  int
	}{
		{"short", make([]byte, 10), 4, 4},
		{"empty", nil, 2, 2},
		{"odd width", make([]byte, 100), 5, 2},
		{"zero size", make([]byte, 8), 0, 2},
		{"negative", make([]byte, 8), -2, -2},
		{"too many pixels", make([]byte, 8), 100000, 100000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := YUYVToRGBA(c.frame, c.w, c.h); !errors.Is(err, ErrBadFrame) {
				t.Errorf("got %v, want ErrBadFrame", err)
			}
		})
	}
}

func FuzzDecodeMJPEG(f *testing.F) {
	full := encodeJPEG(f, testPicture(16, 16))
	f.Add(full)
	f.Add(stripTables(f, full))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xDA, 0, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		fixed, err := FixMJPEG(b)
		if err == nil && len(fixed) < len(b) {
			t.Fatal("fixed frame shorter than the input")
		}
		img, err := DecodeMJPEG(b)
		if err == nil && img.Bounds().Dx()*img.Bounds().Dy() > MaxPixels {
			t.Fatal("over-large frame decoded")
		}
	})
}

func FuzzYUYV(f *testing.F) {
	f.Add(yuyvOf(testPicture(4, 2)), 4, 2)
	f.Add([]byte{1, 2, 3}, 2, 1)
	f.Fuzz(func(t *testing.T, b []byte, w, h int) {
		if w > 4096 || h > 4096 {
			return // the pixel bound is tested above; keep the fuzzer fast
		}
		img, err := YUYVToRGBA(b, w, h)
		if err == nil && (img.Bounds().Dx() != w || img.Bounds().Dy() != h) {
			t.Fatal("wrong size")
		}
	})
}
