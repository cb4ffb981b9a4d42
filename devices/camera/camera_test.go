package camera

import (
	"bytes"
	"context"
	"errors"
	"image/jpeg"
	"testing"
)

func TestFakeTakesRealJPEGsAndUnplugs(t *testing.T) {
	f := NewFake()
	shot, err := f.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(shot))
	if err != nil || img.Bounds().Dx() != 640 {
		t.Fatalf("not a 640-wide JPEG: %v", err)
	}
	again, _ := f.Snapshot(context.Background())
	if bytes.Equal(shot, again) {
		t.Fatal("two frames are identical")
	}
	f.Unplug()
	if _, err := f.Snapshot(context.Background()); !errors.Is(err, ErrNoCamera) {
		t.Fatalf("unplugged: %v", err)
	}
	if f.Status().State != "no_device" {
		t.Fatal("status not no_device")
	}
	f.Replug()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Snapshot(ctx); err == nil {
		t.Fatal("cancelled context ignored")
	}
}

func TestFakeDocumentShowsAPage(t *testing.T) {
	f := NewFakeDocument()
	shot, err := f.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	// The centre is paper (light), the corners are the platen (dark).
	light := func(x, y int) bool { r, g, b, _ := img.At(x, y).RGBA(); return (r+g+b)/3>>8 > 160 }
	if !light(b.Dx()/2+40, b.Dy()-b.Dy()/4) || light(5, 5) || light(b.Dx()-5, b.Dy()-5) {
		t.Error("no light page on a dark platen")
	}
	// And text: dark pixels inside the page.
	dark := 0
	for y := b.Dy() / 4; y < b.Dy()/2; y++ {
		for x := b.Dx() / 3; x < b.Dx()*2/3; x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r>>8 < 80 {
				dark++
			}
		}
	}
	if dark < 500 {
		t.Errorf("%d dark pixels: no text on the page", dark)
	}
}
