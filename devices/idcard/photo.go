package idcard

import (
	"errors"
	"fmt"
	"image"
)

// ErrNoPhoto is returned by NoPhoto: the WLT photo format needs a
// proprietary decoder (ZKTeco WLTService.wlt2Bmp, wltrs.dll, libwlt2bmp;
// research/devices.md §1 "The WLT photo needs a proprietary decoder").
var ErrNoPhoto = errors.New("no photo decoder installed")

// PhotoDecoder turns the raw WLT photo of a card into an image (102×126,
// 24-bit on every vendor decoder seen). A vendor implementation (cgo or
// dlopen of the module maker's library) can be plugged in; the kiosk works
// without one because the portal matches faces from the raw bytes.
type PhotoDecoder interface {
	DecodeWLT(wlt []byte) (image.Image, error)
}

// NoPhoto is the default PhotoDecoder: it decodes nothing and says so.
type NoPhoto struct{}

// DecodeWLT always returns ErrNoPhoto.
func (NoPhoto) DecodeWLT([]byte) (image.Image, error) {
	return nil, fmt.Errorf("idcard: decode photo: %w", ErrNoPhoto)
}

var _ PhotoDecoder = NoPhoto{}
