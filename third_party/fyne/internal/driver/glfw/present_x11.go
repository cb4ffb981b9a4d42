//go:build linux && !wayland && !wasm && !test_web_driver

package glfw

// hallkiosk patch: shows part of a window's back buffer (see damage.go).

/*
#cgo LDFLAGS: -lGL
#include <stdlib.h>
#include <string.h>
#include <GL/glx.h>

typedef void (*hallkioskCopySubBufferFn)(Display *, GLXDrawable, int, int, int, int);

static int hallkioskHasExtension(void *dpy, const char *name) {
	const char *exts = glXQueryExtensionsString((Display *)dpy, DefaultScreen((Display *)dpy));
	size_t n = strlen(name);
	while (exts && *exts) {
		const char *end = strchr(exts, ' ');
		size_t len = end ? (size_t)(end - exts) : strlen(exts);
		if (len == n && strncmp(exts, name, n) == 0) return 1;
		if (!end) break;
		exts = end + 1;
	}
	return 0;
}

static void *hallkioskCopySubBuffer(void) {
	return (void *)glXGetProcAddressARB((const GLubyte *)"glXCopySubBufferMESA");
}

static void hallkioskCallCopySubBuffer(void *fn, void *dpy, unsigned long drawable, int x, int y, int w, int h) {
	((hallkioskCopySubBufferFn)fn)((Display *)dpy, (GLXDrawable)drawable, x, y, w, h);
}
*/
import "C"

import (
	"os"
	"unsafe"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// subBufferPresenter copies rectangles of a window's back buffer to the
// screen with glXCopySubBufferMESA, leaving the back buffer as it was, so
// the next frame can redraw only what changed.
type subBufferPresenter struct {
	dpy      unsafe.Pointer
	drawable C.ulong
	fn       unsafe.Pointer
}

// newSubBufferPresenter returns nil when the window cannot show part of
// its back buffer (no GLX, no GLX_MESA_copy_sub_buffer), or when
// FYNE_FULL_REDRAW=1 asks for whole frames; frames are then swapped whole.
func newSubBufferPresenter(win *glfw.Window) *subBufferPresenter {
	if os.Getenv("FYNE_FULL_REDRAW") == "1" || win == nil {
		return nil
	}
	dpy := unsafe.Pointer(glfw.GetX11Display())
	if dpy == nil {
		return nil
	}
	name := C.CString("GLX_MESA_copy_sub_buffer")
	defer C.free(unsafe.Pointer(name))
	if C.hallkioskHasExtension(dpy, name) == 0 {
		return nil
	}
	drawable := C.ulong(win.GetGLXWindow())
	fn := C.hallkioskCopySubBuffer()
	if drawable == 0 || fn == nil {
		return nil
	}
	return &subBufferPresenter{dpy: dpy, drawable: drawable, fn: fn}
}

// present shows the pixel rectangle x, y, w, h (GL window coordinates).
func (p *subBufferPresenter) present(x, y, w, h int32) {
	C.hallkioskCallCopySubBuffer(p.fn, p.dpy, p.drawable, C.int(x), C.int(y), C.int(w), C.int(h))
}
