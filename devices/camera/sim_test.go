package camera

import (
	"bytes"
	"context"
	"testing"
	"time"
)

// TestSimStreamsMJPEGWithoutTables: the simulated UVC camera sends JPEGs
// without Huffman tables, and the real driver decodes them into 640x480
// preview frames at about the rate asked.
func TestSimStreamsMJPEGWithoutTables(t *testing.T) {
	frames, err := simFrames(640, 480, 2)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(frames[0], []byte{0xFF, 0xC4}) {
		t.Fatal("a simulated frame carries Huffman tables")
	}
	d, err := NewSim(640, 480, 15, &Opts{Warmup: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := d.Preview(ctx, 15)
	if err != nil {
		t.Fatal(err)
	}
	start, n := time.Now(), 0
	for time.Since(start) < time.Second {
		select {
		case img := <-ch:
			if b := img.Bounds(); b.Dx() != 640 || b.Dy() != 480 {
				t.Fatalf("frame %v", b)
			}
			n++
		case <-time.After(2 * time.Second):
			t.Fatal("no frame")
		}
	}
	if n < 8 || n > 17 {
		t.Errorf("%d frames in a second at 15 fps", n)
	}
	if st := d.Status(); st.State != "online" {
		t.Errorf("status %+v", st)
	}
}
