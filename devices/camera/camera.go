package camera

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"sync"
	"time"

	"hallkiosk/devices"
)

// ErrNoCamera reports that no camera is connected.
var ErrNoCamera = errors.New("camera: no camera connected")

// Camera takes still pictures.
type Camera interface {
	// Snapshot returns one JPEG frame.
	Snapshot(ctx context.Context) ([]byte, error)
	// Status is the device status.
	Status() devices.Status
}

// Previewer is a camera that streams frames for a live preview, at most
// fps a second, until ctx ends (then the channel is closed). A slow reader
// gets the newest frame, never a backlog. Found by type assertion on a
// Camera.
type Previewer interface {
	Preview(ctx context.Context, fps int) (<-chan image.Image, error)
}

// Fake is a camera that draws a synthetic head-and-shoulders picture
// (NewFake) or a page of text on a dark platen (NewFakeDocument).
type Fake struct {
	mu      sync.Mutex
	gone    bool
	shots   int
	w, h    int
	quality int
	// page is the document scene's frame, drawn once.
	page *image.RGBA
}

// NewFake returns a fake 640x480 face camera.
func NewFake() *Fake { return &Fake{w: 640, h: 480, quality: 80} }

// NewFakeDocument returns a fake 1600x1200 document camera (高拍仪) with a
// page of text lying on its platen, a little turned and off centre, as a
// citizen puts it down.
func NewFakeDocument() *Fake {
	return &Fake{w: 1600, h: 1200, quality: 85, page: DocumentScene(1600, 1200, 4)}
}

var _ Camera = (*Fake)(nil)

// Unplug makes the fake behave like a removed camera; Replug undoes it.
func (f *Fake) Unplug() { f.mu.Lock(); f.gone = true; f.mu.Unlock() }

// Replug reconnects the fake camera.
func (f *Fake) Replug() { f.mu.Lock(); f.gone = false; f.mu.Unlock() }

// Shots counts the pictures taken.
func (f *Fake) Shots() int { f.mu.Lock(); defer f.mu.Unlock(); return f.shots }

// Status is online unless unplugged.
func (f *Fake) Status() devices.Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.gone {
		return devices.Status{State: devices.NoDevice, Detail: "camera unplugged"}
	}
	return devices.Status{State: devices.Online, Detail: "simulated camera"}
}

// Snapshot draws a frame and encodes it as JPEG.
func (f *Fake) Snapshot(ctx context.Context) ([]byte, error) {
	img, err := f.frame(ctx)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: f.quality}); err != nil {
		return nil, fmt.Errorf("camera: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// frame is the next picture: the document scene (drawn once, never
// written after), or a head and shoulders with a light band that moves,
// so consecutive frames differ.
func (f *Fake) frame(ctx context.Context) (*image.RGBA, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("camera: snapshot: %w", err)
	}
	f.mu.Lock()
	if f.gone {
		f.mu.Unlock()
		return nil, ErrNoCamera
	}
	f.shots++
	n := f.shots
	f.mu.Unlock()
	if f.page != nil {
		return f.page, nil
	}
	img := image.NewRGBA(image.Rect(0, 0, f.w, f.h))
	cx, cy := float64(f.w)/2, float64(f.h)*0.42
	band := (n * 37) % f.h
	for y := 0; y < f.h; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+4*f.w]
		for x := 0; x < f.w; x++ {
			c := color.RGBA{R: 205, G: 215, B: 228, A: 255}
			dx, dy := (float64(x)-cx)/95, (float64(y)-cy)/120
			switch {
			case y >= band && y < band+8:
				c = color.RGBA{R: 250, G: 250, B: 250, A: 255}
			case dx*dx+dy*dy <= 1:
				c = color.RGBA{R: 226, G: 188, B: 160, A: 255}
			case float64(y) > cy+110 && math.Abs(float64(x)-cx) < 200-float64(f.h-y)/3:
				c = color.RGBA{R: 40, G: 70, B: 120, A: 255}
			}
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, c.A
		}
	}
	return img, nil
}

var _ Previewer = (*Fake)(nil)

// Preview sends a frame at most fps a second until ctx ends (drawn
// directly, no JPEG in between); while unplugged it sends nothing.
func (f *Fake) Preview(ctx context.Context, fps int) (<-chan image.Image, error) {
	if fps <= 0 || fps > 30 {
		fps = 15
	}
	ch := make(chan image.Image, 1)
	go func() {
		defer close(ch)
		t := time.NewTicker(time.Second / time.Duration(fps))
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			img, err := f.frame(ctx)
			if err != nil {
				continue
			}
			select {
			case <-ch:
			default:
			}
			ch <- img
		}
	}()
	return ch, nil
}
