package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"time"

	"hallkiosk/app/portal"
	"hallkiosk/devices"
	"hallkiosk/devices/camera"
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
	face, err := id.Camera.Snapshot(ctx)
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
