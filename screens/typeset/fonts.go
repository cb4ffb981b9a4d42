package typeset

import (
	"crypto/sha256"
	hexenc "encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/encoding/simplifiedchinese"

	"hallkiosk/internal/boundedio"
)

// FontPackage is the Debian package that ships the default CJK font.
const FontPackage = "fonts-droid-fallback"

// LoadFont reads the CJK theme font. Fyne cannot load .ttc collections, so
// the kiosk uses a single-face TTF; a missing file is an error naming the
// package to install, never tofu boxes on screen.
func LoadFont(path string) (fyne.Resource, error) {
	data, err := readFont(path)
	if err != nil {
		return nil, fmt.Errorf("typeset: CJK font %s: %w (install the Debian package %s)", path, err, FontPackage)
	}
	if len(data) < 12 || !(string(data[:4]) == "\x00\x01\x00\x00" || string(data[:4]) == "OTTO" || string(data[:4]) == "true") {
		return nil, fmt.Errorf("typeset: CJK font %s is not a single-face TrueType/OpenType file (install the Debian package %s)", path, FontPackage)
	}
	return fyne.NewStaticResource("kiosk-cjk.ttf", data), nil
}

// maxFontBytes bounds a font file read (the CJK fonts kiosks use are
// 5–20 MB).
const maxFontBytes = 64 << 20

// readFont reads a font file of at most maxFontBytes; a larger file or an
// endless device is refused instead of read until memory runs out.
func readFont(path string) ([]byte, error) {
	return boundedio.ReadFile(path, maxFontBytes)
}

// subsetVersion changes when the fonts' character sets are built
// differently, so stale cached fonts are not used.
const subsetVersion = "screen-citizen-1"

// Fonts is the kiosk's CJK font cut in two. Fyne parses every glyph of a
// font it draws with (about 1 KB of memory each), so the kiosk does not
// hand it the whole font:
//
//   - the screen font has the characters of the kiosk's own texts (every
//     string in its source, see screenChars), the catalog, the hall name,
//     ASCII and common punctuation: about 1 200 glyphs, always loaded;
//   - the citizen font has the rest of GB2312 (the 6 763 common hanzi and
//     its symbols): what a citizen's name, address or typed words need. It
//     is read on the first character that needs it and let go when the
//     session ends (DropCitizen), so an idle kiosk holds only the first.
//
// Latin letters, digits and punctuation are drawn with Fyne's own Noto Sans,
// cut the same way to Latin and general punctuation (a sixth of its
// memory). A character none has (䶮 in a name) is drawn from the system's
// fonts by Fyne. A nil *Fonts means no CJK font: Fyne's default fonts draw.
type Fonts struct {
	screen      fyne.Resource
	screenCover *sfnt.Font // the screen font's character map, read in place
	latin       fyne.Resource
	latinCover  *sfnt.Font // the Latin font's, which draws before the citizen font
	fullPath    string     // the full font both are cut from
	citizenPath string     // the cached citizen font
	citizenSet  []rune     // its characters, sorted

	mu      sync.Mutex
	citizen fyne.Resource // nil until needed, and after DropCitizen

	kindsMu sync.Mutex
	kinds   map[rune]runKind // the run kind of each non-ASCII rune met so far
}

// LoadFonts cuts the CJK font at path into the screen font (ASCII,
// punctuation, screenChars and extra, e.g. every character of the catalog)
// and the citizen font (the rest of GB2312), caches both in cacheDir and
// loads the screen font. A warm start reads only the cached screen font;
// the first start reads the full font once (about 60 ms). A missing font is
// the same clear error as LoadFont's.
func LoadFonts(path, cacheDir, extra string) (*Fonts, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("typeset: CJK font %s: %w (install the Debian package %s)", path, err, FontPackage)
	}
	screenSet, citizenSet := splitCharsets(screenRunes(extra))
	key := fmt.Sprintf("%s|%s|%d|%d|", subsetVersion, path, st.Size(), st.ModTime().UnixNano())
	f := &Fonts{
		kinds:       map[rune]runKind{},
		fullPath:    path,
		citizenPath: cachedFontPath(cacheDir, "citizen", key, string(citizenSet)),
		citizenSet:  citizenSet,
	}
	screenPath := cachedFontPath(cacheDir, "screen", key, screenSet)
	screen, errScreen := readFont(screenPath)
	_, errCitizen := os.Stat(f.citizenPath)
	if errScreen != nil || len(screen) < 12 || errCitizen != nil {
		full, err := LoadFont(path)
		if err != nil {
			return nil, err
		}
		if screen = cutFont(full.Content(), screenSet); screen == nil {
			// A font the cutter cannot read still draws: whole, at the
			// memory the cut saves, and the citizen font is never needed.
			screen = full.Content()
		} else {
			// A cache that cannot be written costs the next start a cut.
			_ = os.MkdirAll(cacheDir, 0o700)
			writeCached(screenPath, screen)
			if citizen := cutFont(full.Content(), string(citizenSet)); citizen != nil {
				writeCached(f.citizenPath, citizen)
			}
		}
	}
	f.screen = fyne.NewStaticResource("kiosk-cjk-screen.ttf", screen)
	// sfnt reads the font's bytes in place: no copy, tables on demand.
	if c, err := sfnt.Parse(screen); err == nil {
		f.screenCover = c
	}
	latinPath := loadLatin(f, cacheDir)
	removeStale(cacheDir, screenPath, f.citizenPath, latinPath)
	return f, nil
}

// latinChars is the Latin font's share of Noto Sans: Latin letters (pinyin
// with tone marks too), general punctuation, currency and letterlike
// symbols.
func latinChars() string {
	var rs []rune
	for _, span := range [][2]rune{{0x20, 0x250}, {0x2000, 0x2070}, {0x20A0, 0x20C0}, {0x2100, 0x2150}} {
		for r := span[0]; r < span[1]; r++ {
			rs = append(rs, r)
		}
	}
	return string(rs)
}

// loadLatin sets f's Latin font: Fyne's Noto Sans cut to latinChars, from
// the cache when there (a warm start does not read the embedded font), else
// cut and cached; Noto Sans whole if it cannot be cut. It returns the
// cache file's name.
func loadLatin(f *Fonts, cacheDir string) string {
	noto := theme.DefaultTextFont()
	charset := latinChars()
	name := cachedFontPath(cacheDir, "latin", fmt.Sprintf("%s|%s|%d|", subsetVersion, noto.Name(), len(noto.Content())), charset)
	data, err := readFont(name)
	if err != nil || len(data) < 12 {
		if data = cutFont(noto.Content(), charset); data != nil {
			_ = os.MkdirAll(cacheDir, 0o700)
			writeCached(name, data)
		}
	}
	f.latin = noto
	if data != nil {
		f.latin = fyne.NewStaticResource("kiosk-latin.ttf", data)
	}
	if c, err := sfnt.Parse(f.latin.Content()); err == nil {
		f.latinCover = c
	}
	return name
}

// Screen is the screen font; nil when f is nil.
func (f *Fonts) Screen() fyne.Resource {
	if f == nil {
		return nil
	}
	return f.screen
}

// Latin is the font of Latin letters, digits and punctuation; Fyne's Noto
// Sans when f is nil.
func (f *Fonts) Latin() fyne.Resource {
	if f == nil || f.latin == nil {
		return theme.DefaultTextFont()
	}
	return f.latin
}

// OnScreen reports whether the screen font has a glyph for r.
func (f *Fonts) OnScreen(r rune) bool {
	return f != nil && hasGlyph(f.screenCover, r)
}

// ForCitizen reports whether the citizen font draws r: one of its
// characters (GB2312 less the screen font's) that the Latin font lacks (·
// is drawn in Latin).
func (f *Fonts) ForCitizen(r rune) bool {
	if f == nil || hasGlyph(f.latinCover, r) {
		return false
	}
	_, found := slices.BinarySearch(f.citizenSet, r)
	return found
}

func hasGlyph(f *sfnt.Font, r rune) bool {
	if f == nil {
		return false
	}
	i, err := f.GlyphIndex(nil, r)
	return err == nil && i != 0
}

// Citizen is the citizen font, read from the cache on the first call after
// start or DropCitizen (cut again from the full font if the cached file is
// gone); nil when it cannot be had, and Fyne's fallback draws.
func (f *Fonts) Citizen() fyne.Resource {
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.citizen != nil {
		return f.citizen
	}
	data, err := readFont(f.citizenPath)
	if err != nil || len(data) < 12 {
		full, err := LoadFont(f.fullPath)
		if err != nil {
			return nil
		}
		if data = cutFont(full.Content(), string(f.citizenSet)); data == nil {
			return nil
		}
		writeCached(f.citizenPath, data)
	}
	f.citizen = fyne.NewStaticResource("kiosk-cjk-citizen.ttf", data)
	return f.citizen
}

// DropCitizen lets the citizen font go and reports whether it was loaded.
// The caller then sets the theme again, which clears Fyne's parsed fonts.
func (f *Fonts) DropCitizen() bool {
	if f == nil {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	loaded := f.citizen != nil
	f.citizen = nil
	return loaded
}

// cachedFontPath names a cached cut font by what it is cut from and to.
func cachedFontPath(dir, kind, key, charset string) string {
	h := sha256.New()
	h.Write([]byte(key))
	h.Write([]byte(charset))
	return filepath.Join(dir, "font-"+kind+"-"+hexenc.EncodeToString(h.Sum(nil))[:16]+".ttf")
}

// writeCached writes a cut font atomically; a cache that cannot be written
// only costs the next start another cut.
func writeCached(name string, data []byte) {
	tmp := name + ".tmp"
	if os.WriteFile(tmp, data, 0o600) == nil {
		_ = os.Rename(tmp, name)
	}
}

// removeStale deletes cut fonts of earlier catalogs and font versions.
func removeStale(dir string, keep ...string) {
	old, _ := filepath.Glob(filepath.Join(dir, "font-*.ttf"))
	for _, name := range old {
		if !slices.Contains(keep, name) {
			_ = os.Remove(name)
		}
	}
}

// cutFont subsets a TrueType font to charset, nil when it cannot.
func cutFont(ttf []byte, charset string) (out []byte) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	out = fpdf.UTF8CutFont(ttf, charset)
	if len(out) < 12 {
		return nil
	}
	return out
}

// screenPunctuation is punctuation any text may use, drawn by the screen
// font whether or not the source has it yet.
const screenPunctuation = "·–—‘’“”…、。，：；？！（）《》【】「」『』￥×÷±°℃々〇＊＿"

// screenRunes is the screen font's characters: ASCII, common punctuation,
// screenChars and extra.
func screenRunes(extra string) map[rune]bool {
	set := map[rune]bool{}
	for r := rune(0x20); r < 0x7F; r++ {
		set[r] = true
	}
	for _, s := range []string{screenPunctuation, screenChars, extra} {
		for _, r := range s {
			if r >= 0x20 {
				set[r] = true
			}
		}
	}
	return set
}

// splitCharsets returns the screen font's characters and the citizen
// font's (GB2312 less the screen's), each sorted.
func splitCharsets(screen map[rune]bool) (screenSet string, citizenSet []rune) {
	for _, r := range gb2312Runes() {
		if !screen[r] {
			citizenSet = append(citizenSet, r)
		}
	}
	slices.Sort(citizenSet)
	return sortedString(slices.Collect(maps.Keys(screen))), citizenSet
}

func sortedString(runes []rune) string {
	slices.Sort(runes)
	var b strings.Builder
	for _, r := range runes {
		b.WriteRune(r)
	}
	return b.String()
}

// gb2312Runes is every character of GB2312: its rows A1–F7, cells A1–FE.
func gb2312Runes() []rune {
	dec := simplifiedchinese.GBK.NewDecoder()
	var out []rune
	for hi := 0xA1; hi <= 0xF7; hi++ {
		for lo := 0xA1; lo <= 0xFE; lo++ {
			s, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if err != nil {
				continue
			}
			for _, r := range string(s) {
				if r != 0xFFFD && r >= 0x80 {
					out = append(out, r)
				}
			}
		}
	}
	return out
}
