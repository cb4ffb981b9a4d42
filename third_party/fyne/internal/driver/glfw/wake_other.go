//go:build !linux || wayland || wasm || test_web_driver

package glfw

// hallkiosk patch: without an X connection to watch, the loop keeps
// Fyne's 60 Hz polling and never rests.
type xEventWaker struct {
	ready chan struct{}
	ack   chan struct{}
	dead  chan struct{}
}

func newEventWaker(done <-chan struct{}) *xEventWaker { return nil }
