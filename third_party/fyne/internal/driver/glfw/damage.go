package glfw

// hallkiosk patch: redraw only what changed.
//
// Fyne clears and redraws the whole window for every frame. Under software
// GL (Mesa llvmpipe, what a kiosk PC without a GPU driver runs) a full
// 1920x1080 frame costs 10-20 ms of CPU, so a blinking cursor, a clock, a
// hopping arrow or a camera preview kept a core busy. Where the window can
// show part of its back buffer (GLX_MESA_copy_sub_buffer, see present_x11.go)
// the back buffer always holds the whole last frame, and a frame redraws
// and shows only the rectangles that changed: where an object appeared,
// disappeared, moved or was resized (found by comparing where each object
// was painted with the last frame), and where an object was refreshed.

import (
	"hash/maphash"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/internal"
	"fyne.io/fyne/v2/internal/driver"
	"fyne.io/fyne/v2/internal/driver/common"
	"fyne.io/fyne/v2/layout"
)

// damageMaxRects is how many separate rectangles a frame redraws before
// they are merged into fewer, larger ones.
const damageMaxRects = 4

// damageFullShare is the share of the window above which a frame is
// simply redrawn whole.
const damageFullShare = 0.6

// damagePad is how far, in canvas units, a damaged area reaches beyond the
// object's bounds: strokes, antialiasing and line caps draw a little
// outside.
const damagePad = 4

// rectF is an area of the canvas in canvas units.
type rectF struct{ x0, y0, x1, y1 float32 }

func (r rectF) empty() bool { return r.x1 <= r.x0 || r.y1 <= r.y0 }

func (r rectF) union(o rectF) rectF {
	if r.empty() {
		return o
	}
	if o.empty() {
		return r
	}
	return rectF{minF(r.x0, o.x0), minF(r.y0, o.y0), maxF(r.x1, o.x1), maxF(r.y1, o.y1)}
}

func (r rectF) intersects(o rectF) bool {
	return r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1
}

func (r rectF) intersect(o rectF) rectF {
	return rectF{maxF(r.x0, o.x0), maxF(r.y0, o.y0), minF(r.x1, o.x1), minF(r.y1, o.y1)}
}

func (r rectF) area() float32 {
	if r.empty() {
		return 0
	}
	return (r.x1 - r.x0) * (r.y1 - r.y0)
}

// damageTracker remembers where each object was painted in the last frame,
// and how the objects whose look it can tell looked.
type damageTracker struct {
	prev, cur           map[fyne.CanvasObject]painted
	prevLooks, curLooks map[uint64]int // how many objects painted each look (by its hash)
	seed                maphash.Seed
	valid               bool // prev describes what the back buffer holds
	lastSize            fyne.Size
	lastScale           float32
	rects               []rectF
}

// look is what a text, rectangle, line or circle paints, all of it
// following from its fields, its place and its clip: two objects with the
// same look paint the same pixels. A screen built again from new objects
// mostly repeats the looks of the last one (its header, its buttons), and
// only what looks different is redrawn.
type look struct {
	kind            uint8
	pos             fyne.Position
	size            fyne.Size
	clip            rectF
	text, font      string
	textSize, width float32
	style           fyne.TextStyle
	align           fyne.TextAlign
	fill, stroke    [4]uint32
	radius          [5]float32
	aspect          float32
	end1, end2      fyne.Position
}

// rgba is c as comparable values; nil is transparent.
func rgba(c color.Color) [4]uint32 {
	if c == nil {
		return [4]uint32{}
	}
	r, g, b, a := c.RGBA()
	return [4]uint32{r, g, b, a}
}

// drawsNothing reports whether obj leaves every pixel as it was: a layout
// spacer, or a rectangle whose fill and stroke are fully transparent (a
// spacer with a size). A screen built again makes new ones; judged as
// objects, each would damage the area it spans.
func drawsNothing(obj fyne.CanvasObject) bool {
	switch o := obj.(type) {
	case *layout.Spacer:
		return true
	case *canvas.Rectangle:
		return rgba(o.FillColor)[3] == 0 && (o.StrokeWidth <= 0 || rgba(o.StrokeColor)[3] == 0)
	}
	return false
}

// lookOf is the look of obj painted at pos within clip, if its kind has
// one.
func lookOf(obj fyne.CanvasObject, pos fyne.Position, clip *rectF) (look, bool) {
	l := look{pos: pos, size: obj.Size()}
	if clip != nil {
		l.clip = *clip
	}
	switch o := obj.(type) {
	case *canvas.Text:
		l.kind, l.text, l.textSize, l.style, l.align = 1, o.Text, o.TextSize, o.TextStyle, o.Alignment
		l.fill = rgba(o.Color)
		if o.FontSource != nil {
			l.font = o.FontSource.Name()
		}
	case *canvas.Rectangle:
		l.kind, l.width, l.aspect = 2, o.StrokeWidth, o.Aspect
		l.fill, l.stroke = rgba(o.FillColor), rgba(o.StrokeColor)
		l.radius = [5]float32{o.CornerRadius, o.TopRightCornerRadius, o.TopLeftCornerRadius, o.BottomRightCornerRadius, o.BottomLeftCornerRadius}
	case *canvas.Line:
		l.kind, l.width, l.end1, l.end2 = 3, o.StrokeWidth, o.Position1, o.Position2
		l.stroke = rgba(o.StrokeColor)
	case *canvas.Circle:
		l.kind, l.width, l.end1, l.end2 = 4, o.StrokeWidth, o.Position1, o.Position2
		l.fill, l.stroke = rgba(o.FillColor), rgba(o.StrokeColor)
	default:
		return look{}, false
	}
	return l, true
}

// painted is where an object was painted and, for the kinds that have
// one, the hash of its look (cheaper to keep and count than the look).
type painted struct {
	r       rectF
	look    uint64
	hasLook bool
}

// sameLookPainted reports whether the last frame painted the look with
// hash h as many times as this one: then the pixels where it lies are the
// same.
func (d *damageTracker) sameLookPainted(h uint64) bool {
	return d.prevLooks[h] == d.curLooks[h]
}

// paintedRect is the area obj covers on screen, clipped to clip.
func paintedRect(obj fyne.CanvasObject, pos fyne.Position, clip *rectF) rectF {
	size := obj.Size()
	x0, y0 := pos.X, pos.Y
	x1, y1 := pos.X+size.Width, pos.Y+size.Height
	if t, ok := obj.(*canvas.Text); ok { // text may be wider than its box
		m := t.MinSize()
		if dw := m.Width - size.Width; dw > 0 {
			x0, x1 = x0-dw, x1+dw
		}
		if dh := m.Height - size.Height; dh > 0 {
			y0, y1 = y0-dh, y1+dh
		}
	}
	pad := float32(damagePad)
	if l, ok := obj.(*canvas.Line); ok {
		pad += l.StrokeWidth
	}
	r := rectF{x0 - pad, y0 - pad, x1 + pad, y1 + pad}
	if clip != nil {
		r = r.intersect(*clip)
	}
	return r
}

// damage works out what the next frame of c must redraw, in canvas units:
// nil for the whole canvas, an empty slice when nothing visible changed.
func (d *damageTracker) damage(c *glCanvas, size fyne.Size) []rectF {
	full, refreshed := c.TakeDamage()
	if d.cur == nil {
		d.cur, d.prev = map[fyne.CanvasObject]painted{}, map[fyne.CanvasObject]painted{}
		d.curLooks, d.prevLooks = map[uint64]int{}, map[uint64]int{}
		d.seed = maphash.MakeSeed()
	}
	d.prev, d.cur = d.cur, d.prev
	d.prevLooks, d.curLooks = d.curLooks, d.prevLooks
	for k := range d.cur {
		delete(d.cur, k)
	}
	for k := range d.curLooks {
		delete(d.curLooks, k)
	}
	clips := &internal.ClipStack{}
	c.WalkTrees(func(node *common.RenderCacheNode, pos fyne.Position) {
		obj := node.Obj()
		if driver.IsClip(obj) {
			clips.Push(pos, obj.Size())
		}
		var clip *rectF
		if top := clips.Top(); top != nil {
			p, s := top.Rect()
			clip = &rectF{p.X, p.Y, p.X + s.Width, p.Y + s.Height}
		}
		switch obj.(type) {
		case *fyne.Container, fyne.Widget: // draw nothing themselves
		default:
			if drawsNothing(obj) {
				break // wherever it lies, no pixel changes
			}
			p := painted{r: paintedRect(obj, pos, clip)}
			if l, ok := lookOf(obj, pos, clip); ok {
				p.look, p.hasLook = maphash.Comparable(d.seed, l), true
				d.curLooks[p.look]++
			}
			d.cur[obj] = p
		}
	}, func(node *common.RenderCacheNode, _ fyne.Position) {
		if driver.IsClip(node.Obj()) {
			clips.Pop()
		}
	})

	if full || !d.valid || size != d.lastSize || c.Scale() != d.lastScale {
		d.lastSize, d.lastScale = size, c.Scale()
		return nil
	}
	d.rects = d.rects[:0]
	// An object with a look damages where it lies only when the last
	// frame did not paint that look there as often; a refresh of it
	// changes nothing when its look stayed. Other objects damage where
	// they appeared, disappeared, moved or were refreshed.
	for obj, c := range d.cur {
		if c.hasLook {
			if !d.sameLookPainted(c.look) {
				d.add(c.r)
			}
			continue
		}
		if p, ok := d.prev[obj]; !ok {
			d.add(c.r)
		} else if p.r != c.r {
			d.add(p.r)
			d.add(c.r)
		}
	}
	for obj, p := range d.prev {
		if p.hasLook {
			if !d.sameLookPainted(p.look) {
				d.add(p.r)
			}
			continue
		}
		if _, ok := d.cur[obj]; !ok {
			d.add(p.r)
		}
	}
	for _, obj := range refreshed {
		driver.WalkCompleteObjectTree(obj, func(o fyne.CanvasObject, _, _ fyne.Position, _ fyne.Size) bool {
			c, inCur := d.cur[o]
			if inCur && c.hasLook {
				return false // judged by its look above
			}
			if inCur {
				d.add(c.r)
			}
			if p, ok := d.prev[o]; ok {
				d.add(p.r)
			}
			return false
		}, nil)
	}
	for i := range refreshed {
		refreshed[i] = nil // the slice is reused: let go of what it held
	}
	whole := rectF{0, 0, size.Width, size.Height}
	var total float32
	out := d.rects[:0]
	for _, r := range d.rects {
		if r = r.intersect(whole); !r.empty() {
			out = append(out, r)
			total += r.area()
		}
	}
	d.rects = out
	if total > damageFullShare*whole.area() {
		return nil
	}
	return d.rects
}

// add adds r to the damaged rectangles, merging it into one it overlaps or,
// beyond damageMaxRects, into the one it grows least.
func (d *damageTracker) add(r rectF) {
	if r.empty() {
		return
	}
	for i := 0; i < len(d.rects); i++ {
		if d.rects[i].intersects(r) {
			r = r.union(d.rects[i])
			d.rects = append(d.rects[:i], d.rects[i+1:]...)
			i = -1 // the grown rectangle may now overlap others
		}
	}
	if len(d.rects) < damageMaxRects {
		d.rects = append(d.rects, r)
		return
	}
	best, growth := 0, float32(math.MaxFloat32)
	for i, o := range d.rects {
		if g := o.union(r).area() - o.area(); g < growth {
			best, growth = i, g
		}
	}
	d.rects[best] = d.rects[best].union(r)
}

// painted records that the back buffer now holds the frame just drawn;
// invalidate that it holds something else (a frame shown by swapping).
func (d *damageTracker) painted()    { d.valid = true }
func (d *damageTracker) invalidate() { d.valid = false }

// pixels converts r to a rectangle of the framebuffer, in GL window
// coordinates (origin at the bottom left), grown to whole pixels.
func pixels(r rectF, pixScale float32, fbWidth, fbHeight int) (x, y, w, h int32) {
	x0 := int32(math.Floor(float64(r.x0*pixScale))) - 1
	y0 := int32(math.Floor(float64(r.y0*pixScale))) - 1
	x1 := int32(math.Ceil(float64(r.x1*pixScale))) + 1
	y1 := int32(math.Ceil(float64(r.y1*pixScale))) + 1
	x0, y0 = maxInt32(x0, 0), maxInt32(y0, 0)
	x1, y1 = minInt32(x1, int32(fbWidth)), minInt32(y1, int32(fbHeight))
	if x1 <= x0 || y1 <= y0 {
		return 0, 0, 0, 0
	}
	return x0, int32(fbHeight) - y1, x1 - x0, y1 - y0
}

func minF(a, b float32) float32 {
	if a < b {
		return a
	}
	return b
}

func maxF(a, b float32) float32 {
	if a > b {
		return a
	}
	return b
}

func minInt32(a, b int32) int32 {
	if a < b {
		return a
	}
	return b
}

func maxInt32(a, b int32) int32 {
	if a > b {
		return a
	}
	return b
}
