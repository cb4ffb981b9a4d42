package camera

import (
	"bytes"
	"context"
	"image/jpeg"
	"testing"
)

// BenchmarkDecodeMJPEG640 is the preview's decode of one 640x480 UVC frame
// (tables inserted): 15 fps needs well under 66 ms, and under 25% of a
// core means under ~16 ms with drawing.
func BenchmarkDecodeMJPEG640(b *testing.B) {
	frame := stripDHT(b, encodeJPEG(b, testPicture(640, 480)))
	b.SetBytes(int64(len(frame)))
	for b.Loop() {
		if _, err := DecodeMJPEG(frame); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYUYVToRGBA640 converts one 640x480 YUYV frame.
func BenchmarkYUYVToRGBA640(b *testing.B) {
	frame := yuyvOf(testPicture(640, 480))
	for b.Loop() {
		if _, err := YUYVToRGBA(frame, 640, 480); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnapshotYUYVToJPEG is a snapshot from a YUYV camera: convert
// and encode (the target is 100 ms ready).
func BenchmarkSnapshotYUYVToJPEG(b *testing.B) {
	frame := yuyvOf(testPicture(640, 480))
	for b.Loop() {
		img, err := YUYVToRGBA(frame, 640, 480)
		if err != nil {
			b.Fatal(err)
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSnapshotDriver is a whole snapshot through the driver's owner
// goroutine from a streaming MJPEG camera (fake ioctl layer).
func BenchmarkSnapshotDriver(b *testing.B) {
	fi := newFakeIoctl(b)
	o := testOpts(fi)
	o.Idle = 10e9
	d := New(fi.node, o)
	defer d.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fi.feed(ctx, stripDHT(b, encodeJPEG(b, testPicture(640, 480))))
	for b.Loop() {
		if _, err := d.Snapshot(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
