package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestFastPaintingDrawsWhatPlainPaintingDraws takes the demo's screenshots
// twice in the real GL window: as the patched Fyne paints (rounded
// rectangles in parts, opaque shapes without blending: PATCHES.md, patches
// 4 and 5) and as upstream paints (FYNE_PLAIN_PAINT=1). Every pixel below
// the header must be the same. The two runs go side by side, each on its
// own virtual screen, so the clocks they show (the header's, the receipt's,
// the tutorial's picture of a screen) read the same minute; when a minute
// turned meanwhile they go again, three times at most.
func TestFastPaintingDrawsWhatPlainPaintingDraws(t *testing.T) {
	var problems []string
	for try := 0; try < 3; try++ {
		fast, plain := t.TempDir(), t.TempDir()
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, run := range []struct {
			dir string
			env []string
		}{{fast, nil}, {plain, []string{"FYNE_PLAIN_PAINT=1"}}} {
			display := startXvfb(t)
			wg.Go(func() { errs[i] = shootDemo(display, run.dir, t.TempDir(), run.env) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		if problems = comparePaintings(t, fast, plain); len(problems) == 0 {
			return
		}
		t.Logf("try %d: %s", try+1, strings.Join(problems, "; "))
	}
	t.Errorf("pixels differ from upstream's painting: %s", strings.Join(problems, "; "))
}

// shootDemo runs the demo's screenshots into dir on display.
func shootDemo(display, dir, data string, env []string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0])
	cmd.Env = append(os.Environ(),
		mainArgsEnv+"=--data|"+data+"|demo|--windowed|--screenshots|"+dir,
		"DISPLAY="+display, "HOME="+data, "LANG=C.UTF-8")
	cmd.Env = append(cmd.Env, env...)
	cmd.WaitDelay = 5 * time.Second
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if out, err := cmd.Output(); err != nil {
		return fmt.Errorf("demo --screenshots %v: %w; stdout:\n%s\nstderr (tail):\n%s", env, err, out, tail(stderr.String(), 3000))
	}
	return nil
}

// comparePaintings lists the screenshots of dir a whose pixels below the
// header differ from the same screenshot in dir b.
func comparePaintings(t *testing.T, a, b string) []string {
	t.Helper()
	shots, err := filepath.Glob(filepath.Join(a, "*.png"))
	if err != nil || len(shots) < 10 {
		t.Fatalf("%d screenshots (%v)", len(shots), err)
	}
	var problems []string
	for _, path := range shots {
		name := filepath.Base(path)
		ia, ib := readPNG(t, path), readPNG(t, filepath.Join(b, name))
		if ia.Bounds() != ib.Bounds() {
			problems = append(problems, fmt.Sprintf("%s: %v against %v", name, ia.Bounds(), ib.Bounds()))
			continue
		}
		r := ia.Bounds()
		n, box := 0, image.Rectangle{}
		for y := r.Min.Y + r.Dy()/10; y < r.Max.Y; y++ { // the header holds the clock
			for x := r.Min.X; x < r.Max.X; x++ {
				if ia.At(x, y) != ib.At(x, y) {
					n++
					box = box.Union(image.Rect(x, y, x+1, y+1))
				}
			}
		}
		if n > 0 {
			problems = append(problems, fmt.Sprintf("%s: %d pixels within %v", name, n, box))
		}
	}
	return problems
}

// readPNG decodes the PNG at path.
func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return img
}
