package camera

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"
)

// cameraLike is a picture with a camera's detail: a scene (the document
// camera's, text and edges) with sensor noise over it, so the JPEG is of
// a camera frame's size (about 60 KB at 640x480), not a flat test card's.
func cameraLike(w, h int) *image.RGBA {
	img := DocumentScene(w, h, 4)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range img.Pix {
		if i%4 != 3 {
			img.Pix[i] = uint8(max(0, min(255, int(img.Pix[i])+r.IntN(25)-12)))
		}
	}
	return img
}

// cpuMS reports the process's CPU time per operation since start (on a
// shared machine the wall time says little).
func cpuMS(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkDecodeMJPEG640 is the preview's decode of one 640x480 UVC frame
// (tables inserted): 15 fps needs well under 66 ms, and under 25% of a
// core means under ~16 ms with drawing.
func BenchmarkDecodeMJPEG640(b *testing.B) {
	frame := stripTables(b, encodeJPEG(b, cameraLike(640, 480)))
	b.SetBytes(int64(len(frame)))
	start := cpuTime()
	for b.Loop() {
		if _, err := DecodeMJPEG(frame); err != nil {
			b.Fatal(err)
		}
	}
	cpuMS(b, start)
}

// BenchmarkYUYVToRGBA640 converts one 640x480 YUYV frame.
func BenchmarkYUYVToRGBA640(b *testing.B) {
	frame := yuyvOf(testPicture(640, 480))
	start := cpuTime()
	for b.Loop() {
		if _, err := YUYVToRGBA(frame, 640, 480); err != nil {
			b.Fatal(err)
		}
	}
	cpuMS(b, start)
}

// BenchmarkSnapshotYUYVToJPEG is a snapshot from a YUYV camera: convert
// and encode (the target is 100 ms ready).
func BenchmarkSnapshotYUYVToJPEG(b *testing.B) {
	frame := yuyvOf(testPicture(640, 480))
	start := cpuTime()
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
	cpuMS(b, start)
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
	fi.feed(ctx, stripTables(b, encodeJPEG(b, cameraLike(640, 480))))
	start := cpuTime()
	for b.Loop() {
		if _, err := d.Snapshot(ctx); err != nil {
			b.Fatal(err)
		}
	}
	cpuMS(b, start)
}
