package screens

import (
	"context"
	"image"
	"image/color"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// previewFPS bounds how often a camera preview is redrawn (fyne-io/terminal
// redraws at most every 17 ms; a camera needs less).
const previewFPS = 15

// livePreview is a camera's picture, redrawn as frames come (at most
// previewFPS a second), w x h logical pixels, with the face screen's oval
// guide over it when oval. start asks the journey for the frames; the
// stream stops when the screen is left. A dry build (texts only) and a
// camera that cannot preview show a plain box (with the guide).
//
// Each frame is made ready off Fyne's goroutine (previewScaler: sampled
// to the box's size in screen pixels with the guide painted in, as the
// RGBA Fyne uploads unchanged), and only the picture is refreshed; while
// one frame waits for Fyne, newer ones are dropped rather than queued.
func (u *UI) livePreview(w, h float32, oval bool, start func(ctx context.Context, fps int) (<-chan image.Image, error)) fyne.CanvasObject {
	z := u.zoom
	bg := canvas.NewRectangle(color.NRGBA{R: 0x30, G: 0x34, B: 0x3a, A: 0xff})
	bg.SetMinSize(fyne.NewSize(w*z, h*z))
	pic := canvas.NewImageFromImage(nil)
	pic.FillMode = canvas.ImageFillStretch
	pic.ScaleMode = canvas.ImageScaleFastest
	pic.SetMinSize(fyne.NewSize(w*z, h*z))
	objs := []fyne.CanvasObject{bg, pic}
	var ov *canvas.Image
	if oval {
		ov = canvas.NewImageFromImage(ovalGuide(480, 360))
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
	scale := float32(1)
	if c := u.win.Canvas(); c != nil && c.Scale() > 0 {
		scale = c.Scale()
	}
	px := newPreviewScaler(int(w*z*scale+0.5), int(h*z*scale+0.5), oval)
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		// The camera sends at most previewFPS; this only guards against
		// one that sends faster (with a quarter period of slack, so a
		// camera's jitter never drops every other frame).
		every := time.Second / previewFPS * 3 / 4
		var last time.Time
		var pending atomic.Bool // a frame waits for Fyne: its buffer is not free
		first := true
		for img := range frames { // closed when ctx ends
			u.previewSeen.Add(1)
			if time.Since(last) < every || pending.Load() {
				continue
			}
			last = time.Now()
			ready := px.scale(img)
			pending.Store(true)
			hide := first
			first = false
			fyne.Do(func() {
				defer pending.Store(false)
				if ctx.Err() != nil {
					return
				}
				if hide { // the frames carry the guide and fill the box
					bg.Hide()
					if ov != nil {
						ov.Hide()
					}
				}
				pic.Image = ready
				pic.Refresh()
				u.previewFrames.Add(1)
			})
		}
	}()
	return box
}

// ovalGuide is the face screen's guide: the picture darkened outside an
// upright oval where the face goes, and the oval's outline, w x h pixels
// (the shape of ovalMask).
func ovalGuide(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i, m := range ovalMask(w, h) {
		switch m {
		case guideOutline:
			img.SetNRGBA(i%w, i/w, color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xee})
		case guideShade:
			img.SetNRGBA(i%w, i/w, color.NRGBA{A: 0x88})
		}
	}
	return img
}
