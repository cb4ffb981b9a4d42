package screens

import (
	"image"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// AfterPaint runs f, on a goroutine of its own, once the window has
// painted and shown everything that changed before this call: a 1×1
// raster laid over the page is drawn in the same frame, whatever the page
// does meanwhile, and f starts when Fyne's goroutine is next free, after
// that frame went to the screen (the probe is drawn halfway through it).
// Call it on Fyne's goroutine; the tap-latency benchmark measures with it.
func (u *UI) AfterPaint(f func()) {
	var once sync.Once
	var holder *fyne.Container
	probe := canvas.NewRaster(func(w, h int) image.Image {
		once.Do(func() {
			go fyne.Do(func() {
				go f()
				// Hidden first, so the window redraws only where the
				// probe was, not the whole overlay.
				holder.Objects[0].Hide()
				u.overlay.Remove(holder)
				u.win.Canvas().Refresh(holder.Objects[0])
			})
		})
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	probe.Resize(fyne.NewSize(1, 1))
	holder = container.NewWithoutLayout(probe)
	u.overlay.Add(holder)
	// Through the window's canvas: the probe is not drawn yet, so Fyne
	// does not know its canvas. Only its own pixel is redrawn.
	u.win.Canvas().Refresh(probe)
}

// AfterNextBuild runs f, on a goroutine of its own, once the next screen
// the UI builds has been painted: the frame that shows a tap's new screen.
// Call it on Fyne's goroutine.
func (u *UI) AfterNextBuild(f func()) { u.afterBuild = append(u.afterBuild, f) }

// Canvas is the window's canvas: the redraw check compares what it shows
// after a frame drawn in parts with a frame drawn whole.
func (u *UI) Canvas() fyne.Canvas { return u.win.Canvas() }

// repaint asks the window for a frame without refreshing any object. Our
// Fyne redraws what was added, removed, moved or resized since the last
// frame (third_party/fyne/PATCHES.md), and keeps the cached textures of
// what it redraws, where Refresh would render an object's text again.
// Call it on Fyne's goroutine.
func (u *UI) repaint() {
	if c, ok := u.win.Canvas().(interface{ SetDirty() }); ok {
		c.SetDirty()
	}
}
