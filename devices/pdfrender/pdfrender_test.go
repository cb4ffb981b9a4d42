package pdfrender

import (
	"bytes"
	"errors"
	"image"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"hallkiosk/devices/receipt"
)

// samplePDF is an A4 page with text, a frame and a filled box, like a
// portal's 受理回执 PDF (Latin text: core fonts only).
func samplePDF(t testing.TB, pages int, protect bool) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	if protect {
		p.SetProtection(fpdf.CnProtectPrint, "user-secret", "owner-secret")
	}
	for i := 0; i < pages; i++ {
		p.AddPage()
		p.SetFont("Helvetica", "B", 24)
		p.Cell(0, 14, "Acceptance receipt")
		p.Ln(18)
		p.SetFont("Helvetica", "", 14)
		for l := 0; l < 20; l++ {
			p.Cell(0, 8, "Service hall kiosk - line of sample text 0123456789")
			p.Ln(9)
		}
		p.Rect(10, 10, 190, 277, "D")
		p.SetFillColor(40, 40, 40)
		p.Rect(120, 230, 70, 40, "F")
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func darkShare(img image.Image) float64 {
	b := img.Bounds()
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x8000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(b.Dx()*b.Dy())
}

func TestRenderA4(t *testing.T) {
	d, err := Open(samplePDF(t, 2, false))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Pages() != 2 {
		t.Fatalf("pages = %d", d.Pages())
	}
	w, h, err := d.PageSize(0)
	if err != nil || w != 595 || h != 841 && h != 842 {
		t.Fatalf("page size = %v x %v, %v", w, h, err)
	}
	img, err := d.Render(1, 100)
	if err != nil {
		t.Fatal(err)
	}
	// A4 at 100 dpi: 827 x 1169.
	if b := img.Bounds(); b.Dx() < 825 || b.Dx() > 828 || b.Dy() < 1167 || b.Dy() > 1171 {
		t.Errorf("size %v", b)
	}
	if s := darkShare(img); s < 0.02 || s > 0.5 {
		t.Errorf("dark share %.3f: page blank or black", s)
	}
	text, err := d.Text(0)
	if err != nil || !strings.Contains(text, "Acceptance receipt") {
		t.Errorf("text = %q, %v", text, err)
	}
}

func TestRenderWidthThermal(t *testing.T) {
	pdf := samplePDF(t, 1, false)
	for _, dots := range []int{576, 384} {
		g, err := Thermal(pdf, 0, dots)
		if err != nil {
			t.Fatal(err)
		}
		if g.Bounds().Dx() != dots {
			t.Errorf("width %d, want %d", g.Bounds().Dx(), dots)
		}
		wantH := dots * 842 / 595
		if h := g.Bounds().Dy(); h < wantH-2 || h > wantH+2 {
			t.Errorf("height %d, want about %d", h, wantH)
		}
		r := receipt.DitherGray(g)
		if share := float64(r.BlackDots()) / float64(r.W*r.H); share < 0.02 || share > 0.5 {
			t.Errorf("%d dots: black share %.3f", dots, share)
		}
	}
}

func TestBadPDFs(t *testing.T) {
	good := samplePDF(t, 1, false)
	tests := []struct {
		name string
		pdf  []byte
		want error
	}{
		{"empty", nil, ErrCorrupt},
		{"not a PDF", []byte("hello, this is not a pdf at all"), ErrCorrupt},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrCorrupt},
		{"header only", []byte("%PDF-1.7\n"), ErrCorrupt},
		{"truncated", good[:len(good)/3], nil},
		{"garbage body", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0xFF, 0x00, '(', ')'}, 500)...), nil},
		{"encrypted", samplePDF(t, 1, true), ErrEncrypted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := renderAll(tt.pdf)
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "pdfrender: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			t.Logf("%s: %v", tt.name, err)
		})
	}
}

// renderAll opens pdf and renders each page small; MuPDF may repair a
// damaged file, so success is allowed, a crash is not.
func renderAll(pdf []byte) error {
	d, err := Open(pdf)
	if err != nil {
		return err
	}
	defer d.Close()
	for p := 0; p < d.Pages(); p++ {
		if _, err := d.RenderWidth(p, 96); err != nil {
			return err
		}
	}
	return nil
}

// TestMangledPDFs flips, cuts and splices bytes of a good PDF: every
// variant renders or fails with an error, none crashes.
func TestMangledPDFs(t *testing.T) {
	good := samplePDF(t, 1, false)
	rng := rand.New(rand.NewPCG(1, 2))
	n := 150
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		b := bytes.Clone(good)
		switch i % 3 {
		case 0:
			for k := 0; k < 1+rng.IntN(20); k++ {
				b[5+rng.IntN(len(b)-5)] = byte(rng.IntN(256))
			}
		case 1:
			b = b[:5+rng.IntN(len(b)-5)]
		case 2:
			at := 5 + rng.IntN(len(b)-5)
			junk := make([]byte, rng.IntN(200))
			for k := range junk {
				junk[k] = byte(rng.IntN(256))
			}
			b = append(b[:at:at], append(junk, good[at:]...)...)
		}
		_ = renderAll(b)
	}
}

func TestPageAndArgumentChecks(t *testing.T) {
	d, err := Open(samplePDF(t, 1, false))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Render(1, 72); !errors.Is(err, ErrNoPage) {
		t.Errorf("page 2 of 1: %v", err)
	}
	if _, err := d.Render(-1, 72); !errors.Is(err, ErrNoPage) {
		t.Errorf("page -1: %v", err)
	}
	if _, err := d.Render(0, 0); err == nil {
		t.Error("dpi 0 accepted")
	}
	if _, err := d.Render(0, 1100); !errors.Is(err, ErrTooLarge) {
		t.Errorf("A4 at 1100 dpi: %v", err)
	}
	if _, err := d.RenderWidth(0, 0); err == nil {
		t.Error("width 0 accepted")
	}
	d.Close()
	d.Close()
	if _, err := d.Render(0, 72); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

// BenchmarkA4ToThermalRaster: an A4 PDF page to a 576-dot one-bit raster
// (go-fitz render at the width + Floyd–Steinberg). Target ≤ 120 ms.
func BenchmarkA4ToThermalRaster(b *testing.B) {
	pdf := samplePDF(b, 1, false)
	d, err := Open(pdf)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	for b.Loop() {
		g, err := d.RenderWidth(0, 576)
		if err != nil {
			b.Fatal(err)
		}
		receipt.DitherGray(g)
	}
}

// BenchmarkA4ToThermalRasterOpen includes opening the PDF from bytes.
func BenchmarkA4ToThermalRasterOpen(b *testing.B) {
	pdf := samplePDF(b, 1, false)
	for b.Loop() {
		g, err := Thermal(pdf, 0, 576)
		if err != nil {
			b.Fatal(err)
		}
		receipt.DitherGray(g)
	}
}

// BenchmarkA4Preview150 is the on-screen preview size.
func BenchmarkA4Preview150(b *testing.B) {
	d, err := Open(samplePDF(b, 1, false))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	for b.Loop() {
		if _, err := d.Render(0, 150); err != nil {
			b.Fatal(err)
		}
	}
}

func TestOpenFileEndlessDeviceIsRefused(t *testing.T) {
	if _, err := OpenFile("/dev/zero"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("OpenFile(/dev/zero) = %v, want ErrTooLarge", err)
	}
}
