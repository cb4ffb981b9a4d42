package receipt

import (
	"fmt"
	"image"
	"image/color"

	"golang.org/x/image/draw"
)

// Raster is a one-bit image in the printer's layout: rows of Stride bytes,
// the most significant bit first, a set bit is a black dot. It implements
// image.Image (black and white), so a preview can show exactly what will be
// printed.
type Raster struct {
	// W and H are the size in dots.
	W, H int
	// Pix holds H rows of Stride() bytes.
	Pix []byte
}

// NewRaster returns a white raster of w×h dots.
func NewRaster(w, h int) *Raster {
	return &Raster{W: w, H: h, Pix: make([]byte, ((w+7)/8)*h)}
}

// Stride is the number of bytes per row.
func (r *Raster) Stride() int { return (r.W + 7) / 8 }

// Black reports whether the dot at (x, y) is black.
func (r *Raster) Black(x, y int) bool {
	if x < 0 || y < 0 || x >= r.W || y >= r.H {
		return false
	}
	return r.Pix[y*r.Stride()+x/8]&(0x80>>(x%8)) != 0
}

// Set makes the dot at (x, y) black.
func (r *Raster) Set(x, y int) {
	if x < 0 || y < 0 || x >= r.W || y >= r.H {
		return
	}
	r.Pix[y*r.Stride()+x/8] |= 0x80 >> (x % 8)
}

// ColorModel implements image.Image.
func (r *Raster) ColorModel() color.Model { return color.GrayModel }

// Bounds implements image.Image.
func (r *Raster) Bounds() image.Rectangle { return image.Rect(0, 0, r.W, r.H) }

// At implements image.Image.
func (r *Raster) At(x, y int) color.Color {
	if r.Black(x, y) {
		return color.Gray{Y: 0}
	}
	return color.Gray{Y: 0xFF}
}

// BlackDots counts the black dots, a quick "is anything there" check.
func (r *Raster) BlackDots() int {
	n := 0
	for _, b := range r.Pix {
		for ; b != 0; b &= b - 1 {
			n++
		}
	}
	return n
}

// Gray converts img to 8-bit gray, transparent parts white, scaled to width
// dots wide (keeping the aspect ratio) unless width is 0 or already right.
func Gray(img image.Image, width int) *image.Gray {
	b := img.Bounds()
	if width <= 0 {
		width = b.Dx()
	}
	if b.Dx() == 0 || b.Dy() == 0 {
		return image.NewGray(image.Rect(0, 0, 0, 0))
	}
	height := max(1, (b.Dy()*width+b.Dx()/2)/b.Dx())
	dst := image.NewGray(image.Rect(0, 0, width, height))
	if g, ok := img.(*image.Gray); ok && width == b.Dx() {
		for y := 0; y < height; y++ {
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+width], g.Pix[g.PixOffset(b.Min.X, b.Min.Y+y):])
		}
		return dst
	}
	if rgba, ok := img.(*image.RGBA); ok && width == b.Dx() {
		rgbaToGray(dst, rgba)
		return dst
	}
	for i := range dst.Pix {
		dst.Pix[i] = 0xFF
	}
	if width == b.Dx() {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Over)
	} else {
		draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Over, nil)
	}
	return dst
}

// rgbaToGray converts premultiplied RGBA over white with the ITU-R BT.601
// luma weights, as color.GrayModel does, without per-pixel interface calls.
func rgbaToGray(dst *image.Gray, src *image.RGBA) {
	b := src.Bounds()
	for y := 0; y < b.Dy(); y++ {
		s := src.Pix[src.PixOffset(b.Min.X, b.Min.Y+y):]
		d := dst.Pix[y*dst.Stride : y*dst.Stride+b.Dx()]
		for x := range d {
			p := s[4*x : 4*x+4 : 4*x+4]
			// Premultiplied over white: c + (255 - a).
			white := 255 - uint32(p[3])
			r, g, bl := uint32(p[0])+white, uint32(p[1])+white, uint32(p[2])+white
			d[x] = uint8((19595*r + 38470*g + 7471*bl + 1<<15) >> 16)
		}
	}
}

// Dither converts img to a one-bit Raster width dots wide (0 keeps the
// image's width) with Floyd–Steinberg error diffusion: the grey levels of a
// photo or a rendered page become a pattern of dots instead of a hard
// threshold.
func Dither(img image.Image, width int) *Raster {
	return DitherGray(Gray(img, width))
}

// DitherGray is Dither for an image already in gray at the wanted size.
func DitherGray(g *image.Gray) *Raster {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	r := NewRaster(w, h)
	if w == 0 || h == 0 {
		return r
	}
	// Error rows carry 1/16ths; one spare cell on each side.
	cur := make([]int32, w+2)
	next := make([]int32, w+2)
	stride := r.Stride()
	for y := 0; y < h; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		out := r.Pix[y*stride : (y+1)*stride]
		for x := 0; x < w; x++ {
			v := int32(row[x])<<4 + cur[x+1]
			var e int32
			if v < 128<<4 {
				out[x>>3] |= 0x80 >> (x & 7)
				e = v
			} else {
				e = v - 255<<4
			}
			cur[x+2] += e * 7 / 16
			next[x] += e * 3 / 16
			next[x+1] += e * 5 / 16
			next[x+2] += e / 16
		}
		cur, next = next, cur
		clear(next)
	}
	return r
}

// bandRows is the height of one GS v 0 command. Long images go out in
// bands so a printer with a small receive buffer never gets one huge
// command, and a status check can sit between two bands.
const bandRows = 256

// Image appends img as a raster bit image: converted to gray over white,
// scaled down to the paper width when wider, and dithered. Alignment (ESC a)
// applies to it.
func (d *Doc) Image(img image.Image) *Doc {
	w := img.Bounds().Dx()
	if w > d.width.Dots() {
		w = d.width.Dots()
	}
	return d.Raster(Dither(img, w))
}

// ImageWidth appends img scaled to width dots (at most the paper width).
func (d *Doc) ImageWidth(img image.Image, width int) *Doc {
	if width < 1 || width > d.width.Dots() {
		return d.fail(fmt.Errorf("receipt: image width %d dots: want 1..%d", width, d.width.Dots()))
	}
	return d.Raster(Dither(img, width))
}

// Raster appends a one-bit image with GS v 0 (normal density), in bands of
// at most 256 rows. Where the image's bytes would hold a real-time command
// (a lone dot at x%8 == 3 followed by a byte 0x04, 0x05 or 0x14, see
// realtime.go) the dot beside it is printed black too; r itself is not
// changed.
func (d *Doc) Raster(r *Raster) *Doc {
	if r == nil || r.W < 1 || r.H < 1 {
		return d.fail(fmt.Errorf("receipt: raster: empty image"))
	}
	if r.W > d.width.Dots() {
		return d.fail(fmt.Errorf("receipt: raster %d dots wide on %s paper (%d dots)", r.W, d.width, d.width.Dots()))
	}
	if len(r.Pix) < r.Stride()*r.H {
		return d.fail(fmt.Errorf("receipt: raster: %d bytes for %dx%d dots", len(r.Pix), r.W, r.H))
	}
	if d.err != nil {
		return d
	}
	stride := r.Stride()
	for y := 0; y < r.H; y += bandRows {
		rows := min(bandRows, r.H-y)
		d.cmd(gs, 'v', '0', 0, byte(stride), byte(stride>>8), byte(rows), byte(rows>>8))
		start := len(d.buf)
		d.buf = append(d.buf, r.Pix[y*stride:(y+rows)*stride]...)
		breakRealtime(d.buf[start:])
	}
	d.images++
	return d
}
