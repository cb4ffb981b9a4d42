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
