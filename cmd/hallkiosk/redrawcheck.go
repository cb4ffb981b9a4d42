package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"hallkiosk/screens"
)

// checkRedrawEnv names a directory: when set, the tap benchmark checks
// after every tap that the window shows the same pixels as a frame drawn
// whole, and leaves both pictures there when it does not. The window
// redraws only the parts of a frame that changed (third_party/fyne,
// PATCHES.md); a part it missed would show as stale pixels.
const checkRedrawEnv = "HALLKIOSK_CHECK_REDRAW"

// checkRedraw compares what the X server shows now with what it shows
// after a frame drawn whole. What moves by itself (the ID-card arrow, the
// busy bar) is held meanwhile, and the header clock's minute is let pass,
// so any difference is a part of the window a frame failed to redraw.
func checkRedraw(ctx context.Context, ui *screens.UI, dir, name string) error {
	fyne.DoAndWait(func() { ui.HoldMotion(true) })
	defer fyne.Do(func() { ui.HoldMotion(false) })
	if s := time.Now().Second(); s >= 58 {
		if err := sleepCtx(ctx, time.Duration(61-s)*time.Second); err != nil {
			return err
		}
	}
	// The frame of a hop already under way, then quiet.
	if err := sleepCtx(ctx, 150*time.Millisecond); err != nil {
		return err
	}
	shown, err := screenImage(ctx)
	if err != nil {
		return err
	}
	full, ok := ui.Canvas().(interface{ SetDirtyFull() })
	if !ok {
		return fmt.Errorf("the window's canvas cannot be asked for a whole frame (not our Fyne?)")
	}
	painted := make(chan time.Time, 1)
	fyne.DoAndWait(func() {
		full.SetDirtyFull()
		ui.AfterPaint(func() { sendTime(painted) })
	})
	select {
	case <-painted:
	case <-time.After(10 * time.Second):
		return fmt.Errorf("%s: no frame after asking for a whole one", name)
	}
	if err := sleepCtx(ctx, 50*time.Millisecond); err != nil {
		return err
	}
	whole, err := screenImage(ctx)
	if err != nil {
		return err
	}
	n := differentPixels(shown, whole)
	if n == 0 {
		return nil
	}
	for file, img := range map[string]image.Image{name + "-shown.png": shown, name + "-whole.png": whole} {
		f, err := os.Create(filepath.Join(dir, file))
		if err != nil {
			return err
		}
		err = png.Encode(f, img)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return fmt.Errorf("%s: the screen shows %d pixels unlike a frame drawn whole (pictures in %s)", name, n, dir)
}

// screenImage is what the X server shows on its screen, read with
// ImageMagick's import (packaging/dev-deps.sh): the pixels the window
// really put there, not what Fyne holds in its buffers.
func screenImage(ctx context.Context) (image.Image, error) {
	out, err := exec.CommandContext(ctx, "import", "-window", "root", "-depth", "8", "png:-").Output()
	if err != nil {
		return nil, fmt.Errorf("read the screen with import: %w", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		return nil, fmt.Errorf("read the screen with import: %w", err)
	}
	return img, nil
}

// differentPixels counts the pixels in which a and b differ.
func differentPixels(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx() * a.Bounds().Dy()
	}
	n := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return n
}
