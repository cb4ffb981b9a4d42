package screens

import (
	"image"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// AfterPaint runs f, on a goroutine of its own, once the window has
// painted everything that changed before this call (a 1×1 raster laid over
// the page is drawn in the same frame, whatever the page does meanwhile).
// Call it on Fyne's goroutine; the tap-latency benchmark measures with it.
func (u *UI) AfterPaint(f func()) {
	var once sync.Once
	var holder *fyne.Container
	probe := canvas.NewRaster(func(w, h int) image.Image {
		once.Do(func() {
			go f()
			go fyne.Do(func() {
				u.overlay.Remove(holder)
				u.overlay.Refresh()
			})
		})
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	probe.Resize(fyne.NewSize(1, 1))
	holder = container.NewWithoutLayout(probe)
	u.overlay.Add(holder)
	u.overlay.Refresh()
}

// AfterNextBuild runs f, on a goroutine of its own, once the next screen
// the UI builds has been painted: the frame that shows a tap's new screen.
// Call it on Fyne's goroutine.
func (u *UI) AfterNextBuild(f func()) { u.afterBuild = append(u.afterBuild, f) }
