package screens

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"

	"hallkiosk/app"
)

const droidFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

func needDroid(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(droidFont); err != nil {
		t.Fatalf("no %s: install the Debian package %s (packaging/dev-deps.sh does)", droidFont, FontPackage)
	}
}

// TestScreenFontDrawsTheKiosksOwnScreens: the screens an idle kiosk shows
// and every text the kiosk says are drawn with the screen font alone, so the
// citizen font stays unloaded; whatever any screen shows (a citizen's card
// too) has a glyph in one of the kiosk's fonts, so Fyne never scans the
// system's fonts.
func TestScreenFontDrawsTheKiosksOwnScreens(t *testing.T) {
	needDroid(t)
	k := newTestKiosk(t)
	fonts := k.ui.deps.Fonts
	if fonts == nil {
		t.Fatal("the test kiosk has no CJK fonts")
	}
	latin := parseFont(t, fonts.Latin().Content())
	own := strings.Join(k.ui.StaticPrompts(), "") + k.ui.deps.Catalog.Text() + k.ui.deps.Config.Kiosk.HallName
	for _, r := range own {
		if _, lat := latin.NominalGlyph(r); r >= 0x80 && !fonts.OnScreen(r) && !lat && !isArrow(r) {
			t.Errorf("the kiosk says %q (U+%04X), neither the screen font nor the Latin font has it", r, r)
		}
	}

	idle := map[app.ScreenID]bool{app.ScreenAttract: true, app.ScreenHome: true, app.ScreenCategory: true, app.ScreenService: true}
	citizen := parseFont(t, fonts.Citizen().Content())
	fonts.DropCitizen()
	lacking := map[rune]bool{}
	for _, mode := range []app.Mode{{}, {Elder: true, Voice: true}} {
		for _, scr := range auditScreens(k) {
			showScreen(k, scr)
			k.session.SetMode(mode)
			if scr.ID != app.ScreenAttract && scr.ID != app.ScreenEnding {
				prepare(t, k)
				k.ui.rebuild(k.session.Snapshot())
			}
			var shown string
			for _, o := range test.LaidOutObjects(k.ui.root) {
				switch w := o.(type) {
				case *textBlock:
					shown += w.Text
				case *tapButton:
					shown += w.Title + w.Detail
				}
			}
			for _, r := range shown {
				_, cit := citizen.NominalGlyph(r)
				_, lat := latin.NominalGlyph(r)
				if r > 0x20 && !fonts.OnScreen(r) && !cit && !lat && !isArrow(r) && !lacking[r] {
					lacking[r] = true
					t.Errorf("%s shows %q (U+%04X), no font of the kiosk has it", scr.ID, r, r)
				}
			}
			if idle[scr.ID] && fonts.DropCitizen() {
				t.Errorf("%s (%+v) loaded the citizen font", scr.ID, mode)
			}
		}
	}
}

func parseFont(t *testing.T, data []byte) *font.Face {
	t.Helper()
	f, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestFontsAreCutCachedAndLetGo: the screen font is a small cut of the full
// font, both cuts are cached (a warm start reads only the screen font's
// file), the citizen font is read on demand, let go, and cut again if its
// file went; cuts of an earlier catalog are removed.
func TestFontsAreCutCachedAndLetGo(t *testing.T) {
	needDroid(t)
	dir := t.TempDir()
	stale := filepath.Join(dir, "font-0123456789abcdef.ttf")
	if err := os.WriteFile(stale, []byte("old cut"), 0o600); err != nil {
		t.Fatal(err)
	}
	fonts, err := LoadFonts(droidFont, dir, "银河大厅")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale cut still there: %v", err)
	}
	full, _ := os.ReadFile(droidFont)
	screen := fonts.Screen().Content()
	if len(screen) > len(full)/8 {
		t.Errorf("screen font %d bytes of %d", len(screen), len(full))
	}
	parsed := parseFont(t, screen)
	for _, r := range "银河大厅身份证，" {
		if _, ok := parsed.NominalGlyph(r); !ok || !fonts.OnScreen(r) {
			t.Errorf("screen font lacks %q", r)
		}
	}

	var rare rune // a GB2312 character no text of the kiosk uses
	for _, r := range gb2312Runes() {
		if r >= 0x4E00 && !fonts.OnScreen(r) {
			rare = r
			break
		}
	}
	if !fonts.ForCitizen(rare) || fonts.ForCitizen('银') || fonts.ForCitizen('A') || fonts.ForCitizen('䶮') {
		t.Errorf("ForCitizen: %q %v, 银 %v, A %v, 䶮 %v", rare, fonts.ForCitizen(rare), fonts.ForCitizen('银'), fonts.ForCitizen('A'), fonts.ForCitizen('䶮'))
	}
	if fonts.DropCitizen() {
		t.Error("the citizen font was loaded at start")
	}
	citizen := fonts.Citizen()
	if _, ok := parseFont(t, citizen.Content()).NominalGlyph(rare); !ok {
		t.Errorf("citizen font lacks %q", rare)
	}
	if fonts.Citizen() != citizen {
		t.Error("the citizen font was read twice")
	}
	if !fonts.DropCitizen() || fonts.DropCitizen() {
		t.Error("DropCitizen does not report the loaded font once")
	}

	// Latin is Fyne's Noto Sans cut to Latin and punctuation.
	latin := fonts.Latin().Content()
	if len(latin) > len(theme.DefaultTextFont().Content())/4 {
		t.Errorf("Latin font %d bytes", len(latin))
	}
	for _, r := range "Ab1 ǎüé“”…·€℃" {
		if _, ok := parseFont(t, latin).NominalGlyph(r); !ok {
			t.Errorf("Latin font lacks %q", r)
		}
	}

	// A warm start finds the three cuts and cuts nothing.
	cuts, _ := filepath.Glob(filepath.Join(dir, "font-*.ttf"))
	if len(cuts) != 3 {
		t.Fatalf("cached cuts: %v", cuts)
	}
	stamp := time.Now().Add(-time.Hour)
	for _, c := range cuts {
		os.Chtimes(c, stamp, stamp)
	}
	again, err := LoadFonts(droidFont, dir, "银河大厅")
	if err != nil || !bytes.Equal(again.Screen().Content(), screen) || !bytes.Equal(again.Latin().Content(), latin) {
		t.Fatalf("warm start: %v", err)
	}
	for _, c := range cuts {
		if st, _ := os.Stat(c); !st.ModTime().Equal(stamp) {
			t.Errorf("%s written again on a warm start", c)
		}
	}
	// The citizen cut is made again when its file went.
	for _, c := range cuts {
		if strings.Contains(c, "citizen") {
			os.Remove(c)
		}
	}
	if again.Citizen() == nil {
		t.Fatal("no citizen font after its cache file went")
	}
	if _, err := LoadFonts(filepath.Join(dir, "missing.ttf"), dir, ""); err == nil || !strings.Contains(err.Error(), FontPackage) {
		t.Errorf("missing font: %v", err)
	}
	// A font the cutter cannot read is used whole rather than not at all.
	odd := filepath.Join(dir, "odd.ttf")
	os.WriteFile(odd, append([]byte("\x00\x01\x00\x00"), make([]byte, 64)...), 0o600)
	whole, err := LoadFonts(odd, t.TempDir(), "")
	if err != nil || len(whole.Screen().Content()) != 68 || whole.Citizen() != nil {
		t.Errorf("uncuttable font: %v", err)
	}
}

// TestCitizenFontGoesWhenTheSessionEnds: a name with a character only the
// citizen font has loads it; the wipe lets it go and sets the theme again,
// so Fyne drops its parsed copy, and the idle kiosk is back to the screen
// font. The pinyin dictionary goes too.
func TestCitizenFontGoesWhenTheSessionEnds(t *testing.T) {
	needDroid(t)
	k := newTestKiosk(t)
	fonts := k.ui.deps.Fonts
	var rare rune
	for _, r := range gb2312Runes() {
		if r >= 0x4E00 && !fonts.OnScreen(r) {
			rare = r
			break
		}
	}
	k.session.Start()
	k.ui.page.Add(newText("申请人："+string(rare)+"某", theme.SizeNameText, ""))
	test.LaidOutObjects(k.ui.root)
	if _, err := k.ui.pinyinDict(); err != nil {
		t.Fatal(err)
	}
	themeBefore := k.ui.app.Settings().Theme()
	if !fonts.DropCitizen() {
		t.Fatal("the citizen's name did not load the citizen font")
	}
	fonts.Citizen() // loaded again, as the name left it
	k.session.Finish()
	k.clock.Advance(time.Minute)
	if got := k.session.Snapshot().State; got != app.StateAttract {
		t.Fatalf("state %v", got)
	}
	if fonts.DropCitizen() {
		t.Error("the citizen font outlived the session")
	}
	if k.ui.pinyin != nil {
		t.Error("the pinyin dictionary outlived the session")
	}
	if k.ui.app.Settings().Theme() == themeBefore {
		t.Error("the theme was not set again, Fyne keeps the parsed citizen font")
	}
}
