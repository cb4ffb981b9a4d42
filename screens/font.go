package screens

import (
	"crypto/sha256"
	hexenc "encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"github.com/go-pdf/fpdf"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// subsetVersion changes when the subset's character set is built
// differently, so stale cached subsets are not used.
const subsetVersion = "gb2312-1"

// LoadFontSubset returns the CJK theme font cut down to the characters of
// GB2312 (the 6 763 common hanzi, Chinese punctuation, full-width forms),
// ASCII and extra (e.g. every character of the service catalog). The full
// font takes about 17 MB of memory once parsed; the subset about 4 MB.
// Rarer characters (䶮 in a name) still render: Fyne falls back to the
// system's fonts, where the full font is installed, for any glyph the
// theme font lacks.
//
// The subset is made once (about 40 ms) and cached in cacheDir, keyed by
// the font file and the character set; a missing font is the same clear
// error as LoadFont's.
func LoadFontSubset(path, cacheDir, extra string) (fyne.Resource, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("screens: CJK font %s: %w (install the Debian package %s)", path, err, FontPackage)
	}
	charset := subsetRunes(extra)
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%d|%d|", subsetVersion, path, st.Size(), st.ModTime().UnixNano())
	h.Write([]byte(charset))
	name := filepath.Join(cacheDir, "font-"+hexenc.EncodeToString(h.Sum(nil))[:16]+".ttf")
	if data, err := os.ReadFile(name); err == nil && len(data) > 12 {
		return fyne.NewStaticResource("kiosk-cjk-subset.ttf", data), nil
	}
	full, err := LoadFont(path)
	if err != nil {
		return nil, err
	}
	sub := cutFont(full.Content(), charset)
	if sub == nil {
		return full, nil // could not cut: the full font still works
	}
	if err := os.MkdirAll(cacheDir, 0o700); err == nil {
		tmp := name + ".tmp"
		if os.WriteFile(tmp, sub, 0o600) == nil {
			_ = os.Rename(tmp, name)
		}
	}
	return fyne.NewStaticResource("kiosk-cjk-subset.ttf", sub), nil
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

// subsetRunes is GB2312, ASCII, common punctuation and extra, sorted and
// without duplicates.
func subsetRunes(extra string) string {
	set := map[rune]bool{}
	for r := rune(0x20); r < 0x7F; r++ {
		set[r] = true
	}
	for _, r := range "·–—‘’“”…、。，：；？！（）《》【】「」『』￥×÷±°℃々〇＊＿" {
		set[r] = true
	}
	dec := simplifiedchinese.GBK.NewDecoder()
	for hi := 0xA1; hi <= 0xF7; hi++ {
		for lo := 0xA1; lo <= 0xFE; lo++ {
			s, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if err != nil {
				continue
			}
			for _, r := range string(s) {
				if r != 0xFFFD {
					set[r] = true
				}
			}
		}
	}
	for _, r := range extra {
		if r >= 0x20 {
			set[r] = true
		}
	}
	runes := make([]rune, 0, len(set))
	for r := range set {
		runes = append(runes, r)
	}
	slices.Sort(runes)
	var b strings.Builder
	for _, r := range runes {
		b.WriteRune(r)
	}
	return b.String()
}
