package screens

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/go-text/typesetting/font"

	"hallkiosk/app"
)

// TestSubsetCoversEveryTextTheScreensShow: whatever the screens say or
// show from the catalog is in the subset font, so the UI never depends on
// the fallback; the subset parses and is much smaller than the full font.
func TestSubsetCoversEveryTextTheScreensShow(t *testing.T) {
	k := newTestKiosk(t)
	texts := strings.Join(k.ui.StaticPrompts(), "") + k.ui.deps.Catalog.Text() + k.ui.deps.Config.Kiosk.HallName
	// What is shown but not spoken too: symbols on keys, placeholders.
	for _, mode := range []app.Mode{{}, {Elder: true, Voice: true}} {
		for _, scr := range auditScreens(k) {
			showScreen(k, scr)
			k.session.SetMode(mode)
			if scr.ID != app.ScreenAttract && scr.ID != app.ScreenEnding {
				prepare(t, k)
				k.ui.rebuild(k.session.Snapshot())
			}
			for _, o := range test.LaidOutObjects(k.ui.root) {
				switch w := o.(type) {
				case *textBlock:
					texts += w.Text
				case *tapButton:
					texts += w.Title + w.Detail
				}
			}
		}
	}
	set := map[rune]bool{}
	for _, r := range subsetRunes(k.ui.deps.Catalog.Text()) {
		set[r] = true
	}
	missing := map[rune]bool{}
	for _, r := range texts {
		if r >= 0x20 && !set[r] {
			missing[r] = true
		}
	}
	if len(missing) > 0 {
		var rs []string
		for r := range missing {
			rs = append(rs, string(r))
		}
		t.Fatalf("characters on screen but not in the subset: %v", rs)
	}

	const droid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	if _, err := os.Stat(droid); err != nil {
		t.Skipf("no %s (Debian package %s)", droid, FontPackage)
	}
	dir := t.TempDir()
	res, err := LoadFontSubset(droid, dir, k.ui.deps.Catalog.Text())
	if err != nil {
		t.Fatal(err)
	}
	full, _ := os.ReadFile(droid)
	if len(res.Content()) > len(full)/2 {
		t.Fatalf("subset %d bytes of %d", len(res.Content()), len(full))
	}
	f, err := font.ParseTTF(bytes.NewReader(res.Content()))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range "政务服务网上办身份证公积金" {
		if _, ok := f.NominalGlyph(r); !ok {
			t.Errorf("subset lacks %c", r)
		}
	}
	// The second start reads the cached subset.
	cached, _ := filepath.Glob(filepath.Join(dir, "font-*.ttf"))
	again, err := LoadFontSubset(droid, dir, k.ui.deps.Catalog.Text())
	if err != nil || len(cached) != 1 || !bytes.Equal(again.Content(), res.Content()) {
		t.Fatalf("cache: %v %v", cached, err)
	}
}
