package receiptsim

import (
	"image"
	"image/color"

	"github.com/skip2/go-qrcode"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"

	"hallkiosk/devices/receipt"
)

// Paper geometry of the simulated printer.
const (
	defaultSpacing = 30    // dots between two baselines (3.75 mm)
	topMargin      = 24    // white paper above the first line of a receipt
	cutMargin      = 40    // paper fed past the last line to reach the cutter
	maxRows        = 24000 // 3 m of paper: longer is cut by force
)

// placed is a glyph on the line buffer at x dots from the left.
type placed struct {
	x int
	g *receipt.Raster
}

// paper is the print mechanism: the state set by commands, the line being
// composed and the paper printed since the last cut.
type paper struct {
	dots   int
	fonts  *fonts
	dec    *encoding.Decoder
	stride int
	pix    []byte
	h      int

	line      []placed
	lineX     int
	lineAlign int

	align, bold, underline int
	wmul, hmul             int
	spacing                int
	chinese                bool
	qrData                 []byte
	qrSize                 int
	qrLevel                qrcode.RecoveryLevel
	barH, barW, hri        int

	// printed counts the dots of paper used since power-on; missing lists
	// what could not be drawn (unsupported barcode, QR too wide).
	printed int
	missing []string
	// words is the text printed since the last cut, line by line (what a
	// test reads back; bounded by maxWords).
	words []rune
}

// maxWords bounds the text a receipt keeps for Printed.Text.
const maxWords = 1 << 16

// word notes a printed character (or a line end) for Printed.Text.
func (p *paper) word(r rune) {
	if len(p.words) < maxWords {
		p.words = append(p.words, r)
	}
}

func newPaper(dots int, f *fonts) *paper {
	p := &paper{dots: dots, fonts: f, stride: (dots + 7) / 8, dec: simplifiedchinese.GB18030.NewDecoder()}
	p.reset()
	return p
}

// reset is ESC @: modes back to their power-on values. Paper stays.
func (p *paper) reset() {
	p.line, p.lineX = p.line[:0], 0
	p.align, p.bold, p.underline = 0, 0, 0
	p.wmul, p.hmul = 1, 1
	p.spacing = defaultSpacing
	p.chinese = true
	p.qrData, p.qrSize, p.qrLevel = nil, 3, qrcode.Low
	p.barH, p.barW, p.hri = 162, 3, 0
}

// empty reports whether nothing was printed since the last cut.
func (p *paper) empty() bool { return p.h == 0 && len(p.line) == 0 }

// apply executes one command. It reports whether the command was a cut.
func (p *paper) apply(o op) (cut bool) {
	switch o.kind {
	case opText:
		p.text(o.data)
	case opLF:
		p.flush(true)
		p.word('\n')
	case opTab:
		stop := 8 * cellW * p.wmul
		if x := (p.lineX/stop + 1) * stop; x <= p.dots {
			p.lineX = x
		}
	case opCancel:
		p.line, p.lineX = p.line[:0], 0
	case opInit:
		p.reset()
	case opBold:
		p.bold = o.a
	case opAlign:
		if o.a <= 2 {
			p.align = o.a
		}
	case opMode:
		p.bold = o.a >> 3 & 1
		p.hmul = 1 + o.a>>4&1
		p.wmul = 1 + o.a>>5&1
		p.underline = o.a >> 7 & 1
	case opUnderline:
		p.underline = min(o.a, 2)
	case opSize:
		p.wmul, p.hmul = 1+(o.a>>4&7), 1+(o.a&7)
	case opFeedLines:
		p.flush(false)
		p.feed(o.a * p.spacing)
	case opFeedDots:
		p.flush(false)
		p.feed(o.a)
	case opSpacing:
		if o.a < 0 {
			p.spacing = defaultSpacing
		} else {
			p.spacing = o.a
		}
	case opChinese:
		p.chinese = o.a == 1
	case opQR:
		p.qr(o.data)
	case opBarHeight:
		if o.a > 0 {
			p.barH = o.a
		}
	case opBarWidth:
		if o.a >= 1 && o.a <= 6 {
			p.barW = o.a
		}
	case opBarHRI:
		p.hri = o.a
	case opBarcode:
		p.flush(false)
		p.barcode(o.a, o.data)
	case opRaster:
		p.flush(false)
		p.raster(o.a, o.b, o.c, o.data)
	case opCut:
		p.flush(false)
		return true
	}
	return false
}

// text lays out printable bytes on the line buffer.
func (p *paper) text(b []byte) {
	for i := 0; i < len(b); {
		c := b[i]
		n, wide, r := 1, false, rune(c)
		switch {
		case c < 0x80:
		case p.chinese && c >= 0x81 && c <= 0xFE:
			n = gbLen(b[i:])
			if n <= 1 {
				n, r = 1, '?'
				break
			}
			wide = true
			r = 0xFFFD
			if s, err := p.dec.Bytes(b[i : i+n]); err == nil && len(s) > 0 {
				r = []rune(string(s))[0]
			}
		default:
			r = '?'
		}
		i += n
		p.word(r)
		p.put(p.fonts.glyph(r, wide))
	}
}

// put adds a glyph at the current size and style, wrapping the line when
// it does not fit.
func (p *paper) put(g *receipt.Raster) {
	g = style(g, p.wmul, p.hmul, p.bold == 1, p.underline > 0)
	if p.lineX+g.W > p.dots {
		p.flush(true)
	}
	if len(p.line) == 0 {
		p.lineAlign = p.align
	}
	p.line = append(p.line, placed{x: p.lineX, g: g})
	p.lineX += g.W
}

// style scales a cell by w×h and emboldens (a second strike one dot to the
// right) or underlines it.
func style(g *receipt.Raster, w, h int, bold, underline bool) *receipt.Raster {
	if w == 1 && h == 1 && !bold && !underline {
		return g
	}
	out := receipt.NewRaster(g.W*w, g.H*h)
	for y := 0; y < out.H; y++ {
		for x := 0; x < out.W; x++ {
			if g.Black(x/w, y/h) || (bold && x > 0 && g.Black((x-1)/w, y/h)) {
				out.Set(x, y)
			}
		}
	}
	if underline {
		for x := 0; x < out.W; x++ {
			out.Set(x, out.H-1)
		}
	}
	return out
}

// flush prints the line buffer. With lf, an empty line still feeds one
// line of paper.
func (p *paper) flush(lf bool) {
	if len(p.line) == 0 {
		if lf {
			p.feed(p.spacing)
		}
		return
	}
	lineH := 0
	for _, pl := range p.line {
		lineH = max(lineH, pl.g.H)
	}
	shift := p.offset(p.lineAlign, p.lineX)
	top := p.h
	p.grow(top + max(lineH, p.spacing))
	for _, pl := range p.line {
		p.blit(shift+pl.x, top+lineH-pl.g.H, pl.g)
	}
	p.line, p.lineX = p.line[:0], 0
}

// offset is where a block w dots wide starts under alignment a.
func (p *paper) offset(a, w int) int {
	switch a {
	case 1:
		return max(0, (p.dots-w)/2)
	case 2:
		return max(0, p.dots-w)
	}
	return 0
}

// feed advances the paper by n dots.
func (p *paper) feed(n int) { p.grow(p.h + n) }

// grow makes the paper h dots long, at most twice maxRows: a single
// command cannot make the simulator allocate without bound (the machine
// cuts a receipt longer than maxRows).
func (p *paper) grow(h int) {
	h = min(h, 2*maxRows)
	if h <= p.h {
		return
	}
	p.printed += h - p.h
	need := h * p.stride
	if need > cap(p.pix) {
		np := make([]byte, need, need*2)
		copy(np, p.pix)
		p.pix = np
	} else {
		// Reused paper must come out blank: the rows past the old end
		// still hold the previous receipt.
		old := len(p.pix)
		p.pix = p.pix[:need]
		clear(p.pix[old:])
	}
	p.h = h
}

// set burns the dot at (x, y) if it is on the paper.
func (p *paper) set(x, y int) {
	if x < 0 || y < 0 || x >= p.dots || y >= p.h {
		return
	}
	p.pix[y*p.stride+x/8] |= 0x80 >> (x % 8)
}

func (p *paper) blit(x0, y0 int, g *receipt.Raster) {
	for y := 0; y < g.H; y++ {
		for x := 0; x < g.W; x++ {
			if g.Black(x, y) {
				p.set(x0+x, y0+y)
			}
		}
	}
}

// raster draws a GS v 0 image; m 1/3 doubles the width, 2/3 the height.
func (p *paper) raster(m, xBytes, rows int, data []byte) {
	if xBytes == 0 || rows == 0 {
		return
	}
	wm, hm := 1, 1
	if m == 1 || m == 3 || m == 49 || m == 51 {
		wm = 2
	}
	if m == 2 || m == 3 || m == 50 || m == 51 {
		hm = 2
	}
	w := xBytes * 8
	x0 := p.offset(p.align, w*wm)
	top := p.h
	p.grow(top + rows*hm)
	for y := 0; y < rows*hm; y++ {
		row := data[(y/hm)*xBytes : (y/hm+1)*xBytes]
		for x := 0; x < w*wm; x++ {
			sx := x / wm
			if row[sx/8]&(0x80>>(sx%8)) != 0 {
				p.set(x0+x, top+y)
			}
		}
	}
}

// qr handles GS ( k for cn = 49 (QR code).
func (p *paper) qr(d []byte) {
	if len(d) < 2 || d[0] != 49 {
		return
	}
	switch d[1] {
	case 67:
		if len(d) >= 3 && d[2] >= 1 && d[2] <= 16 {
			p.qrSize = int(d[2])
		}
	case 69:
		if len(d) >= 3 {
			switch d[2] {
			case 48:
				p.qrLevel = qrcode.Low
			case 49:
				p.qrLevel = qrcode.Medium
			case 50:
				p.qrLevel = qrcode.High
			case 51:
				p.qrLevel = qrcode.Highest
			}
		}
	case 80:
		if len(d) >= 3 {
			p.qrData = append(p.qrData[:0], d[3:]...)
		}
	case 81:
		p.flush(false)
		p.printQR()
	}
}

func (p *paper) printQR() {
	if len(p.qrData) == 0 {
		return
	}
	q, err := qrcode.New(string(p.qrData), p.qrLevel)
	if err != nil {
		p.missing = append(p.missing, "QR code: "+err.Error())
		return
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	n := len(bm) * p.qrSize
	if n > p.dots {
		p.missing = append(p.missing, "QR code wider than the paper")
		return
	}
	x0 := p.offset(p.align, n)
	top := p.h
	p.grow(top + n)
	for my, row := range bm {
		for mx, dark := range row {
			if !dark {
				continue
			}
			for y := 0; y < p.qrSize; y++ {
				for x := 0; x < p.qrSize; x++ {
					p.set(x0+mx*p.qrSize+x, top+my*p.qrSize+y)
				}
			}
		}
	}
}

// barcode draws a CODE128 symbol (GS k 73) with its text below when GS H
// asks for it. Other symbologies are noted as missing.
func (p *paper) barcode(m int, data []byte) {
	if m != 73 {
		p.missing = append(p.missing, "barcode type not simulated")
		return
	}
	modules, text, ok := code128Modules(data)
	if !ok {
		p.missing = append(p.missing, "CODE128 data not valid")
		return
	}
	w := len(modules) * p.barW
	if w > p.dots {
		p.missing = append(p.missing, "barcode wider than the paper")
		return
	}
	x0 := p.offset(p.align, w)
	if p.hri == 1 || p.hri == 3 {
		p.hriLine(text)
	}
	top := p.h
	p.grow(top + p.barH)
	for i, dark := range modules {
		if !dark {
			continue
		}
		for x := 0; x < p.barW; x++ {
			for y := 0; y < p.barH; y++ {
				p.set(x0+i*p.barW+x, top+y)
			}
		}
	}
	if p.hri == 2 || p.hri == 3 {
		p.hriLine(text)
	}
}

// hriLine prints the human-readable text of a barcode, centred like it.
func (p *paper) hriLine(text string) {
	w := len(text) * cellW
	x0 := p.offset(p.align, w)
	top := p.h
	p.grow(top + cellH + 4)
	for i, r := range []byte(text) {
		p.blit(x0+i*cellW, top+2, p.fonts.glyph(rune(r), false))
	}
}

// take returns the printed paper as an image of the whole paper width
// (margins included) and starts a new receipt.
func (p *paper) take(paperDots int) *image.Paletted {
	left := (paperDots - p.dots) / 2
	h := topMargin + p.h + cutMargin
	img := image.NewPaletted(image.Rect(0, 0, paperDots, h), color.Palette{color.Gray{Y: 0xFF}, color.Gray{Y: 0}})
	for y := 0; y < p.h; y++ {
		row := p.pix[y*p.stride : (y+1)*p.stride]
		off := img.PixOffset(left, topMargin+y)
		for x := 0; x < p.dots; x++ {
			if row[x/8]&(0x80>>(x%8)) != 0 {
				img.Pix[off+x] = 1
			}
		}
	}
	p.pix, p.h = p.pix[:0], 0
	return img
}
