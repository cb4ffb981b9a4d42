package glfw

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/internal/app"
	"fyne.io/fyne/v2/internal/async"
	"fyne.io/fyne/v2/internal/cache"
	"fyne.io/fyne/v2/internal/driver/common"
	"fyne.io/fyne/v2/internal/painter"
	"fyne.io/fyne/v2/internal/scale"
)

type funcData struct {
	f    func()
	done chan struct{} // Zero allocation signalling channel
}

// channel for queuing functions on the main thread
var (
	funcQueue        = async.NewUnboundedChan[funcData]()
	running, drained atomic.Bool
	// queueing is held for reading while a caller decides between running
	// f itself and queueing it, and for writing while the loop marks the
	// queue drained, so no call is queued after the last drain (hallkiosk
	// patch 8).
	queueing sync.RWMutex
)

// Arrange that main.main runs on main thread.
func init() {
	runtime.LockOSThread()
	async.SetMainGoroutine()
}

// force a function f to run on the main thread
func runOnMain(f func()) {
	runOnMainWithWait(f, true)
}

// force a function f to run on the main thread and specify if we should wait for it to return
func runOnMainWithWait(f func(), wait bool) {
	// If we are on main before app run just execute - otherwise add it to the main queue and wait.
	// We also need to run it as-is if the app is in the process of shutting down as the queue will be stopped.
	queueing.RLock()
	if (!running.Load() && async.IsMainGoroutine()) || drained.Load() {
		queueing.RUnlock()
		f()
		return
	}

	if wait {
		done := common.DonePool.Get()
		defer common.DonePool.Put(done)

		funcQueue.In() <- funcData{f: f, done: done}
		queueing.RUnlock()
		<-done
	} else {
		funcQueue.In() <- funcData{f: f}
		queueing.RUnlock()
	}
}

// stopFuncQueue ends the queue of work for the main thread at shutdown:
// calls from now on run their function themselves, and every call already
// queued, or still on its way through the queue's buffer, is let go
// without running, as upstream lets go the ones it finds queued.
//
// hallkiosk patch 8: upstream let go only what had reached the queue's
// output when it looked, then closed the queue, so a fyne.DoAndWait still
// inside the queue's buffer waited for ever. The lifecycle's OnStopped
// event, queued just before, is such a call: the event queue then never
// ran Run's last event, and ShowAndRun never returned.
func stopFuncQueue() {
	queueing.Lock()
	drained.Store(true)
	queueing.Unlock()
	funcQueue.Close()
	for f := range funcQueue.Out() {
		if f.done != nil {
			f.done <- struct{}{}
		}
	}
}

// drawSingleFrame repaints the dirty windows; it reports whether any was
// repainted (hallkiosk patch: the loop rests when none was).
func (d *gLDriver) drawSingleFrame() bool {
	refreshed, painted := false, false
	for _, win := range d.windowList() {
		w := win.(*window)
		if w.closing {
			continue
		}

		// CheckDirtyAndClear must be checked after visibility,
		// because when a window becomes visible, it could be
		// showing old content without a dirty flag set to true.
		// Do the clear if and only if the window is visible.
		if !w.visible || !w.canvas.CheckDirtyAndClear() {
			// Window hidden or not being redrawn, mark canvasForObject
			// cache alive if it hasn't been done recently
			// n.b. we need to make sure threshold is a bit *after*
			// time.Now() - CacheDuration()
			threshold := time.Now().Add(10*time.Second - cache.ValidDuration)
			if w.lastWalkedTime.Before(threshold) {
				w.canvas.WalkTrees(nil, func(node *common.RenderCacheNode, _ fyne.Position) {
					// marks canvas for object cache entry alive
					_ = cache.GetCanvasForObject(node.Obj())
					// marks renderer cache entry alive
					if wid, ok := node.Obj().(fyne.Widget); ok {
						_, _ = cache.CachedRenderer(wid)
					}
				})
				w.lastWalkedTime = time.Now()
			}
			continue
		}

		painted = true
		w.RunWithContext(func() {
			if w.driver.repaintWindow(w) {
				refreshed = true
			}
		})
	}
	cache.Clean(refreshed)
	return painted
}

func (d *gLDriver) runGL() {
	if !running.CompareAndSwap(false, true) {
		return // Run was called twice.
	}

	d.init()
	if d.trayStart != nil {
		d.trayStart()
	}

	fyne.CurrentApp().Settings().AddListener(func(set fyne.Settings) {
		painter.ClearFontCache()
		cache.ResetThemeCaches()
		app.ApplySettingsWithCallback(set, fyne.CurrentApp(), func(w fyne.Window) {
			c, ok := w.Canvas().(*glCanvas)
			if !ok {
				return
			}
			c.applyThemeOutOfTreeObjects()
			c.reloadScale()
			c.SetDirtyFull() // hallkiosk patch: a text's look does not name the theme's font
		})
	})

	if f := fyne.CurrentApp().Lifecycle().(*app.Lifecycle).OnStarted(); f != nil {
		f()
	}

	// hallkiosk patch: Fyne polls GLFW and checks for dirty windows 60 times
	// a second for ever, even when nothing changes (fyne-io/fyne#2506). Here
	// the loop rests once nothing has been drawn, animated or queued for
	// restAfter: it then ticks only every restTick and is woken at once by
	// the X connection (input, expose) or by work queued for the main thread.
	const (
		frameTick = time.Second / 60
		restTick  = time.Second / 2
		restAfter = 50 * time.Millisecond
	)
	waker := newEventWaker(d.done)
	var wakeReady <-chan struct{}
	var wakeDead <-chan struct{}
	if waker != nil {
		wakeReady, wakeDead = waker.ready, waker.dead
	}
	resting := false
	lastActive := time.Now()
	eventTick := time.NewTicker(frameTick)
	soon := false // the next tick comes early, right after a rest
	active := func() {
		lastActive = time.Now()
		if resting {
			// Work came while resting: draw it within a couple of
			// milliseconds (letting a burst of queued work gather), not
			// a whole frame later.
			resting, soon = false, true
			eventTick.Reset(2 * time.Millisecond)
		}
	}
	tick := func() {
		if soon {
			soon = false
			eventTick.Reset(frameTick)
		}
		d.pollEvents()
		for i := 0; i < len(d.windows); i++ {
			w := d.windows[i].(*window)
			if w.viewport == nil {
				continue
			}

			if w.viewport.ShouldClose() {
				d.destroyWindow(w, i)
				i-- // Trailing windows are moved forward one step.
				continue
			}

			expand := w.shouldExpand
			fullScreen := w.fullScreen

			if expand && !fullScreen {
				w.fitContent()
				shouldExpand := w.shouldExpand
				w.shouldExpand = false
				view := w.viewport

				if shouldExpand && runtime.GOOS != "js" {
					view.SetSize(w.shouldWidth, w.shouldHeight)
				}
			}
		}

		animating := d.animation.Active()
		d.animation.TickAnimations()
		if d.drawSingleFrame() || animating {
			active()
		} else if waker != nil && !resting && time.Since(lastActive) > restAfter {
			resting = true
			eventTick.Reset(restTick)
		}
	}
	for {
		select {
		case <-d.done:
			eventTick.Stop()
			d.Terminate()
			l := fyne.CurrentApp().Lifecycle().(*app.Lifecycle)
			if f := l.OnStopped(); f != nil {
				l.QueueEvent(f)
			}

			stopFuncQueue() // hallkiosk patch 8
			return
		case f := <-funcQueue.Out():
			f.f()
			if f.done != nil {
				f.done <- struct{}{}
			}
			active()
		case <-wakeReady:
			tick()
			active()
			waker.ack <- struct{}{}
		case <-wakeDead:
			// The X connection's socket failed: poll as Fyne does.
			waker, wakeReady, wakeDead = nil, nil, nil
			active()
		case <-eventTick.C:
			tick()
		}
	}
}

func (d *gLDriver) destroyWindow(w *window, index int) {
	w.visible = false
	w.viewport.Destroy()
	w.destroy(d)

	if index < len(d.windows)-1 {
		copy(d.windows[index:], d.windows[index+1:])
	}
	d.windows[len(d.windows)-1] = nil
	d.windows = d.windows[:len(d.windows)-1]

	if len(d.windows) == 0 {
		d.Quit()
	}
}

func (d *gLDriver) repaintWindow(w *window) bool {
	canvas := w.canvas
	freed := false
	if canvas.EnsureMinSize() {
		w.shouldExpand = true
	}
	freed = canvas.FreeDirtyTextures() > 0

	updateGLContext(w)
	canvas.forgetTextures() // hallkiosk patch
	view := w.viewport
	visible := w.visible

	// hallkiosk patch: redraw and show only what changed where the window
	// can show part of its back buffer (damage.go).
	if !w.presenterTried && view != nil {
		w.presenterTried = true
		w.presenter = newSubBufferPresenter(view)
	}
	if w.presenter == nil || view == nil || !visible {
		canvas.paint(canvas.Size())
		if view != nil && visible {
			view.SwapBuffers()
		}
		_, refreshed := canvas.TakeDamage() // nothing is tracked: let go
		for i := range refreshed {
			refreshed[i] = nil
		}
		w.damage.invalidate()
	} else {
		size := canvas.Size()
		pixScale := canvas.Scale() * canvas.texScale
		fbWidth := int(float32(scale.ToScreenCoordinate(canvas, size.Width)) * canvas.texScale)
		fbHeight := int(float32(scale.ToScreenCoordinate(canvas, size.Height)) * canvas.texScale)
		rects := w.damage.damage(canvas, size)
		if rects == nil {
			canvas.paint(size)
			w.presenter.present(0, 0, int32(fbWidth), int32(fbHeight))
		} else {
			for i := range rects {
				x, y, pw, ph := pixels(rects[i], pixScale, fbWidth, fbHeight)
				if pw == 0 || ph == 0 {
					continue
				}
				canvas.Painter().SetBaseClip(x, y, pw, ph)
				canvas.paintArea(size, &rects[i], w.damage.cur)
				canvas.Painter().SetBaseClip(0, 0, 0, 0)
				w.presenter.present(x, y, pw, ph)
			}
		}
		w.damage.painted()
	}

	// mark that we have walked the window and don't
	// need to walk it again to mark caches alive
	w.lastWalkedTime = time.Now()
	return freed
}

// refreshWindow requests that the specified window be redrawn
func refreshWindow(w *window) {
	w.canvas.SetDirtyFull() // hallkiosk patch
}

func updateGLContext(w *window) {
	canvas := w.canvas
	size := canvas.Size()

	// w.width and w.height are not correct if we are maximised, so figure from canvas
	winWidth := float32(scale.ToScreenCoordinate(canvas, size.Width)) * canvas.texScale
	winHeight := float32(scale.ToScreenCoordinate(canvas, size.Height)) * canvas.texScale

	canvas.Painter().SetFrameBufferScale(canvas.texScale)
	canvas.Painter().SetOutputSize(int(winWidth), int(winHeight))
}
