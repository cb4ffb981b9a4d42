package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"hallkiosk/app/clock"
	"hallkiosk/app/portal"
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
