// Package reach works out which part of an upright kiosk screen a person
// in a wheelchair can touch: the reach zone where a screen puts its
// actions, keyboards and keypads (DESIGN.md "Look and feel").
//
// The figures are those of the ADA 2010 Standards §308.2.1 (unobstructed
// forward reach): nothing operable higher than 1220 mm or lower than
// 380 mm above the floor. The kiosk keeps a margin below the upper limit
// (TopMM) for the depth of the terminal's base.
package reach

// Reach figures, in millimetres above the floor.
const (
	// TopMM is the highest point the kiosk counts as within reach
	// (ADA §308.2.1 allows 1220 mm; 20 mm are kept for the base's depth).
	TopMM = 1200
	// BottomMM is the lowest point within reach (ADA §308.2.1: 380 mm).
	BottomMM = 380
)

// Mount is where an upright screen hangs: the height of the visible
// picture's lower edge above the floor and the picture's height, both in
// millimetres ([kiosk] screen_bottom_mm, screen_height_mm).
type Mount struct {
	BottomMM int
	HeightMM int
}

// Band is the reach zone of an upright screen, as fractions of its height
// measured from the top: an operable thing must lie between Top and
// Bottom (0 is the top edge, 1 the bottom edge).
type Band struct {
	Top, Bottom float32
}

// Of returns the band of a screen hung at m. A screen hung wholly out of
// reach still gets its lower fifth, so a layout never has nowhere to go;
// config validation keeps real mounts far from that.
func Of(m Mount) Band {
	if m.HeightMM <= 0 {
		return Band{Top: 0, Bottom: 1}
	}
	h := float32(m.HeightMM)
	frac := func(mm int) float32 { // distance from the top edge, as a fraction
		f := (float32(m.BottomMM+m.HeightMM) - float32(mm)) / h
		return min(max(f, 0), 1)
	}
	b := Band{Top: frac(TopMM), Bottom: frac(BottomMM)}
	if b.Bottom-b.Top < 0.2 {
		b = Band{Top: 0.8, Bottom: 1}
	}
	return b
}

// Contains reports whether the span y0..y1 of a screen h high lies within
// the band.
func (b Band) Contains(y0, y1, h float32) bool {
	return y0 >= b.Top*h-0.5 && y1 <= b.Bottom*h+0.5
}
