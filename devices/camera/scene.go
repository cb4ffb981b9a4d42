package camera

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// documentLines are the words on the fake document camera's page.
var documentLines = []string{
	"TENANCY AGREEMENT",
	"",
	"Landlord: (sample)        Tenant: (sample)",
	"Premises: Room 101, No. 1 Example Road",
	"Term: 2026-01-01 to 2026-12-31",
	"Monthly rent: 2000 yuan, paid by the 5th",
	"",
	"1. The tenant uses the premises as a home.",
	"2. Repairs of the building are the landlord's.",
	"3. Either party gives one month's notice.",
	"4. This agreement is made in two copies.",
	"",
	"Signed:  ____________    ____________",
	"Date:    2025-12-20",
}

// DocumentScene draws a w x h camera frame of an A4 page of text on a dark
// platen, turned by deg degrees and off centre: the fake document
// camera's picture, and test input for cropping and straightening.
func DocumentScene(w, h int, deg float64) *image.RGBA {
	// The page, upright: A4 proportions, 80% of the frame's height.
	ph := h * 8 / 10
	pw := ph * 210 / 297
	page := image.NewRGBA(image.Rect(0, 0, pw, ph))
	draw.Draw(page, page.Bounds(), image.NewUniform(color.RGBA{250, 250, 246, 255}), image.Point{}, draw.Src)
	// Text at basicfont's 7x13 cell, drawn small then scaled up.
	scale := max(1, pw/400)
	small := image.NewRGBA(image.Rect(0, 0, pw/scale, ph/scale))
	draw.Draw(small, small.Bounds(), image.Transparent, image.Point{}, draw.Src)
	d := font.Drawer{Dst: small, Src: image.NewUniform(color.RGBA{20, 20, 30, 255}), Face: basicfont.Face7x13}
	y := 30
	for _, l := range documentLines {
		d.Dot = fixed.P(24, y)
		d.DrawString(l)
		y += 18
	}
	for py := 0; py < ph; py++ {
		for px := 0; px < pw; px++ {
			if c := small.RGBAAt(px/scale, py/scale); c.A > 128 {
				page.SetRGBA(px, py, color.RGBA{20, 20, 30, 255})
			}
		}
	}
	// The platen, with the page turned about its centre, placed right of
	// and below the frame's centre.
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := color.RGBA{48, 52, 58, 255}
	cx, cy := float64(w)/2+float64(w)/20, float64(h)/2+float64(h)/40
	sin, cos := math.Sincos(deg * math.Pi / 180)
	for oy := 0; oy < h; oy++ {
		for ox := 0; ox < w; ox++ {
			// Map the frame's pixel back onto the page.
			dx, dy := float64(ox)-cx, float64(oy)-cy
			px := cos*dx + sin*dy + float64(pw)/2
			py := -sin*dx + cos*dy + float64(ph)/2
			ix, iy := int(math.Floor(px)), int(math.Floor(py))
			if ix < 0 || iy < 0 || ix >= pw || iy >= ph {
				out.SetRGBA(ox, oy, bg)
				continue
			}
			out.SetRGBA(ox, oy, page.RGBAAt(ix, iy))
		}
	}
	return out
}
