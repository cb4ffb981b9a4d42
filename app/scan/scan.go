// Package scan turns the document camera's (高拍仪) pictures of a paper
// material into what the portal receives: each page cropped to the paper
// and straightened when it stands out from the platen, scaled to about
// 200 dpi of A4, encoded as a JPEG within a size bound, and all pages of
// one material in ONE PDF of A4 pages (the JPEGs inside as they are, no
// second encoding).
//
// # Finding the page
//
// Page finds the paper in a picture by brightness: a small grey copy of
// the picture is split at Otsu's threshold into light (paper) and dark
// (platen). When the light part is a sensible share of the picture and
// clearly lighter, its pixels' second moments give the page's turn (the
// axis of a rectangle, reduced to within ±45°) and, turned back, its
// extent: the crop. What it cannot do: a page on a light platen (no
// contrast), pages photographed in perspective (it straightens turns, not
// keystone), several pages side by side, a page turned more than 45°
// (read as turned the other way), a dark page. Then it keeps the whole
// picture, only scaled: nothing is lost.
package scan

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math"

	"golang.org/x/image/draw"
	"golang.org/x/image/math/f64"
)

// A4 at the resolution pages are kept at.
const (
	DPI = 200
	// A4W and A4H are A4 (210 x 297 mm) in pixels at DPI.
	A4W = 1654
	A4H = 2339
	// MaxPageBytes bounds one page's JPEG (a PDF page is this plus a few
	// hundred bytes).
	MaxPageBytes = 480 << 10
	// MaxInputBytes bounds a picture taken by the document camera.
	MaxInputBytes = 16 << 20
	// MaxInputPixels bounds its size (a 13-megapixel camera).
	MaxInputPixels = 13_200_000
)

// ErrBadPicture reports a picture that cannot be read.
var ErrBadPicture = errors.New("scan: not a readable picture")

// Found is where Page found the paper in a picture.
type Found struct {
	// OK is false when no page stood out: the whole picture was kept.
	OK bool
	// Angle is the page's turn in degrees (clockwise on screen), undone.
	Angle float64
	// Share is the part of the picture the paper covers (0..1).
	Share float64
}

// analysis is the size of the grey copy the page is found on.
const analysis = 400

// Find looks for a page lighter than the platen in img.
func Find(img image.Image) (Found, geometry) {
	b := img.Bounds()
	scale := float64(max(b.Dx(), b.Dy())) / analysis
	if scale < 1 {
		scale = 1
	}
	w, h := int(float64(b.Dx())/scale), int(float64(b.Dy())/scale)
	if w < 8 || h < 8 {
		return Found{}, geometry{}
	}
	grey := image.NewGray(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(grey, grey.Bounds(), img, b, draw.Src, nil)
	var hist [256]int
	for _, p := range grey.Pix {
		hist[p]++
	}
	t, lo, hi := otsu(hist, len(grey.Pix))
	// The paper: light pixels, which must be clearly lighter. A page is
	// convex, so each row is filled between its first and last light
	// pixel: the text's dark pixels are paper too (else the ink, all in
	// one part of the page, would tilt the axis).
	mask := make([]bool, w*h)
	var n, sx, sy float64
	for y := 0; y < h; y++ {
		row := grey.Pix[y*grey.Stride : y*grey.Stride+w]
		first, last := -1, -1
		for x, p := range row {
			if p > t {
				if first < 0 {
					first = x
				}
				last = x
			}
		}
		for x := first; first >= 0 && x <= last; x++ {
			mask[y*w+x] = true
			n++
			sx += float64(x)
			sy += float64(y)
		}
	}
	share := n / float64(w*h)
	if hi-lo < 40 || share < 0.12 || share > 0.97 {
		return Found{Share: share}, geometry{}
	}
	cx, cy := sx/n, sy/n
	var mxx, myy, mxy float64
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if mask[y*w+x] {
				dx, dy := float64(x)-cx, float64(y)-cy
				mxx += dx * dx
				myy += dy * dy
				mxy += dx * dy
			}
		}
	}
	// The principal axis, reduced to a turn within ±45° of the picture's
	// axes.
	theta := 0.5 * math.Atan2(2*mxy, mxx-myy)
	for theta > math.Pi/4 {
		theta -= math.Pi / 2
	}
	for theta <= -math.Pi/4 {
		theta += math.Pi / 2
	}
	// The paper's extent with the turn undone, ignoring stray light
	// pixels: the 1st and 99th percentiles along each axis.
	sin, cos := math.Sincos(-theta)
	var us, vs []float64
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if mask[y*w+x] {
				dx, dy := float64(x)-cx, float64(y)-cy
				us = append(us, cos*dx-sin*dy)
				vs = append(vs, sin*dx+cos*dy)
			}
		}
	}
	u0, u1 := percentiles(us)
	v0, v1 := percentiles(vs)
	g := geometry{cx: cx * scale, cy: cy * scale, theta: theta,
		u0: u0 * scale, u1: (u1 + 1) * scale, v0: v0 * scale, v1: (v1 + 1) * scale}
	return Found{OK: true, Angle: theta * 180 / math.Pi, Share: share}, g
}

// geometry is a found page in the picture's pixels: its centre, its turn,
// and its extent around the centre with the turn undone.
type geometry struct {
	cx, cy, theta  float64
	u0, u1, v0, v1 float64
}

// otsu is Otsu's threshold of a histogram, with the mean grey of the
// classes below and above it.
func otsu(hist [256]int, total int) (t uint8, lo, hi float64) {
	var sum float64
	for i, c := range hist {
		sum += float64(i * c)
	}
	var sumB, wB, best float64
	for i := 0; i < 256; i++ {
		wB += float64(hist[i])
		if wB == 0 {
			continue
		}
		wF := float64(total) - wB
		if wF == 0 {
			break
		}
		sumB += float64(i * hist[i])
		mB, mF := sumB/wB, (sum-sumB)/wF
		if v := wB * wF * (mB - mF) * (mB - mF); v > best {
			best, t, lo, hi = v, uint8(i), mB, mF
		}
	}
	return t, lo, hi
}

// percentiles are the 1st and 99th percentiles of v (by a histogram of
// 1024 bins, enough at the analysis size).
func percentiles(v []float64) (float64, float64) {
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	if hi-lo < 1 {
		return lo, hi
	}
	const bins = 1024
	var h [bins]int
	for _, x := range v {
		h[min(bins-1, int((x-lo)/(hi-lo)*bins))]++
	}
	cut := len(v) / 100
	a, b := 0, bins-1
	for n := 0; a < bins && n+h[a] <= cut; a++ {
		n += h[a]
	}
	for n := 0; b > 0 && n+h[b] <= cut; b-- {
		n += h[b]
	}
	return lo + float64(a)/bins*(hi-lo), lo + float64(b+1)/bins*(hi-lo)
}

// Straighten cuts the page g out of img with its turn undone.
func straighten(img image.Image, g geometry) *image.RGBA {
	w, h := int(g.u1-g.u0+0.5), int(g.v1-g.v0+0.5)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	// Source pixel of destination (x, y): turn (x+u0, y+v0) by theta
	// about the page centre. x/image/draw wants source to destination.
	sin, cos := math.Sincos(g.theta)
	b := img.Bounds()
	ox, oy := g.cx+float64(b.Min.X), g.cy+float64(b.Min.Y)
	// d2s: sx = cos*(x+u0) - sin*(y+v0) + ox ; sy = sin*(x+u0) + cos*(y+v0) + oy
	// s2d is its inverse (a rotation by -theta, then the shift).
	s2d := f64.Aff3{
		cos, sin, -cos*ox - sin*oy - g.u0,
		-sin, cos, sin*ox - cos*oy - g.v0,
	}
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.ApproxBiLinear.Transform(dst, s2d, img, b, draw.Src, nil)
	return dst
}

// Page prepares one picture of a page: decoded (bounded), the paper found,
// cropped and straightened, scaled to fit A4 at DPI, and encoded as a JPEG
// of at most MaxPageBytes.
func Page(picture []byte) ([]byte, Found, error) {
	if len(picture) == 0 || len(picture) > MaxInputBytes {
		return nil, Found{}, fmt.Errorf("%w: %d bytes", ErrBadPicture, len(picture))
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(picture))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxInputPixels {
		return nil, Found{}, fmt.Errorf("%w: %v", ErrBadPicture, err)
	}
	img, _, err := image.Decode(bytes.NewReader(picture))
	if err != nil {
		return nil, Found{}, fmt.Errorf("%w: %v", ErrBadPicture, err)
	}
	found, g := Find(img)
	var page image.Image = img
	if found.OK {
		page = straighten(img, g)
	}
	page = fitA4(page)
	jpg, err := encodeBounded(page, MaxPageBytes)
	return jpg, found, err
}

// fitA4 scales img down (never up) to fit A4 at DPI, upright or across.
func fitA4(img image.Image) image.Image {
	b := img.Bounds()
	mw, mh := A4W, A4H
	if b.Dx() > b.Dy() {
		mw, mh = A4H, A4W
	}
	f := math.Min(float64(mw)/float64(b.Dx()), float64(mh)/float64(b.Dy()))
	if f >= 1 {
		return img
	}
	dst := image.NewRGBA(image.Rect(0, 0, max(1, int(float64(b.Dx())*f)), max(1, int(float64(b.Dy())*f))))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// encodeBounded encodes img as a JPEG of at most limit bytes, lowering
// the quality (and at last the size) until it fits.
func encodeBounded(img image.Image, limit int) ([]byte, error) {
	var buf bytes.Buffer
	for {
		for _, q := range []int{85, 75, 65, 50, 35} {
			buf.Reset()
			if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
				return nil, fmt.Errorf("scan: encode: %w", err)
			}
			if buf.Len() <= limit {
				return bytes.Clone(buf.Bytes()), nil
			}
		}
		b := img.Bounds()
		if b.Dx() < 64 || b.Dy() < 64 {
			return nil, fmt.Errorf("scan: page does not fit in %d bytes", limit)
		}
		half := image.NewRGBA(image.Rect(0, 0, b.Dx()*3/4, b.Dy()*3/4))
		draw.ApproxBiLinear.Scale(half, half.Bounds(), img, b, draw.Src, nil)
		img = half
	}
}
