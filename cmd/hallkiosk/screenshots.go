package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"hallkiosk/app"
)

// takeScreenshots walks the main screens and writes what the GL driver drew
// for each into dir: attract, home (standard and 长辈版), a service detail.
func takeScreenshots(ctx context.Context, k *kiosk, dir string) error {
	s, cat := k.session, k.catalog
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("screenshots dir: %w", err)
	}
	service := "GJJ-0301"
	if _, ok := cat.Get(service); !ok && len(cat.Hot()) > 0 {
		service = cat.Hot()[0].Code
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"attract", func() {}},
		{"home", s.Start},
		{"service-detail", func() { s.Open(app.Screen{ID: app.ScreenService, Param: service}) }},
		{"home-elder", func() { s.Home(); s.SetMode(app.Mode{Elder: true}) }},
		{"service-detail-elder", func() { s.Open(app.Screen{ID: app.ScreenService, Param: service}) }},
		{"home-high-contrast", func() { s.Home(); s.SetMode(app.Mode{HighContrast: true}) }},
		{"search", func() { s.SetMode(app.Mode{}); s.Open(app.Screen{ID: app.ScreenSearch}) }},
		{"category-person", func() { s.Home(); s.Open(app.Screen{ID: app.ScreenCategory, Param: "person"}) }},
		{"idcard-waiting", func() { s.Home(); s.Open(app.Screen{ID: app.ScreenIDCard, Param: service}) }},
		{"idcard-read", func() {
			if k.demo != nil {
				k.demo.PlaceCard(0)
			}
		}},
		{"face", func() { s.Replace(app.Screen{ID: app.ScreenFace, Param: service}) }},
		{"ending", s.Finish},
	}
	for _, st := range steps {
		fyne.DoAndWait(st.do)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(900 * time.Millisecond): // let a few frames draw
		}
		// The X server's copy of the screen is what a person would see;
		// Fyne's Capture reads the GL front buffer, which Xvfb leaves empty.
		out := filepath.Join(dir, st.name+".png")
		cmd := exec.CommandContext(ctx, "import", "-window", "root", out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: import (Debian package imagemagick): %v: %s", st.name, err, msg)
		}
	}
	return nil
}
