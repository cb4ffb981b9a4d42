// Package gl provides a full Fyne render implementation using system OpenGL libraries.
package gl

import (
	"fmt"
	"image"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/internal/driver"
	"fyne.io/fyne/v2/theme"
)

// Painter defines the functionality of our OpenGL based renderer
type Painter interface {
	// Init tell a new painter to initialise, usually called after a context is available
	Init()
	// Capture requests that the specified canvas be drawn to an in-memory image
	Capture(fyne.Canvas) image.Image
	// Clear tells our painter to prepare a fresh paint
	Clear()
	// Free is used to indicate that a certain canvas object is no longer needed
	Free(fyne.CanvasObject)
	// Paint a single fyne.CanvasObject but not its children.
	Paint(fyne.CanvasObject, fyne.Position, fyne.Size)
	// SetFrameBufferScale tells us when we have more than 1 framebuffer pixel for each output pixel
	SetFrameBufferScale(float32)
	// SetOutputSize is used to change the resolution of our output viewport
	SetOutputSize(int, int)
	// StartClipping tells us that the following paint actions should be clipped to the specified area.
	StartClipping(fyne.Position, fyne.Size)
	// StopClipping stops clipping paint actions.
	StopClipping()
	// SetBaseClip limits Clear and every paint action that follows to the
	// pixel rectangle x, y, w, h (GL window coordinates, origin at the bottom
	// left), on top of any clipping; w or h 0 removes the limit. The driver
	// uses it to redraw only the part of a frame that changed (hallkiosk
	// patch).
	SetBaseClip(x, y, w, h int32)
}

// NewPainter creates a new GL based renderer for the provided canvas.
// If it is a master painter it will also initialise OpenGL
func NewPainter(c fyne.Canvas, ctx driver.WithContext) Painter {
	p := &painter{canvas: c, contextProvider: ctx}
	p.plain = os.Getenv("FYNE_PLAIN_PAINT") == "1" // hallkiosk patch
	p.SetFrameBufferScale(1.0)
	return p
}

type painter struct {
	canvas                fyne.Canvas
	ctx                   context
	contextProvider       driver.WithContext
	program               ProgramState
	lineProgram           ProgramState
	rectangleProgram      ProgramState
	roundRectangleProgram ProgramState
	polygonProgram        ProgramState
	arcProgram            ProgramState
	texScale              float32
	pixScale              float32 // pre-calculate scale*texScale for each draw

	// hallkiosk patch: the base clip (SetBaseClip), in pixels, and the
	// scissor in force (drawOblong draws parts of a shape within it).
	base      [4]int32
	baseOn    bool
	scissor   [4]int32
	scissorOn bool
	// plain draws shapes as upstream does, in one piece and blended
	// (FYNE_PLAIN_PAINT=1): the check that patches 4 and 5 change no pixel.
	plain bool
}

type ProgramState struct {
	ref        Program
	buff       Buffer
	uniforms   map[string]*UniformState
	attributes map[string]Attribute
}

type UniformState struct {
	ref  Uniform
	prev [4]float32
}

func (p *painter) SetUniform1f(pState ProgramState, name string, v float32) {
	u := pState.uniforms[name]
	if u.prev[0] == v {
		return
	}
	u.prev[0] = v
	p.ctx.Uniform1f(u.ref, v)
}

func (p *painter) SetUniform2f(pState ProgramState, name string, v0, v1 float32) {
	u := pState.uniforms[name]
	if u.prev[0] == v0 && u.prev[1] == v1 {
		return
	}
	u.prev[0] = v0
	u.prev[1] = v1
	p.ctx.Uniform2f(u.ref, v0, v1)
}

func (p *painter) SetUniform4f(pState ProgramState, name string, v0, v1, v2, v3 float32) {
	u := pState.uniforms[name]
	if u.prev[0] == v0 && u.prev[1] == v1 && u.prev[2] == v2 && u.prev[3] == v3 {
		return
	}
	u.prev[0] = v0
	u.prev[1] = v1
	u.prev[2] = v2
	u.prev[3] = v3
	p.ctx.Uniform4f(u.ref, v0, v1, v2, v3)
}

func (p *painter) UpdateVertexArray(pState ProgramState, name string, size, stride, offset int) {
	a := pState.attributes[name]

	p.ctx.VertexAttribPointerWithOffset(a, size, float, false, stride*floatSize, offset*floatSize)
	p.logError()
}

// Declare conformity to Painter interface
var _ Painter = (*painter)(nil)

func (p *painter) Clear() {
	if p.baseOn { // hallkiosk patch: clear only the part being redrawn
		p.setScissor(p.base[0], p.base[1], p.base[2], p.base[3])
	}
	r, g, b, a := theme.Color(theme.ColorNameBackground).RGBA()
	p.ctx.ClearColor(float32(r)/max16bit, float32(g)/max16bit, float32(b)/max16bit, float32(a)/max16bit)
	p.ctx.Clear(bitColorBuffer) // hallkiosk patch: no depth test is ever on; on llvmpipe clearing the depth of a Z24S8 buffer is a masked loop over every pixel
	p.logError()
}

func (p *painter) Free(obj fyne.CanvasObject) {
	p.freeTexture(obj)
}

func (p *painter) Paint(obj fyne.CanvasObject, pos fyne.Position, frame fyne.Size) {
	if obj.Visible() {
		p.drawObject(obj, pos, frame)
	}
}

func (p *painter) SetFrameBufferScale(scale float32) {
	p.texScale = scale
	p.pixScale = p.canvas.Scale() * p.texScale
}

func (p *painter) SetOutputSize(width, height int) {
	p.ctx.Viewport(0, 0, width, height)
	p.logError()
}

func (p *painter) StartClipping(pos fyne.Position, size fyne.Size) {
	x := p.textureScale(pos.X)
	y := p.textureScale(p.canvas.Size().Height - pos.Y - size.Height)
	w := p.textureScale(size.Width)
	h := p.textureScale(size.Height)
	x0, y0, x1, y1 := int32(x), int32(y), int32(x)+int32(w), int32(y)+int32(h)
	if p.baseOn { // hallkiosk patch: stay within the base clip
		x0, y0 = maxInt32(x0, p.base[0]), maxInt32(y0, p.base[1])
		x1, y1 = minInt32(x1, p.base[0]+p.base[2]), minInt32(y1, p.base[1]+p.base[3])
	}
	p.setScissor(x0, y0, maxInt32(x1-x0, 0), maxInt32(y1-y0, 0))
}

func (p *painter) StopClipping() {
	if p.baseOn { // hallkiosk patch: back to the base clip
		p.setScissor(p.base[0], p.base[1], p.base[2], p.base[3])
		return
	}
	p.scissorOn = false
	p.ctx.Disable(scissorTest)
	p.logError()
}

// setScissor limits drawing to a pixel rectangle and remembers it
// (hallkiosk patch).
func (p *painter) setScissor(x, y, w, h int32) {
	p.scissor, p.scissorOn = [4]int32{x, y, w, h}, true
	p.ctx.Scissor(x, y, w, h)
	p.ctx.Enable(scissorTest)
	p.logError()
}

// within runs draw limited to the pixel rectangle x0, y0 - x1, y1 (GL
// window coordinates) inside the scissor in force, then restores that
// scissor (hallkiosk patch).
func (p *painter) within(x0, y0, x1, y1 int32, draw func()) {
	if p.scissorOn {
		s := p.scissor
		x0, y0 = maxInt32(x0, s[0]), maxInt32(y0, s[1])
		x1, y1 = minInt32(x1, s[0]+s[2]), minInt32(y1, s[1]+s[3])
	}
	if x1 <= x0 || y1 <= y0 {
		return
	}
	p.ctx.Scissor(x0, y0, x1-x0, y1-y0)
	p.ctx.Enable(scissorTest)
	draw()
	if p.scissorOn {
		p.ctx.Scissor(p.scissor[0], p.scissor[1], p.scissor[2], p.scissor[3])
	} else {
		p.ctx.Disable(scissorTest)
	}
	p.logError()
}

// SetBaseClip limits what follows to a pixel rectangle (hallkiosk patch).
func (p *painter) SetBaseClip(x, y, w, h int32) {
	if w <= 0 || h <= 0 {
		p.baseOn, p.scissorOn = false, false
		p.ctx.Disable(scissorTest)
		p.logError()
		return
	}
	p.base, p.baseOn = [4]int32{x, y, w, h}, true
	p.setScissor(x, y, w, h)
}

func (p *painter) compileShader(source string, shaderType uint32) (Shader, error) {
	shader := p.ctx.CreateShader(shaderType)

	p.ctx.ShaderSource(shader, source)
	p.logError()
	p.ctx.CompileShader(shader)
	p.logError()

	info := p.ctx.GetShaderInfoLog(shader)
	if p.ctx.GetShaderi(shader, compileStatus) == glFalse {
		return noShader, fmt.Errorf("failed to compile OpenGL shader:\n%s\n>>> SHADER SOURCE\n%s\n<<< SHADER SOURCE", info, source)
	}

	// The info is probably a null terminated string.
	// An empty info has been seen as "\x00" or "\x00\x00".
	if len(info) > 0 && info != "\x00" && info != "\x00\x00" {
		fmt.Printf("OpenGL shader compilation output:\n%s\n>>> SHADER SOURCE\n%s\n<<< SHADER SOURCE\n", info, source)
	}

	return shader, nil
}

func (p *painter) createProgram(shaderFilename string) Program {
	// Why a switch over a filename?
	// Because this allows for a minimal change, once we reach Go 1.16 and use go:embed instead of
	// fyne bundle.
	vertexSrc, fragmentSrc := shaderSourceNamed(shaderFilename)
	if vertexSrc == nil {
		panic("shader not found: " + shaderFilename)
	}

	vertShader, err := p.compileShader(string(vertexSrc), vertexShader)
	if err != nil {
		panic(err)
	}
	fragShader, err := p.compileShader(string(fragmentSrc), fragmentShader)
	if err != nil {
		panic(err)
	}

	prog := p.ctx.CreateProgram()
	p.ctx.AttachShader(prog, vertShader)
	p.ctx.AttachShader(prog, fragShader)
	p.ctx.LinkProgram(prog)

	info := p.ctx.GetProgramInfoLog(prog)
	if p.ctx.GetProgrami(prog, linkStatus) == glFalse {
		panic(fmt.Errorf("failed to link OpenGL program:\n%s", info))
	}

	// The info is probably a null terminated string.
	// An empty info has been seen as "\x00" or "\x00\x00".
	if len(info) > 0 && info != "\x00" && info != "\x00\x00" {
		fmt.Printf("OpenGL program linking output:\n%s\n", info)
	}

	if glErr := p.ctx.GetError(); glErr != 0 {
		panic(fmt.Sprintf("failed to link OpenGL program; error code: %x", glErr))
	}

	p.ctx.UseProgram(prog)

	return prog
}

func (p *painter) logError() {
	logGLError(p.ctx.GetError)
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
