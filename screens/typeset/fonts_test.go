package typeset

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

const droidFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

func needDroid(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(droidFont); err != nil {
		t.Fatalf("no %s: install the Debian package %s (packaging/dev-deps.sh does)", droidFont, FontPackage)
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

func TestFontLoading(t *testing.T) {
	_, err := LoadFont(filepath.Join(t.TempDir(), "missing.ttf"))
	if err == nil || !strings.Contains(err.Error(), FontPackage) {
		t.Fatalf("missing font error %v does not name %s", err, FontPackage)
	}
	ttc := filepath.Join(t.TempDir(), "noto.ttc")
	os.WriteFile(ttc, []byte("ttcf\x00\x02\x00\x00 collection"), 0o644)
	if _, err := LoadFont(ttc); err == nil {
		t.Fatal("a .ttc collection was accepted")
	}
	const droid = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"
	if _, err := os.Stat(droid); err == nil {
		if _, err := LoadFont(droid); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadFontRefusesAnEndlessFile(t *testing.T) {
	if _, err := LoadFont("/dev/zero"); err == nil {
		t.Fatal("an endless font file was taken")
	}
}
