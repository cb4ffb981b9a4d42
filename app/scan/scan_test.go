package scan

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"hallkiosk/devices/camera"
	"hallkiosk/devices/pdfrender"
)

func jpegOf(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func light(img image.Image, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	return (r+g+b)/3>>8 > 170
}

// TestFindAndStraightenATurnedPage: the document camera's scene (an A4
// page of text, turned and off centre on a dark platen) comes out upright,
// cut to the paper, at A4's proportions.
func TestFindAndStraightenATurnedPage(t *testing.T) {
	for _, deg := range []float64{-8, -3, 0, 4, 12} {
		scene := camera.DocumentScene(1600, 1200, deg)
		found, g := Find(scene)
		if !found.OK {
			t.Fatalf("%v°: no page found (share %.2f)", deg, found.Share)
		}
		if math.Abs(found.Angle-deg) > 0.7 {
			t.Errorf("%v°: found a turn of %.2f°", deg, found.Angle)
		}
		page := straighten(scene, g)
		w, h := page.Bounds().Dx(), page.Bounds().Dy()
		if ratio := float64(h) / float64(w); math.Abs(ratio-297.0/210) > 0.04 {
			t.Errorf("%v°: page %dx%d, ratio %.3f, want A4's 1.414", deg, w, h, ratio)
		}
		// Cut to the paper: the corners are paper, not platen.
		for _, p := range []image.Point{{3, 3}, {w - 4, 3}, {3, h - 4}, {w - 4, h - 4}} {
			if !light(page, p.X, p.Y) {
				t.Errorf("%v°: corner %v is not paper", deg, p)
			}
		}
		// Upright: the title line is level — its ink on few rows.
		if spread := titleRows(page); spread > 14 {
			t.Errorf("%v°: the title's ink spreads over %d rows: not level", deg, spread)
		}
	}
}

// titleRows is how many rows the first line of ink (the title "TENANCY
// AGREEMENT", 13 pixels high when level) spans, from the first row with
// ink to the first row without after it, in the page's left half.
func titleRows(img *image.RGBA) int {
	b := img.Bounds()
	inked := func(y int) bool {
		for x := b.Dx() / 30; x < b.Dx()/2; x++ {
			if img.RGBAAt(x, y).R < 100 {
				return true
			}
		}
		return false
	}
	y := b.Dy() / 100
	for y < b.Dy()/5 && !inked(y) {
		y++
	}
	first := y
	for y < b.Dy()/5 && inked(y) {
		y++
	}
	return y - first
}

// TestNoPageStandsOut: a picture without a page lighter than the platen
// is kept whole, only fitted.
func TestNoPageStandsOut(t *testing.T) {
	grey := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for i := range grey.Pix {
		grey.Pix[i] = 128
	}
	allPaper := image.NewRGBA(image.Rect(0, 0, 800, 600))
	for i := range allPaper.Pix {
		allPaper.Pix[i] = 245
	}
	for name, img := range map[string]image.Image{"flat grey": grey, "paper everywhere": allPaper} {
		found, _ := Find(img)
		if found.OK {
			t.Errorf("%s: found a page %+v", name, found)
		}
		jpg, f, err := Page(jpegOf(t, img))
		if err != nil || f.OK {
			t.Fatalf("%s: %v %+v", name, err, f)
		}
		cfg, _ := jpeg.DecodeConfig(bytes.NewReader(jpg))
		if cfg.Width != 800 || cfg.Height != 600 {
			t.Errorf("%s: kept %dx%d, want the whole 800x600", name, cfg.Width, cfg.Height)
		}
	}
}

func TestBadPictures(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty": nil, "garbage": []byte("not a picture at all"),
		"truncated": jpegOf(t, camera.DocumentScene(320, 240, 3))[:500],
	} {
		if _, _, err := Page(b); !errors.Is(err, ErrBadPicture) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := PDF(nil); !errors.Is(err, ErrNoPages) {
		t.Errorf("no pages: %v", err)
	}
	if _, err := PDF([][]byte{[]byte("x")}); !errors.Is(err, ErrBadPicture) {
		t.Errorf("a page that is no JPEG: %v", err)
	}
}

// noise is a picture JPEG cannot compress: the size bound must still hold.
func noise(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range img.Pix {
		img.Pix[i] = uint8(r.IntN(256))
	}
	return img
}

// TestPDFOfPages: three pages (one across) make one PDF that MuPDF opens
// with three A4 pages, every page within the size bound.
func TestPDFOfPages(t *testing.T) {
	var pages [][]byte
	for i, pic := range []image.Image{camera.DocumentScene(1600, 1200, 4), noise(2000, 2800), noise(1400, 1000)} {
		jpg, _, err := Page(jpegOf(t, pic))
		if err != nil {
			t.Fatal(err)
		}
		if len(jpg) > MaxPageBytes {
			t.Errorf("page %d: %d bytes, bound %d", i+1, len(jpg), MaxPageBytes)
		}
		cfg, _ := jpeg.DecodeConfig(bytes.NewReader(jpg))
		if max(cfg.Width, cfg.Height) > A4H || min(cfg.Width, cfg.Height) > A4W {
			t.Errorf("page %d: %dx%d is more than A4 at %d dpi", i+1, cfg.Width, cfg.Height, DPI)
		}
		pages = append(pages, jpg)
	}
	pdf, err := PDF(pages)
	if err != nil {
		t.Fatal(err)
	}
	if len(pdf) > len(pages)*(500<<10) {
		t.Errorf("PDF of %d pages is %d bytes", len(pages), len(pdf))
	}
	doc, err := pdfrender.Open(pdf)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if doc.Pages() != 3 {
		t.Fatalf("%d pages", doc.Pages())
	}
	for i, want := range [][2]float64{{595, 842}, {595, 842}, {842, 595}} {
		w, h, err := doc.PageSize(i)
		if err != nil || math.Abs(w-want[0]) > 2 || math.Abs(h-want[1]) > 2 {
			t.Errorf("page %d: %.0fx%.0f pt, want %v (%v)", i+1, w, h, want, err)
		}
	}
	// The first page shows the paper: light in the middle, text on it.
	img, err := doc.Render(0, 30)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if !light(img, b.Dx()/2, b.Dy()*3/4) {
		t.Error("the first page is not the paper")
	}
	_ = color.White
}

func FuzzPage(f *testing.F) {
	f.Add(jpegOf(f, camera.DocumentScene(160, 120, 5)))
	f.Add([]byte{0xFF, 0xD8, 0xFF})
	f.Fuzz(func(t *testing.T, b []byte) {
		jpg, _, err := Page(b)
		if err == nil && len(jpg) > MaxPageBytes {
			t.Fatal("over the bound")
		}
	})
}

// cpuTime is the process's user and system CPU time: on a shared machine
// the benchmarks report it per operation beside the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkPage prepares one page from the document camera (1600x1200).
func BenchmarkPage(b *testing.B) {
	pic := jpegOf(b, camera.DocumentScene(1600, 1200, 4))
	start := cpuTime()
	for b.Loop() {
		if _, _, err := Page(pic); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}

// BenchmarkMaterial3Pages is a 3-page material from pictures to its PDF
// (the target is 1 s).
func BenchmarkMaterial3Pages(b *testing.B) {
	pic := jpegOf(b, camera.DocumentScene(1600, 1200, 4))
	start := cpuTime()
	for b.Loop() {
		var pages [][]byte
		for range 3 {
			p, _, err := Page(pic)
			if err != nil {
				b.Fatal(err)
			}
			pages = append(pages, p)
		}
		if _, err := PDF(pages); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, start)
}
