package screens

import (
	"context"
	"image"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// previewFPS bounds how often a camera preview is redrawn (fyne-io/terminal
// redraws at most every 17 ms; a camera needs less).
const previewFPS = 15

// livePreview is a camera's picture, redrawn as frames come (at most
// previewFPS a second), w x h logical pixels, with overlay (the face
// screen's oval guide) drawn over it when not nil. start asks the journey
// for the frames; the stream stops when the screen is left. A dry build
// (texts only) and a camera that cannot preview show a plain box.
func (u *UI) livePreview(w, h float32, overlay image.Image, start func(ctx context.Context, fps int) (<-chan image.Image, error)) fyne.CanvasObject {
	z := u.zoom
	bg := canvas.NewRectangle(color.NRGBA{R: 0x30, G: 0x34, B: 0x3a, A: 0xff})
	bg.SetMinSize(fyne.NewSize(w*z, h*z))
	pic := canvas.NewImageFromImage(nil)
	pic.FillMode = canvas.ImageFillContain
	pic.ScaleMode = canvas.ImageScaleFastest
	pic.SetMinSize(fyne.NewSize(w*z, h*z))
	objs := []fyne.CanvasObject{bg, pic}
	if overlay != nil {
		ov := canvas.NewImageFromImage(overlay)
		ov.FillMode = canvas.ImageFillStretch
		ov.SetMinSize(fyne.NewSize(w*z, h*z))
		objs = append(objs, ov)
	}
	box := container.NewStack(objs...)
	if u.dry || start == nil || u.ctx == nil {
		return box
	}
	ctx, cancel := context.WithCancel(u.ctx)
	frames, err := start(ctx, previewFPS)
	if err != nil {
		cancel()
		return box
	}
	u.onLeave(cancel)
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		every := time.Second / previewFPS
		var last time.Time
		for img := range frames { // closed when ctx ends
			if time.Since(last) < every {
				continue
			}
			last = time.Now()
			fyne.Do(func() {
				if ctx.Err() != nil {
					return
				}
				pic.Image = img
				pic.Refresh()
			})
		}
	}()
	return box
}

// ovalGuide is the face screen's guide: the picture darkened outside an
// upright oval where the face goes, and the oval's outline, w x h pixels.
func ovalGuide(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	cx, cy := float64(w)/2, float64(h)*0.46
	rx, ry := float64(w)*0.22, float64(h)*0.36
	line := 0.035
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := (float64(x)-cx)/rx, (float64(y)-cy)/ry
			d := dx*dx + dy*dy
			switch {
			case d > 1-line && d < 1+line:
				img.SetNRGBA(x, y, color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xee})
			case d >= 1+line:
				img.SetNRGBA(x, y, color.NRGBA{A: 0x88})
			}
		}
	}
	return img
}
