package app

import (
	"context"
	"errors"
	"testing"

	"hallkiosk/devices/camera"
	"hallkiosk/devices/pdfrender"
)

// TestDocumentsPageAfterPage: pages of a material from the document
// camera make one PDF; retake and delete change it; the wipe takes all.
func TestDocumentsPageAfterPage(t *testing.T) {
	s, _, _ := newTestSession(t)
	s.Start()
	d := &Documents{Session: s, Camera: camera.NewFakeDocument()}
	ctx := context.Background()
	pagesOf := func() int {
		t.Helper()
		pdf := s.Data().Material("lease")
		if pdf == nil {
			return 0
		}
		doc, err := pdfrender.Open(pdf)
		if err != nil {
			t.Fatal(err)
		}
		defer doc.Close()
		return doc.Pages()
	}
	for i := 0; i < 3; i++ {
		if err := d.Capture(ctx, "lease"); err != nil {
			t.Fatal(err)
		}
	}
	if d.Pages("lease") != 3 || pagesOf() != 3 {
		t.Fatalf("%d pages, PDF of %d", d.Pages("lease"), pagesOf())
	}
	if len(s.Data().Material("lease")) > 3*500<<10 {
		t.Errorf("PDF of %d bytes", len(s.Data().Material("lease")))
	}
	if err := d.Retake(ctx, "lease", 1); err != nil || pagesOf() != 3 {
		t.Fatalf("retake: %v, %d pages", err, pagesOf())
	}
	if err := d.DeletePage("lease", 0); err != nil || pagesOf() != 2 || d.Pages("lease") != 2 {
		t.Fatalf("delete: %v, %d pages", err, pagesOf())
	}
	imgs, err := d.PageImages("lease")
	if err != nil || len(imgs) != 2 {
		t.Fatalf("drawn back: %d, %v", len(imgs), err)
	}
	for _, bad := range []int{-1, 2, 9} {
		if err := d.DeletePage("lease", bad); !errors.Is(err, ErrNoPage) {
			t.Errorf("delete page %d: %v", bad, err)
		}
		if err := d.Retake(ctx, "lease", bad); !errors.Is(err, ErrNoPage) {
			t.Errorf("retake page %d: %v", bad, err)
		}
	}
	d.DeletePage("lease", 0)
	d.DeletePage("lease", 0)
	if s.Data().Material("lease") != nil {
		t.Fatal("a material without pages is still there")
	}
	d.Capture(ctx, "lease")
	s.Finish()
	if s.Data().Material("lease") != nil || d.Pages("lease") != 0 {
		t.Fatal("pages survived the wipe")
	}
}

func TestDocumentsWithoutCamera(t *testing.T) {
	s, _, _ := newTestSession(t)
	s.Start()
	d := &Documents{Session: s}
	if err := d.Capture(context.Background(), "x"); !errors.Is(err, camera.ErrNoCamera) {
		t.Errorf("capture: %v", err)
	}
	if err := d.Ready(); !errors.Is(err, camera.ErrNoCamera) {
		t.Errorf("ready: %v", err)
	}
	cam := camera.NewFakeDocument()
	cam.Unplug()
	d.Camera = cam
	if err := d.Ready(); !errors.Is(err, camera.ErrNoCamera) {
		t.Errorf("unplugged: %v", err)
	}
	if _, err := d.Preview(context.Background(), 10); err != nil {
		t.Errorf("the fake previews: %v", err)
	}
}
