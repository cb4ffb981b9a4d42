package receipt

import (
	"errors"
	"fmt"
	"strings"
)

// Align is a line justification (ESC a).
type Align byte

// The three justifications.
const (
	Left   Align = 0
	Center Align = 1
	Right  Align = 2
)

// CutKind chooses how GS V cuts the paper.
type CutKind byte

const (
	// PartialCut leaves a hinge so the receipt hangs from the printer until
	// taken; every cutter supports it.
	PartialCut CutKind = 'B' // GS V 66 n
	// FullCut separates the receipt. Some 58 mm mechanisms cannot do it and
	// cut partially instead.
	FullCut CutKind = 'A' // GS V 65 n
)

// ESC/POS control bytes.
const (
	esc = 0x1B
	gs  = 0x1D
	fs  = 0x1C
	dle = 0x10
	eot = 0x04
	lf  = 0x0A
)

// Doc is an ESC/POS document under construction. Methods append whole
// commands and return the Doc, so calls chain; the first error is kept and
// later calls become no-ops (see Err). A Doc is not safe for concurrent use.
type Doc struct {
	width  Width
	enc    *encoder
	buf    []byte
	marks  []int // offsets where a command starts: safe points for DLE EOT
	repl   []Replacement
	err    error
	wmul   int
	hmul   int
	images int
}

// NewDoc starts an empty document for paper of width w and a printer with
// the usual GB18030 font. Call Init first unless the printer is known to be
// in its power-on state.
func NewDoc(w Width) *Doc { return NewDocFont(w, FontGB18030) }

// NewDocFont is NewDoc for a printer whose Chinese font is f.
func NewDocFont(w Width, f Font) *Doc {
	d := &Doc{width: w, enc: newEncoder(f), wmul: 1, hmul: 1, buf: make([]byte, 0, 1024)}
	if !w.Valid() {
		d.err = fmt.Errorf("receipt: paper width %d mm: want 58 or 80", int(w))
	}
	return d
}

// Width is the paper width the document was laid out for.
func (d *Doc) Width() Width { return d.width }

// Bytes returns the document's bytes. The slice is the Doc's own: do not
// modify it.
func (d *Doc) Bytes() []byte { return d.buf }

// Len is the number of bytes the document sends.
func (d *Doc) Len() int { return len(d.buf) }

// Err returns the first error met while building (bad argument, QR data too
// long, image too large), or nil. A Doc with an error is never printed.
func (d *Doc) Err() error { return d.err }

// Replaced lists the characters that could not be printed as given, in
// order. They were printed as MissingGlyph or BadChar.
func (d *Doc) Replaced() []Replacement { return d.repl }

// Columns is the number of columns in a line at the current character size.
func (d *Doc) Columns() int { return d.width.Dots() / (cellWidth * d.wmul) }

// cmd starts a command: records its offset as a safe point and appends b.
func (d *Doc) cmd(b ...byte) *Doc {
	if d.err != nil {
		return d
	}
	d.marks = append(d.marks, len(d.buf))
	d.buf = append(d.buf, b...)
	return d
}

func (d *Doc) fail(err error) *Doc {
	if d.err == nil {
		d.err = err
	}
	return d
}

// Init resets the printer (ESC @: modes back to default, buffer cleared)
// and selects Chinese mode (FS &) so text goes out as GB18030.
func (d *Doc) Init() *Doc {
	d.wmul, d.hmul = 1, 1
	return d.cmd(esc, '@', fs, '&')
}

// Align sets the justification of the following lines, images, QR codes and
// barcodes (ESC a n). It takes effect at the start of a line.
func (d *Doc) Align(a Align) *Doc {
	if a > Right {
		return d.fail(fmt.Errorf("receipt: align %d: want Left, Center or Right", a))
	}
	return d.cmd(esc, 'a', byte(a))
}

// Bold turns emphasised printing on or off (ESC E n).
func (d *Doc) Bold(on bool) *Doc {
	n := byte(0)
	if on {
		n = 1
	}
	return d.cmd(esc, 'E', n)
}

// Size sets the character size to w times the normal width and h times the
// normal height, each 1..8 (GS ! n). Size(1, 1) is normal; Size(2, 2) is
// double width and height.
func (d *Doc) Size(w, h int) *Doc {
	if w < 1 || w > 8 || h < 1 || h > 8 {
		return d.fail(fmt.Errorf("receipt: character size %dx%d: want 1..8 each", w, h))
	}
	if d.err != nil {
		return d
	}
	d.wmul, d.hmul = w, h
	return d.cmd(gs, '!', byte((w-1)<<4|(h-1)))
}

// LF ends the current line (prints it and feeds one line).
func (d *Doc) LF() *Doc { return d.cmd(lf) }

// Feed prints what is pending and feeds n more lines (ESC d n), 0..255.
func (d *Doc) Feed(n int) *Doc {
	if n < 0 || n > 255 {
		return d.fail(fmt.Errorf("receipt: feed %d lines: want 0..255", n))
	}
	return d.cmd(esc, 'd', byte(n))
}

// Text appends text in the current style. A "\n" ends a line (LF). Text
// that does not fit on the line is wrapped by the printer; use Wrap or Line
// to break it at sensible places instead.
func (d *Doc) Text(s string) *Doc {
	if d.err != nil {
		return d
	}
	for i, part := range strings.Split(s, "\n") {
		if i > 0 {
			d.LF()
		}
		if part == "" {
			continue
		}
		d.marks = append(d.marks, len(d.buf))
		d.buf, d.repl = d.enc.appendText(d.buf, part, d.repl)
	}
	return d
}

// Line appends s and ends the line.
func (d *Doc) Line(s string) *Doc { return d.Text(s).LF() }

// Cut feeds the paper to the cutter and cuts it (GS V 66 0 or GS V 65 0),
// ending one receipt.
func (d *Doc) Cut(k CutKind) *Doc {
	if k != PartialCut && k != FullCut {
		return d.fail(errors.New("receipt: cut: want PartialCut or FullCut"))
	}
	return d.cmd(gs, 'V', byte(k), 0)
}
