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
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"hallkiosk/devices/camera"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPreviewFrame640 is one frame of the face preview: a 640x480
// UVC MJPEG frame (no Huffman tables) decoded, put in the canvas.Image
// under the oval guide, and the window painted by Fyne's software painter
// (the test driver; the kiosk's GL painter does less work). cpu-ms/frame
// times 15 is the share of one core at 15 fps.
func BenchmarkPreviewFrame640(b *testing.B) {
	test.NewTempApp(b)
	src := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			src.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, src, &jpeg.Options{Quality: 80})
	frame := stripTables(buf.Bytes())
	pic := canvas.NewImageFromImage(nil)
	pic.FillMode = canvas.ImageFillContain
	pic.ScaleMode = canvas.ImageScaleFastest
	ov := canvas.NewImageFromImage(ovalGuide(480, 360))
	ov.FillMode = canvas.ImageFillStretch
	w := test.NewTempWindow(b, container.NewStack(pic, ov))
	w.Resize(fyne.NewSize(640, 480))
	start := cpuNow()
	for b.Loop() {
		img, err := camera.DecodeMJPEG(frame)
		if err != nil {
			b.Fatal(err)
		}
		pic.Image = img
		pic.Refresh()
		w.Canvas().Capture()
	}
	b.ReportMetric(float64((cpuNow()-start).Microseconds())/1000/float64(b.N), "cpu-ms/frame")
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
