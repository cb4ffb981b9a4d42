//go:build !linux || wayland || wasm || test_web_driver

package glfw

// hallkiosk patch: without GLX every frame is drawn and swapped whole.
type subBufferPresenter struct{}

func newSubBufferPresenter(any) *subBufferPresenter { return nil }

func (p *subBufferPresenter) present(x, y, w, h int32) {}
