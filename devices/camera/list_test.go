package camera

import (
	"bytes"
	"context"
	"errors"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestListWithFakeIoctl(t *testing.T) {
	dir := t.TempDir()
	fi := newFakeIoctl(t)
	fi.node = filepath.Join(dir, "video0")
	for _, n := range []string{"video0", "video1", "video10", "video2"} {
		os.WriteFile(filepath.Join(dir, n), nil, 0o600)
	}
	os.MkdirAll(filepath.Join(dir, "v4l", "by-id"), 0o755)
	os.Symlink(fi.node, filepath.Join(dir, "v4l", "by-id", "usb-Fake_UVC-video-index0"))
	open := func(path string) (stream, error) {
		if path != fi.node {
			return nil, errors.New("not a capture device")
		}
		return fi.opener(path)
	}
	got, err := list(dir, open)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, i := range got {
		paths = append(paths, filepath.Base(i.Path))
	}
	if want := []string{"video0", "video1", "video2", "video10"}; len(paths) != 4 || paths[3] != want[3] || paths[2] != want[2] {
		t.Errorf("order %v, want %v", paths, want)
	}
	v0 := got[0]
	if v0.Name != "Fake UVC Camera" || len(v0.Links) != 1 || len(v0.Formats) != 2 || v0.Formats[0].FourCC != "MJPG" ||
		!v0.Formats[0].Readable || v0.Formats[0].Sizes[0] != "640x480" {
		t.Errorf("video0: %+v", v0)
	}
	if got[1].Error == "" {
		t.Errorf("video1 should carry its error: %+v", got[1])
	}
	if fi.isOpen() {
		t.Error("list left the device open")
	}
}

// TestRealCamera runs against the first /dev/video* when the machine has
// one (the build machines have none: no v4l2loopback, no vivid).
func TestRealCamera(t *testing.T) {
	nodes, _ := filepath.Glob("/dev/video*")
	if len(nodes) == 0 {
		t.Skip("skipped: no /dev/video* on this machine, so the real V4L2 path is not exercised here")
	}
	infos, err := List()
	if err != nil {
		t.Fatal(err)
	}
	var node string
	for _, i := range infos {
		for _, f := range i.Formats {
			if f.Readable && node == "" {
				node = i.Path
			}
		}
	}
	if node == "" {
		t.Skipf("skipped: no device offers MJPEG or YUYV: %+v", infos)
	}
	d := New(node, nil)
	defer d.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	shot, err := d.Snapshot(ctx)
	if err != nil {
		t.Fatalf("%s: %v", node, err)
	}
	if _, err := jpeg.Decode(bytes.NewReader(shot)); err != nil {
		t.Fatalf("%s: snapshot is not a JPEG: %v", node, err)
	}
	t.Logf("%s: %v, %d bytes", node, d.Format(), len(shot))
}
