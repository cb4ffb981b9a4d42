package screens

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"hallkiosk/devices/camera"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPreviewFrame640 is one frame of the face preview as the kiosk
// makes it: a 640x480 UVC MJPEG frame (no Huffman tables) decoded,
// sampled to the 400x300 box with the oval guide painted in
// (previewScaler), put in the canvas.Image, and the window painted by
// Fyne's software painter (the test driver; the kiosk's GL painter does
// less work). cpu-ms/frame times 15 is the share of one core at 15 fps.
// make bench-camera also measures it in the real window (bench-preview).
func BenchmarkPreviewFrame640(b *testing.B) {
	test.NewTempApp(b)
	frame := benchFrame()
	pic := canvas.NewImageFromImage(nil)
	pic.FillMode = canvas.ImageFillStretch
	pic.ScaleMode = canvas.ImageScaleFastest
	w := test.NewTempWindow(b, pic)
	w.Resize(fyne.NewSize(400, 300))
	px := newPreviewScaler(400, 300, true)
	start := cpuNow()
	for b.Loop() {
		img, err := camera.DecodeMJPEG(frame)
		if err != nil {
			b.Fatal(err)
		}
		pic.Image = px.scale(img)
		pic.Refresh()
		w.Canvas().Capture()
	}
	b.ReportMetric(float64((cpuNow()-start).Microseconds())/1000/float64(b.N), "cpu-ms/frame")
}

// BenchmarkPreviewScale is previewScaler alone: a decoded 640x480 frame
// sampled to 400x300 with the guide.
func BenchmarkPreviewScale(b *testing.B) {
	img, err := camera.DecodeMJPEG(benchFrame())
	if err != nil {
		b.Fatal(err)
	}
	px := newPreviewScaler(400, 300, true)
	for b.Loop() {
		px.scale(img)
	}
}

// benchFrame is a 640x480 MJPEG frame as a UVC camera sends it.
func benchFrame() []byte {
	src := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			src.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, src, &jpeg.Options{Quality: 80})
	return stripTables(buf.Bytes())
}

// stripTables drops the DHT segments, as a UVC camera sends its frames.
func stripTables(b []byte) []byte {
	out := append([]byte(nil), b[:2]...)
	for i := 2; i+4 <= len(b); {
		m := b[i+1]
		if m == 0xDA {
			return append(out, b[i:]...)
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if m != 0xC4 {
			out = append(out, b[i:i+2+n]...)
		}
		i += 2 + n
	}
	return out
}
