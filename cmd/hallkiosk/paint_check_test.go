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
		// The header holds the clock: compare what lies below it.
		r := ia.Bounds()
		r.Min.Y += r.Dy() / 10
		if n := differentPixels(subImage(ia, r), subImage(ib, r)); n > 0 {
			problems = append(problems, fmt.Sprintf("%s: %d pixels differ below the header", name, n))
		}
	}
	return problems
}

// subImage is the part r of img (a decoded PNG).
func subImage(img image.Image, r image.Rectangle) image.Image {
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r)
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
