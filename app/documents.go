package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"hallkiosk/devices/camera"
)

// Documents captures the citizen's paper materials with the document
// camera (高拍仪). The pictures live in the citizen's data until the wipe.
type Documents struct {
	Session *Session
	Camera  camera.Camera
	// Timeout bounds one capture (default 10 s).
	Timeout time.Duration
}

// Capture takes a picture of the document for the material code.
func (d *Documents) Capture(ctx context.Context, code string) error {
	if d == nil || d.Camera == nil {
		return camera.ErrNoCamera
	}
	if code == "" {
		return errors.New("app: capture: no material code")
	}
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	jpeg, err := d.Camera.Snapshot(ctx)
	if err != nil {
		return fmt.Errorf("app: capture %s: %w", code, err)
	}
	d.Session.Data().SetMaterial(code, jpeg)
	return nil
}
