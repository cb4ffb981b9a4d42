package screens

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
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
	// Every character shown has a glyph in the cut font or in Fyne's Latin
	// font: one both lack would send Fyne to scan the system's fonts.
	latin, err := font.ParseTTF(bytes.NewReader(theme.DefaultTextFont().Content()))
	if err != nil {
		t.Fatal(err)
	}
	symbols, err := font.ParseTTF(bytes.NewReader(theme.DefaultSymbolFont().Content()))
	if err != nil {
		t.Fatal(err)
	}
	lacking := map[rune]bool{}
	for _, r := range texts {
		_, cjk := f.NominalGlyph(r)
		_, lat := latin.NominalGlyph(r) // Fyne's own fonts draw the rest (textRuns)
		_, sym := symbols.NominalGlyph(r)
		if !cjk && !lat && !sym && r > 0x20 && !lacking[r] {
			lacking[r] = true
			t.Errorf("the font has no glyph for %q (U+%04X), shown on screen", r, r)
		}
	}
	// The second start reads the cached subset.
	cached, _ := filepath.Glob(filepath.Join(dir, "font-*.ttf"))
	again, err := LoadFontSubset(droid, dir, k.ui.deps.Catalog.Text())
	if err != nil || len(cached) != 1 || !bytes.Equal(again.Content(), res.Content()) {
		t.Fatalf("cache: %v %v", cached, err)
	}
}
