package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard/idcardsim"
	"hallkiosk/screens"
)

// demoToken is the device token between the demo kiosk and its embedded
// portal simulator.
const demoToken = "demo-device-token"

// demoSMSCode is the fixed SMS code of the demo portal.
const demoSMSCode = "123456"

// startDemo starts the demo's embedded portal simulator on a random
// loopback port and the simulated devices on pseudo-terminals, and points
// the configuration at them.
func startDemo(ctx context.Context, k *kiosk) error {
	dev := filepath.Join(k.dataDir, "dev")
	for _, dir := range []string{dev, filepath.Join(k.dataDir, "portalsim")} {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	srv, err := server.Start(ctx, server.Options{
		Addr:        "127.0.0.1:0",
		DataDir:     filepath.Join(k.dataDir, "portalsim"),
		Token:       demoToken,
		DemoSMSCode: demoSMSCode,
		FontPath:    k.cfg.Kiosk.Font,
		Logger:      k.log, // the simulator names its component itself
	})
	if err != nil {
		return fmt.Errorf("demo portal: %w", err)
	}
	k.onClose(func() { srv.Close() })
	k.cfg.Portal.URL, k.cfg.Portal.Token, k.cfg.Portal.SPKIPins = srv.URL(), demoToken, nil

	sim, err := idcardsim.Start(ctx, filepath.Join(dev, "idcard"), idcardsim.Options{Baud: k.cfg.IDCard.Baud})
	if err != nil {
		return fmt.Errorf("demo ID-card reader: %w", err)
	}
	k.onClose(func() { sim.Close() })
	k.cfg.IDCard.Port = sim.Path()
	samples := idcardsim.SampleCards()
	demo := &screens.DemoControls{
		PlaceCard: func(i int) {
			// A fresh copy each time: the kiosk wipes the card it read.
			if err := sim.Place(idcardsim.SampleCards()[i]); err != nil {
				k.log.Warn("demo card", "err", err)
			}
		},
		RemoveCard: sim.Remove,
	}
	for _, c := range samples {
		name := c.Masked().Name
		if name == "" {
			name = c.Masked().NameEN
		}
		demo.Cards = append(demo.Cards, name)
	}
	k.demo = demo
	k.camera = camera.NewFake()
	k.log.Info("demo started", "portal", srv.URL(), "idcard", sim.Path(), "sms_code", demoSMSCode)
	return nil
}
