package main

import (
	"context"
)

// startDemo starts the demo's simulated devices and embedded portal.
func startDemo(ctx context.Context, k *kiosk) error {
	return nil
}
