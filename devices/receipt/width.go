package receipt

import "fmt"

// Width is the paper width of a receipt printer in millimetres.
type Width int

// The two paper widths hall kiosks use.
const (
	// W58 is 58 mm paper: 384 printable dots, 32 columns of font A.
	W58 Width = 58
	// W80 is 80 mm paper: 576 printable dots, 48 columns of font A.
	W80 Width = 80
)

// Font A cell: 12 dots wide, 24 dots high. A multi-byte (Chinese) character
// takes two cells.
const (
	cellWidth  = 12
	cellHeight = 24
)

// ParseWidth accepts 58 or 80 (millimetres).
func ParseWidth(mm int) (Width, error) {
	switch Width(mm) {
	case W58, W80:
		return Width(mm), nil
	}
	return 0, fmt.Errorf("receipt: paper width %d mm: want 58 or 80", mm)
}

// Dots is the printable width in dots at 203 dpi.
func (w Width) Dots() int {
	if w == W58 {
		return 384
	}
	return 576
}

// PaperDots is the width of the whole paper in dots, margins included
// (8 dots per millimetre). Simulators draw the paper this wide.
func (w Width) PaperDots() int {
	if w == W58 {
		return 464
	}
	return 640
}

// Columns is the number of font A columns in a line at normal size.
func (w Width) Columns() int { return w.Dots() / cellWidth }

// Valid reports whether w is 58 or 80.
func (w Width) Valid() bool { return w == W58 || w == W80 }

// String formats the width as "58mm" or "80mm".
func (w Width) String() string { return fmt.Sprintf("%dmm", int(w)) }
