//go:build !linux || wasm || test_web_driver

package glfw

// releaseFreedMemory does nothing where the C library has no malloc_trim
// (hallkiosk patch).
func releaseFreedMemory() {}
