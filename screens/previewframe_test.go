package screens

import (
	"image"
	"image/color"
	"testing"
)

// TestPreviewScaler: a frame is sampled to the box's size (letterboxed
// when its shape differs), its colours kept inside the oval, darkened
// outside it, and the two buffers alternate so the one on screen is
// never written.
func TestPreviewScaler(t *testing.T) {
	src := image.NewYCbCr(image.Rect(0, 0, 640, 480), image.YCbCrSubsampleRatio420)
	y, cb, cr := color.RGBToYCbCr(200, 100, 50)
	for i := range src.Y {
		src.Y[i] = y
	}
	for i := range src.Cb {
		src.Cb[i], src.Cr[i] = cb, cr
	}
	px := newPreviewScaler(400, 300, true)
	a := px.scale(src)
	if a.Bounds() != image.Rect(0, 0, 400, 300) {
		t.Fatalf("size %v", a.Bounds())
	}
	near := func(c color.RGBA, r, g, b uint8) bool {
		d := func(x, y uint8) bool { return x-y < 4 || y-x < 4 }
		return d(c.R, r) && d(c.G, g) && d(c.B, b) && c.A == 0xff
	}
	if c := a.RGBAAt(200, 138); !near(c, 200, 100, 50) {
		t.Errorf("inside the oval %v", c)
	}
	if c := a.RGBAAt(5, 5); !near(c, 200*0x77/255, 100*0x77/255, 50*0x77/255) {
		t.Errorf("outside the oval %v", c)
	}
	if b := px.scale(src); b == a {
		t.Fatal("the buffer on screen was filled again")
	} else if c := px.scale(src); c != a {
		t.Fatal("the two buffers do not alternate")
	}

	// A wide frame in a 4:3 box: black bars above and below.
	wide := image.NewRGBA(image.Rect(0, 0, 320, 90))
	for i := range wide.Pix {
		wide.Pix[i] = 0xff
	}
	doc := newPreviewScaler(400, 300, false)
	d := doc.scale(wide)
	if c := d.RGBAAt(200, 10); c.R != 0 || c.G != 0 {
		t.Errorf("bar %v", c)
	}
	if c := d.RGBAAt(200, 150); c != (color.RGBA{0xff, 0xff, 0xff, 0xff}) {
		t.Errorf("picture %v", c)
	}
	// Another source size is mapped afresh.
	if d := doc.scale(src); d.RGBAAt(200, 10).R < 150 {
		t.Errorf("a 4:3 frame after a wide one: %v", d.RGBAAt(200, 10))
	}
}
