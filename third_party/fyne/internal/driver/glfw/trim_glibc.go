//go:build linux && !wasm && !test_web_driver

package glfw

// hallkiosk patch: see glCanvas.ForgetTextures.

/*
#include <malloc.h>
*/
import "C"

// releaseFreedMemory hands the C heap's free pages back to the system:
// freed textures leave holes in it that would otherwise stay resident.
func releaseFreedMemory() {
	C.malloc_trim(0)
}
