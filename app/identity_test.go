package app

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"testing"
	"time"

	"hallkiosk/app/clock"
	"hallkiosk/app/portal"
	"hallkiosk/devices"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard/idcardsim"
)

// A kiosk without a camera says so, before and after the citizen tries,
// with camera.ErrNoCamera, so the face screen never asks them to try again.
func TestIdentityWithoutCameraSaysNoCamera(t *testing.T) {
	s := NewSession(clock.NewFake(time.Date(2026, 11, 28, 9, 30, 0, 0, time.Local)), SessionConfig{TempBase: t.TempDir()})
	t.Cleanup(s.Close)
	s.Start()
	s.Data().SetCard(idcardsim.SampleCards()[0])
	var none *Identity
	if err := none.Ready(); !errors.Is(err, ErrNoIdentityCheck) {
		t.Errorf("nil Identity: Ready() = %v, want ErrNoIdentityCheck", err)
	}
	id := &Identity{Session: s, Portal: &portal.Client{}}
	if err := id.Ready(); !errors.Is(err, camera.ErrNoCamera) {
		t.Errorf("no camera: Ready() = %v, want camera.ErrNoCamera", err)
	}
	if err := id.Verify(context.Background()); !errors.Is(err, camera.ErrNoCamera) {
		t.Errorf("no camera: Verify() = %v, want camera.ErrNoCamera", err)
	}
	cam := camera.NewFake()
	id.Camera = cam
	if err := id.Ready(); err != nil {
		t.Errorf("camera plugged in: Ready() = %v", err)
	}
	cam.Unplug()
	if err := id.Ready(); !errors.Is(err, camera.ErrNoCamera) {
		t.Errorf("camera unplugged: Ready() = %v, want camera.ErrNoCamera", err)
	}
	id.Camera, id.Portal = camera.NewFake(), nil
	if err := id.Ready(); !errors.Is(err, ErrNoIdentityCheck) {
		t.Errorf("no portal: Ready() = %v, want ErrNoIdentityCheck", err)
	}
	if err := id.Verify(context.Background()); !errors.Is(err, ErrNoIdentityCheck) {
		t.Errorf("no portal: Verify() = %v, want ErrNoIdentityCheck", err)
	}
}

func TestNoStaffLinkReachesNobody(t *testing.T) {
	if err := NoStaffLink(context.Background()); !errors.Is(err, ErrNoStaffLink) {
		t.Fatalf("NoStaffLink() = %v, want ErrNoStaffLink", err)
	}
}

// blurry is a camera whose pictures alternate sharp and blurred.
type blurry struct {
	n     int
	sharp []byte
	blur  []byte
}

func (b *blurry) Snapshot(context.Context) ([]byte, error) {
	b.n++
	if b.n%3 == 2 {
		return append([]byte(nil), b.sharp...), nil
	}
	return append([]byte(nil), b.blur...), nil
}

func (b *blurry) Status() devices.Status { return devices.Status{State: devices.Online} }

// TestVerifySendsTheSharpestOfAFewFrames: three pictures, the sharpest to
// the portal, the others wiped.
func TestVerifySendsTheSharpestOfAFewFrames(t *testing.T) {
	checker := image.NewGray(image.Rect(0, 0, 320, 240))
	flat := image.NewGray(image.Rect(0, 0, 320, 240))
	for y := 0; y < 240; y++ {
		for x := 0; x < 320; x++ {
			if (x/4+y/4)%2 == 0 {
				checker.Pix[y*320+x] = 255
			}
			flat.Pix[y*320+x] = 128
		}
	}
	enc := func(img image.Image) []byte {
		var buf bytes.Buffer
		jpeg.Encode(&buf, img, nil)
		return buf.Bytes()
	}
	cam := &blurry{sharp: enc(checker), blur: enc(flat)}
	got, err := bestOf(context.Background(), cam, 3)
	if err != nil {
		t.Fatal(err)
	}
	if cam.n != 3 || !bytes.Equal(got, cam.sharp) {
		t.Fatalf("took %d pictures, sent the sharp one: %v", cam.n, bytes.Equal(got, cam.sharp))
	}
}
