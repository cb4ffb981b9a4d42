package screens

import (
	"image"
	"image/color"
)

// Guide marks of previewScaler.mask.
const (
	guideNone    = iota // the picture as it is
	guideOutline        // the oval's outline
	guideShade          // outside the oval: darkened
)

// previewScaler turns camera frames into what the preview shows, once per
// frame and off Fyne's goroutine: the frame sampled (nearest pixel) to the
// preview's size in screen pixels, with the face screen's oval guide
// painted in, into an *image.RGBA Fyne uploads as it is. So the screen
// neither converts the frame's colours (a YCbCr JPEG) nor scales it, nor
// blends a guide over it, on every redraw; only the pixels shown are
// converted. It keeps two buffers, the one on screen and the one being
// filled (the caller never fills the one on screen).
type previewScaler struct {
	w, h       int
	oval       bool
	srcW, srcH int     // the source size xmap and ymap were made for
	xmap, ymap []int   // source column of each column, row of each row
	mask       []uint8 // guide marks, w*h (nil without the oval)
	xoffY      []int   // a YCbCr source's luma offset in a row, per column (-1 outside)
	xoffC      []int   // its chroma offset in a row, per column
	bufs       [2]*image.RGBA
	next       int
}

// newPreviewScaler is a scaler to w x h screen pixels, with the oval guide
// when oval.
func newPreviewScaler(w, h int, oval bool) *previewScaler {
	w, h = max(w, 2), max(h, 2)
	p := &previewScaler{w: w, h: h, oval: oval}
	if oval {
		p.mask = ovalMask(w, h)
	}
	return p
}

// ovalMask marks, for w x h pixels, the outline of an upright oval where
// the face goes and the shade outside it (ovalGuide draws it too).
func ovalMask(w, h int) []uint8 {
	m := make([]uint8, w*h)
	cx, cy := float64(w)/2, float64(h)*0.46
	rx, ry := float64(w)*0.22, float64(h)*0.36
	const line = 0.035
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := (float64(x)-cx)/rx, (float64(y)-cy)/ry
			switch d := dx*dx + dy*dy; {
			case d > 1-line && d < 1+line:
				m[y*w+x] = guideOutline
			case d >= 1+line:
				m[y*w+x] = guideShade
			}
		}
	}
	return m
}

// maps makes the source column of each column and row of each row for a
// source of sw x sh pixels, fitted inside (letterboxed, centred): -1 is
// outside the picture.
func (p *previewScaler) maps(sw, sh int) {
	if sw == p.srcW && sh == p.srcH && p.xmap != nil {
		return
	}
	p.srcW, p.srcH = sw, sh
	// The picture's size on screen: the whole frame, aspect kept.
	dw, dh := p.w, p.w*sh/sw
	if dh > p.h {
		dw, dh = p.h*sw/sh, p.h
	}
	ox, oy := (p.w-dw)/2, (p.h-dh)/2
	p.xmap, p.ymap = make([]int, p.w), make([]int, p.h)
	for x := range p.xmap {
		p.xmap[x] = -1
		if x >= ox && x < ox+dw {
			p.xmap[x] = (x - ox) * sw / dw
		}
	}
	for y := range p.ymap {
		p.ymap[y] = -1
		if y >= oy && y < oy+dh {
			p.ymap[y] = (y - oy) * sh / dh
		}
	}
}

// scale samples src into the buffer not on screen and returns it; the
// caller shows it and asks for the next frame only after that.
func (p *previewScaler) scale(src image.Image) *image.RGBA {
	dst := p.bufs[p.next]
	if dst == nil {
		dst = image.NewRGBA(image.Rect(0, 0, p.w, p.h))
		p.bufs[p.next] = dst
	}
	p.next = 1 - p.next
	b := src.Bounds()
	if b.Dx() <= 0 || b.Dy() <= 0 {
		clear(dst.Pix)
		return dst
	}
	p.maps(b.Dx(), b.Dy())
	pix := dst.Pix
	masked := false // the guide painted in already
	switch s := src.(type) {
	case *image.YCbCr:
		masked = p.fromYCbCr(dst, s)
	case *image.RGBA:
		for y, sy := range p.ymap {
			row := pix[y*dst.Stride : y*dst.Stride+4*p.w]
			if sy < 0 {
				clear(row)
				continue
			}
			srow := s.Pix[(sy)*s.Stride:]
			for x, sx := range p.xmap {
				if sx < 0 {
					row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = 0, 0, 0, 0xff
					continue
				}
				copy(row[4*x:4*x+4], srow[4*sx:4*sx+4])
				row[4*x+3] = 0xff
			}
		}
	default:
		for y, sy := range p.ymap {
			for x, sx := range p.xmap {
				c := color.RGBA{A: 0xff}
				if sx >= 0 && sy >= 0 {
					c = color.RGBAModel.Convert(src.At(b.Min.X+sx, b.Min.Y+sy)).(color.RGBA)
					c.A = 0xff
				}
				dst.SetRGBA(x, y, c)
			}
		}
	}
	if p.mask != nil && !masked {
		for i, m := range p.mask {
			px := pix[4*i : 4*i+3 : 4*i+3]
			switch m {
			case guideOutline:
				px[0], px[1], px[2] = outline(px[0]), outline(px[1]), outline(px[2])
			case guideShade:
				px[0], px[1], px[2] = shade(px[0]), shade(px[1]), shade(px[2])
			}
		}
	}
	return dst
}

// chromaShift is how far a YCbCr image's chroma planes are subsampled, as
// shifts of x and y.
func chromaShift(r image.YCbCrSubsampleRatio) (sx, sy uint, ok bool) {
	switch r {
	case image.YCbCrSubsampleRatio444:
		return 0, 0, true
	case image.YCbCrSubsampleRatio422:
		return 1, 0, true
	case image.YCbCrSubsampleRatio420:
		return 1, 1, true
	case image.YCbCrSubsampleRatio440:
		return 0, 1, true
	case image.YCbCrSubsampleRatio411:
		return 2, 0, true
	case image.YCbCrSubsampleRatio410:
		return 2, 1, true
	}
	return 0, 0, false
}

// fromYCbCr samples a YCbCr frame (what a JPEG decodes to) into dst,
// converting only the pixels shown, the offsets of each row and column
// worked out once; it reports whether it painted the guide in too.
func (p *previewScaler) fromYCbCr(dst *image.RGBA, s *image.YCbCr) bool {
	csx, csy, ok := chromaShift(s.SubsampleRatio)
	if !ok {
		for y, sy := range p.ymap {
			for x, sx := range p.xmap {
				c := color.RGBA{A: 0xff}
				if sx >= 0 && sy >= 0 {
					c = color.RGBAModel.Convert(s.At(s.Rect.Min.X+sx, s.Rect.Min.Y+sy)).(color.RGBA)
					c.A = 0xff
				}
				dst.SetRGBA(x, y, c)
			}
		}
		return false
	}
	min := s.Rect.Min
	if len(p.xoffY) != p.w {
		p.xoffY, p.xoffC = make([]int, p.w), make([]int, p.w)
	}
	for x, sx := range p.xmap {
		if sx < 0 {
			p.xoffY[x] = -1
			continue
		}
		ax := min.X + sx
		p.xoffY[x] = sx
		p.xoffC[x] = ax>>csx - min.X>>csx
	}
	for y, sy := range p.ymap {
		row := dst.Pix[y*dst.Stride : y*dst.Stride+4*p.w]
		if sy < 0 {
			for i := 0; i < len(row); i += 4 {
				row[i], row[i+1], row[i+2], row[i+3] = 0, 0, 0, 0xff
			}
			continue
		}
		var mrow []uint8
		if p.mask != nil {
			mrow = p.mask[y*p.w : (y+1)*p.w]
		}
		ay := min.Y + sy
		yrow := s.Y[sy*s.YStride:]
		crow := (ay>>csy - min.Y>>csy) * s.CStride
		cb, cr := s.Cb[crow:], s.Cr[crow:]
		for x, yo := range p.xoffY {
			d := row[4*x : 4*x+4 : 4*x+4]
			if yo < 0 {
				d[0], d[1], d[2], d[3] = 0, 0, 0, 0xff
				continue
			}
			co := p.xoffC[x]
			r, g, b := color.YCbCrToRGB(yrow[yo], cb[co], cr[co])
			if mrow != nil {
				switch mrow[x] {
				case guideOutline:
					r, g, b = outline(r), outline(g), outline(b)
				case guideShade:
					r, g, b = shade(r), shade(g), shade(b)
				}
			}
			d[0], d[1], d[2], d[3] = r, g, b, 0xff
		}
	}
	return true
}

// outline is a colour value under the guide's outline (white at 0xee).
func outline(v uint8) uint8 { return uint8((0xee*255 + 0x11*uint32(v)) / 255) }

// shade is a colour value outside the oval (black at 0x88).
func shade(v uint8) uint8 { return uint8(0x77 * uint32(v) / 255) }
