package scan

import (
	"bytes"
	"errors"
	"fmt"
	"image/jpeg"
	"strconv"

	"github.com/go-pdf/fpdf"
)

// MaxPages bounds the pages of one material.
const MaxPages = 20

// ErrNoPages reports a PDF asked for without pages.
var ErrNoPages = errors.New("scan: no pages")

// PDF puts pages (JPEGs, as Page makes them) into one PDF, one A4 page
// each (turned across for a page wider than high), the picture as large
// as fits within a 5 mm margin, centred. The JPEGs go in unchanged.
func PDF(pages [][]byte) ([]byte, error) {
	if len(pages) == 0 {
		return nil, ErrNoPages
	}
	if len(pages) > MaxPages {
		return nil, fmt.Errorf("scan: %d pages, at most %d", len(pages), MaxPages)
	}
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetCompression(false) // JPEGs do not compress further
	doc.SetCreator("hallkiosk", true)
	doc.SetAutoPageBreak(false, 0)
	const margin = 5.0
	for i, p := range pages {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(p))
		if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
			return nil, fmt.Errorf("%w: page %d: %v", ErrBadPicture, i+1, err)
		}
		pw, ph := 210.0, 297.0
		orient := "P"
		if cfg.Width > cfg.Height {
			pw, ph, orient = ph, pw, "L"
		}
		doc.AddPageFormat(orient, fpdf.SizeType{Wd: 210, Ht: 297})
		name := "p" + strconv.Itoa(i)
		doc.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(p))
		aw, ah := pw-2*margin, ph-2*margin
		w, h := aw, aw*float64(cfg.Height)/float64(cfg.Width)
		if h > ah {
			w, h = ah*float64(cfg.Width)/float64(cfg.Height), ah
		}
		doc.ImageOptions(name, (pw-w)/2, (ph-h)/2, w, h, false, fpdf.ImageOptions{ImageType: "JPG"}, 0, "")
	}
	var out bytes.Buffer
	if err := doc.Output(&out); err != nil {
		return nil, fmt.Errorf("scan: pdf: %w", err)
	}
	return out.Bytes(), nil
}
