package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"time"

	"hallkiosk/app/portal"
	"hallkiosk/devices"
	"hallkiosk/devices/camera"
	"hallkiosk/internal/privacy"
)

// IdentityPortal is the part of the portal that checks who a citizen is.
// *portal.Client satisfies it.
type IdentityPortal interface {
	StartIdentitySession(ctx context.Context, req portal.IdentityRequest) (portal.IdentitySession, error)
}

var _ IdentityPortal = (*portal.Client)(nil)

// Errors of the identity check, for the screens to put into words.
var (
	ErrNoCard       = errors.New("app: no ID card read yet")
	ErrFaceMismatch = errors.New("app: face does not match the card")
	// ErrNoIdentityCheck reports that this kiosk cannot check identity at
	// all (no portal for it): trying again cannot help.
	ErrNoIdentityCheck = errors.New("app: identity check not configured")
)

// Identity checks that the person at the kiosk is the card's holder: it
// takes a picture with the camera and asks the portal, which compares it
// with the authority's photo (the kiosk never decides identity itself).
type Identity struct {
	Session *Session
	Portal  IdentityPortal
	Camera  camera.Camera
	// Timeout bounds one check (camera and portal together).
	Timeout time.Duration
	// Frames is how many pictures are taken for one check (default 3);
	// the sharpest goes to the portal, the others are wiped at once.
	Frames int
}

// Ready reports, before the citizen tries, whether a check can work on
// this kiosk: camera.ErrNoCamera without a camera or while it is unplugged,
// ErrNoIdentityCheck without a portal (or without an Identity at all).
// A nil error does not promise success, only that trying makes sense.
func (id *Identity) Ready() error {
	switch {
	case id == nil:
		return ErrNoIdentityCheck
	case id.Camera == nil, id.Camera.Status().State == devices.NoDevice:
		return camera.ErrNoCamera
	case id.Portal == nil:
		return ErrNoIdentityCheck
	}
	return nil
}

// Verify runs the check for the current citizen and keeps the portal's
// identity token in the citizen's data. The picture is kept only in the
// citizen's data and goes with the wipe.
func (id *Identity) Verify(ctx context.Context) error {
	data := id.Session.Data()
	card := data.Card()
	if card == nil {
		return ErrNoCard
	}
	if id.Camera == nil {
		return camera.ErrNoCamera
	}
	if id.Portal == nil {
		return ErrNoIdentityCheck
	}
	timeout := id.Timeout
	if timeout <= 0 {
		timeout = 20 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	face, err := bestOf(ctx, id.Camera, id.Frames)
	if err != nil {
		return fmt.Errorf("app: face picture: %w", err)
	}
	data.AddImage(face)
	s, err := id.Portal.StartIdentitySession(ctx, portal.IdentityRequest{
		CardType: string(card.Type),
		IDNumber: card.IDNumber,
		Name:     card.DisplayName(),
		FaceJPEG: face,
	})
	if err != nil {
		if portal.CodeOf(err) == "face_mismatch" {
			return ErrFaceMismatch
		}
		return fmt.Errorf("app: identity check: %w", err)
	}
	data.SetIdentity(s.IdentityToken)
	return nil
}

// Preview streams the face camera's picture for the screen (the oval
// guide drawn over it), when the camera can (camera.Previewer);
// camera.ErrNoCamera otherwise. The frames are never stored.
func (id *Identity) Preview(ctx context.Context, fps int) (<-chan image.Image, error) {
	if id == nil || id.Camera == nil {
		return nil, camera.ErrNoCamera
	}
	p, ok := id.Camera.(camera.Previewer)
	if !ok {
		return nil, camera.ErrNoCamera
	}
	return p.Preview(ctx, fps)
}

// bestOf takes n pictures (default 3) and returns the sharpest (the most
// detail: a face that moved or is out of focus has less); the others are
// wiped before it returns. One picture that cannot be read is skipped; a
// camera error ends it.
func bestOf(ctx context.Context, cam camera.Camera, n int) ([]byte, error) {
	if n <= 0 {
		n = 3
	}
	var best []byte
	bestScore := -1.0
	for i := 0; i < n; i++ {
		shot, err := cam.Snapshot(ctx)
		if err != nil {
			if best != nil {
				privacy.Wipe(best)
			}
			return nil, err
		}
		score := sharpness(shot)
		if score > bestScore {
			if best != nil {
				privacy.Wipe(best)
			}
			best, bestScore = shot, score
		} else {
			privacy.Wipe(shot)
		}
	}
	return best, nil
}

// sharpness is the mean squared difference of neighbouring pixels' grey
// in the centre of a JPEG (where the oval guide puts the face), read at
// an eighth of its size; -1 when it cannot be read.
func sharpness(jpg []byte) float64 {
	img, err := jpeg.Decode(bytes.NewReader(jpg))
	if err != nil {
		return -1
	}
	b := img.Bounds()
	x0, x1 := b.Min.X+b.Dx()/4, b.Max.X-b.Dx()/4
	y0, y1 := b.Min.Y+b.Dy()/8, b.Max.Y-b.Dy()/8
	step := max(1, b.Dx()/160)
	grey := func(x, y int) float64 {
		r, g, bb, _ := img.At(x, y).RGBA()
		return float64(r*299+g*587+bb*114) / 1000 / 256
	}
	var sum float64
	var n int
	for y := y0; y+step < y1; y += step {
		for x := x0; x+step < x1; x += step {
			c := grey(x, y)
			dx, dy := grey(x+step, y)-c, grey(x, y+step)-c
			sum += dx*dx + dy*dy
			n++
		}
	}
	if n == 0 {
		return -1
	}
	return sum / float64(n)
}
