package receiptsim

import (
	"errors"
	"fmt"
	"image"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"hallkiosk/devices/receipt"
)

// DefaultFont is the CJK font of the kiosk (Debian package
// fonts-droid-fallback).
const DefaultFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// ErrNoFont reports that the CJK font file is missing.
var ErrNoFont = errors.New("receiptsim: CJK font missing (install the Debian package fonts-droid-fallback)")

// Cell geometry of font A at 203 dpi and where the baseline sits in it.
const (
	cellW       = 12
	cellH       = 24
	asciiSize   = 20 // px: Go Mono advances 0.6 em = 12 dots
	asciiBase   = 19
	cjkSize     = 24
	cjkBase     = 21
	inkMinAlpha = 0x70 // coverage from which a dot is burnt
)

// fonts draws glyphs into one-bit cells. Not safe for concurrent use.
type fonts struct {
	path       string // the CJK font, opened on first use
	opened     bool
	ascii, cjk font.Face
	cjkFont    *sfnt.Font
	monoFont   *sfnt.Font
	sbuf       sfnt.Buffer
	cache      map[rune]*receipt.Raster
}

// loadFonts checks the CJK font at path (DefaultFont when empty); it is
// read and parsed on the first wide character, so an idle demo does not
// hold its 4 MB.
func loadFonts(path string) (*fonts, error) {
	if path == "" {
		path = DefaultFont
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s", ErrNoFont, path)
		}
		return nil, fmt.Errorf("receiptsim: font %s: %w", path, err)
	}
	mono, err := opentype.Parse(gomono.TTF)
	if err != nil {
		return nil, fmt.Errorf("receiptsim: go mono: %w", err)
	}
	asciiFace, err := opentype.NewFace(mono, &opentype.FaceOptions{Size: asciiSize, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("receiptsim: go mono: %w", err)
	}
	return &fonts{path: path, ascii: asciiFace, monoFont: mono, cache: map[rune]*receipt.Raster{}}, nil
}

// openCJK reads the CJK font once and reports whether it is usable; a font
// that went bad after start prints boxes, as a printer without the glyphs
// would.
func (f *fonts) openCJK() bool {
	if f.opened {
		return f.cjkFont != nil
	}
	f.opened = true
	data, err := os.ReadFile(f.path)
	if err != nil {
		return false
	}
	cjk, err := opentype.Parse(data)
	if err != nil {
		return false
	}
	face, err := opentype.NewFace(cjk, &opentype.FaceOptions{Size: cjkSize, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return false
	}
	f.cjkFont, f.cjk = cjk, face
	return true
}

// glyph returns the one-bit cell of r: 12×24 for a single-byte character,
// 24×24 for a wide one. Wide punctuation the CJK font lacks (· “ ” –) is
// taken from Go Mono, centred in the wide cell; a character neither font
// has is drawn as a box, as a printer draws a code its font has no glyph
// for.
func (f *fonts) glyph(r rune, wide bool) *receipt.Raster {
	key := r
	if wide {
		key |= 1 << 30
	}
	if g, ok := f.cache[key]; ok {
		return g
	}
	cjk := wide && f.openCJK()
	w, face, base := cellW, f.ascii, asciiBase
	if wide {
		w, face, base = 2*cellW, f.cjk, cjkBase
	}
	var g *receipt.Raster
	if wide && (!cjk || !f.has(f.cjkFont, r)) {
		if f.has(f.monoFont, r) {
			g = f.draw(r, w, f.ascii, asciiBase)
		} else {
			g = box(w)
		}
	}
	if g == nil {
		g = f.draw(r, w, face, base)
	}
	f.cache[key] = g
	return g
}

func (f *fonts) has(font *sfnt.Font, r rune) bool {
	idx, err := font.GlyphIndex(&f.sbuf, r)
	return err == nil && idx != 0
}

func (f *fonts) draw(r rune, w int, face font.Face, base int) *receipt.Raster {
	mask := image.NewAlpha(image.Rect(0, 0, w, cellH))
	adv, ok := face.GlyphAdvance(r)
	if !ok {
		return box(w)
	}
	// Centre the advance in the cell.
	x := (fixed.I(w) - adv) / 2
	d := font.Drawer{Dst: mask, Src: image.Opaque, Face: face, Dot: fixed.Point26_6{X: x, Y: fixed.I(base)}}
	d.DrawString(string(r))
	g := receipt.NewRaster(w, cellH)
	for y := 0; y < cellH; y++ {
		for x := 0; x < w; x++ {
			if mask.AlphaAt(x, y).A >= inkMinAlpha {
				g.Set(x, y)
			}
		}
	}
	return g
}

// box is the glyph of a missing character: an outlined square.
func box(w int) *receipt.Raster {
	g := receipt.NewRaster(w, cellH)
	x0, x1, y0, y1 := 2, w-3, 3, cellH-3
	for x := x0; x <= x1; x++ {
		g.Set(x, y0)
		g.Set(x, y1)
	}
	for y := y0; y <= y1; y++ {
		g.Set(x0, y)
		g.Set(x1, y)
	}
	return g
}
