package pdfrender

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/gen2brain/go-fitz"

	"hallkiosk/internal/boundedio"
)

// Limits on what is rendered.
const (
	// MaxBytes is the largest PDF accepted.
	MaxBytes = 64 << 20
	// MaxPixels bounds one rendered page (A4 at 600 dpi is 35 million).
	MaxPixels = 40_000_000
	// MaxDPI is the highest resolution accepted.
	MaxDPI = 1200
)

// Errors, matched with errors.Is.
var (
	// ErrCorrupt: the bytes are not a PDF MuPDF can read.
	ErrCorrupt = errors.New("pdfrender: not a readable PDF")
	// ErrEncrypted: the PDF needs a password.
	ErrEncrypted = errors.New("pdfrender: PDF is password protected")
	// ErrNoPage: the page number is out of range.
	ErrNoPage = errors.New("pdfrender: no such page")
	// ErrTooLarge: the file or the rendered page exceeds the limits.
	ErrTooLarge = errors.New("pdfrender: too large")
	// ErrClosed: the Doc was closed.
	ErrClosed = errors.New("pdfrender: document closed")
)

// Doc is an open PDF.
type Doc struct {
	mu    sync.Mutex
	f     *fitz.Document
	pages int
}

// Open reads a PDF from memory. The slice must not change while the Doc is
// open.
func Open(pdf []byte) (d *Doc, err error) {
	if len(pdf) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrCorrupt)
	}
	if len(pdf) > MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(pdf), MaxBytes)
	}
	// go-fitz recognises a PDF by its first bytes only.
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, fmt.Errorf("%w: no %%PDF- header", ErrCorrupt)
	}
	defer guard("open", &err)
	f, err := fitz.NewFromMemory(pdf)
	if err != nil {
		if f != nil {
			f.Close()
		}
		if errors.Is(err, fitz.ErrNeedsPassword) {
			return nil, ErrEncrypted
		}
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	n := f.NumPage()
	if n <= 0 {
		f.Close()
		return nil, fmt.Errorf("%w: no pages", ErrCorrupt)
	}
	return &Doc{f: f, pages: n}, nil
}

// OpenFile reads a PDF file.
func OpenFile(path string) (*Doc, error) {
	b, err := boundedio.ReadFile(path, MaxBytes)
	if errors.Is(err, boundedio.ErrTooLarge) {
		return nil, fmt.Errorf("%w: %w", ErrTooLarge, err)
	}
	if err != nil {
		return nil, fmt.Errorf("pdfrender: %w", err)
	}
	d, err := Open(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// guard turns a panic in go-fitz's Go code into ErrCorrupt.
func guard(what string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: %s: %v", ErrCorrupt, what, r)
	}
}

// Pages is the number of pages.
func (d *Doc) Pages() int { return d.pages }

// Close frees the document. A second Close is harmless.
func (d *Doc) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.f != nil {
		d.f.Close()
		d.f = nil
	}
	return nil
}

// PageSize is the size of page (0-based) in points (1/72 inch).
func (d *Doc) PageSize(page int) (w, h float64, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	r, err := d.bound(page)
	if err != nil {
		return 0, 0, err
	}
	return float64(r.Dx()), float64(r.Dy()), nil
}

// bound checks page and returns its box at 72 dpi. d.mu is held.
func (d *Doc) bound(page int) (r image.Rectangle, err error) {
	if d.f == nil {
		return r, ErrClosed
	}
	if page < 0 || page >= d.pages {
		return r, fmt.Errorf("%w: page %d of %d", ErrNoPage, page+1, d.pages)
	}
	defer guard("page size", &err)
	r, err = d.f.Bound(page)
	if err != nil {
		return r, fmt.Errorf("%w: page %d: %v", ErrCorrupt, page+1, err)
	}
	// go-fitz copies the pixmap as if it started at (0, 0); a page box
	// that does not could make it read past the pixmap.
	if r.Min.X != 0 || r.Min.Y != 0 || r.Dx() <= 0 || r.Dy() <= 0 || r.Dx() > 14400 || r.Dy() > 14400 {
		return r, fmt.Errorf("%w: page %d has an unusable box %v", ErrCorrupt, page+1, r)
	}
	return r, nil
}

// Render draws page (0-based) at dpi dots per inch, white background.
func (d *Doc) Render(page int, dpi float64) (img *image.RGBA, err error) {
	if dpi <= 0 || dpi > MaxDPI || math.IsNaN(dpi) {
		return nil, fmt.Errorf("pdfrender: dpi %v: want 1..%d", dpi, MaxDPI)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	r, err := d.bound(page)
	if err != nil {
		return nil, err
	}
	px := float64(r.Dx()) * dpi / 72 * float64(r.Dy()) * dpi / 72
	if px > MaxPixels {
		return nil, fmt.Errorf("%w: page %d at %v dpi is %.0f pixels, limit %d", ErrTooLarge, page+1, dpi, px, MaxPixels)
	}
	defer guard("render", &err)
	img, err = d.f.ImageDPI(page, dpi)
	if err != nil {
		return nil, fmt.Errorf("%w: page %d: %v", ErrCorrupt, page+1, err)
	}
	return img, nil
}

// RenderWidth draws page scaled to exactly width pixels (the printer's
// dots: 576 for 80 mm, 384 for 58 mm) and returns it in gray.
func (d *Doc) RenderWidth(page int, width int) (*image.Gray, error) {
	if width < 1 || width > 14400 {
		return nil, fmt.Errorf("pdfrender: width %d: want 1..14400", width)
	}
	w, _, err := d.PageSize(page)
	if err != nil {
		return nil, err
	}
	img, err := d.Render(page, float64(width)*72/w)
	if err != nil {
		return nil, err
	}
	return toGray(img, width), nil
}

// Text extracts the text of page, for checks and search.
func (d *Doc) Text(page int) (s string, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, err := d.bound(page); err != nil {
		return "", err
	}
	defer guard("text", &err)
	s, err = d.f.Text(page)
	if err != nil {
		return "", fmt.Errorf("%w: page %d: %v", ErrCorrupt, page+1, err)
	}
	return s, nil
}

// toGray converts an opaque RGBA page to gray exactly width pixels wide;
// rounding may leave the rendered page a pixel off, which is cropped or
// padded white.
func toGray(src *image.RGBA, width int) *image.Gray {
	b := src.Bounds()
	h := b.Dy()
	dst := image.NewGray(image.Rect(0, 0, width, h))
	w := min(width, b.Dx())
	for y := 0; y < h; y++ {
		s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
		row := dst.Pix[y*dst.Stride : y*dst.Stride+width]
		for x := 0; x < w; x++ {
			p := s[4*x : 4*x+4 : 4*x+4]
			row[x] = uint8((19595*uint32(p[0]) + 38470*uint32(p[1]) + 7471*uint32(p[2]) + 1<<15) >> 16)
		}
		for x := w; x < width; x++ {
			row[x] = 0xFF
		}
	}
	return dst
}

// RenderPage opens pdf, draws one page at dpi and closes it.
func RenderPage(pdf []byte, page int, dpi float64) (*image.RGBA, error) {
	d, err := Open(pdf)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.Render(page, dpi)
}

// Thermal opens pdf and draws one page exactly dots wide in gray, for a
// receipt printer (pass it to receipt.DitherGray or Doc.Image).
func Thermal(pdf []byte, page int, dots int) (*image.Gray, error) {
	d, err := Open(pdf)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.RenderWidth(page, dots)
}
