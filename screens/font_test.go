package screens

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"

	"hallkiosk/app"
	"hallkiosk/screens/typeset"
)

const droidFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

func needDroid(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(droidFont); err != nil {
		t.Fatalf("no %s: install the Debian package %s (packaging/dev-deps.sh does)", droidFont, typeset.FontPackage)
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
		if _, lat := latin.NominalGlyph(r); r >= 0x80 && !fonts.OnScreen(r) && !lat && !typeset.IsArrow(r) {
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
				case *typeset.Text:
					shown += w.Text
				case *tapButton:
					shown += w.Title + w.Detail
				}
			}
			for _, r := range shown {
				_, cit := citizen.NominalGlyph(r)
				_, lat := latin.NominalGlyph(r)
				if r > 0x20 && !fonts.OnScreen(r) && !cit && !lat && !typeset.IsArrow(r) && !lacking[r] {
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

// TestCitizenFontGoesWhenTheSessionEnds: a name with a character only the
// citizen font has loads it; the wipe lets it go and sets the theme again,
// so Fyne drops its parsed copy, and the idle kiosk is back to the screen
// font. The pinyin dictionary goes too.
func TestCitizenFontGoesWhenTheSessionEnds(t *testing.T) {
	needDroid(t)
	k := newTestKiosk(t)
	fonts := k.ui.deps.Fonts
	var rare rune // a GB2312 character no text of the kiosk uses
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if fonts.ForCitizen(r) {
			rare = r
			break
		}
	}
	k.session.Start()
	k.ui.page.Add(k.ui.text("申请人："+string(rare)+"某", theme.SizeNameText, ""))
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
	// Gone with the session, on the closing screen: the next citizen may
	// start from there, without the attract loop between them.
	if got := k.session.Snapshot().State; got != app.StateEnding {
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
