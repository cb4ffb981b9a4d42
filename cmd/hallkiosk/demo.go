package main

import (
	"context"
	"fmt"
	"image"
	"path/filepath"

	"hallkiosk/app/statedir"
	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard"
	"hallkiosk/devices/idcard/idcardsim"
	"hallkiosk/devices/receipt/receiptsim"
	"hallkiosk/screens"
)

// demoToken is the device token between the demo kiosk and its embedded
// portal simulator.
const demoToken = "demo-device-token"

// demoSMSCode is the fixed SMS code of the demo portal.
const demoSMSCode = "123456"

// demoCards are the cards the demo's "模拟刷卡" buttons place: the portal
// simulator's demo citizens first (王秀兰 has applications and licenses to
// look up; 赵建华's face never matches), then the simulator's samples
// (rare characters, 长期, residence permit, foreign permanent card).
func demoCards() []*idcard.Card {
	cards := []*idcard.Card{
		{
			Type: idcard.Resident, Name: "王秀兰", Sex: idcard.SexFemale, NationCode: "01", Nation: "汉",
			Birth: "1949-12-31", Address: "北京市东城区景山前街4号", IDNumber: "11010519491231002X",
			Authority: "北京市公安局东城分局", ValidFrom: "2010-01-01", ValidTo: idcard.LongTerm,
		},
		{
			Type: idcard.Resident, Name: "赵建华", Sex: idcard.SexMale, NationCode: "01", Nation: "汉",
			Birth: "1956-07-08", Address: "北京市海淀区中关村大街1号", IDNumber: "110108195607080030",
			Authority: "北京市公安局海淀分局", ValidFrom: "2016-07-08", ValidTo: idcard.LongTerm,
		},
	}
	for _, c := range cards {
		c.Photo = idcardsim.SyntheticPhoto(c.IDNumber)
	}
	return append(cards, idcardsim.SampleCards()...)
}

// startDemo starts the demo's embedded portal simulator on a random
// loopback port and the simulated devices on pseudo-terminals, and points
// the configuration at them.
func startDemo(ctx context.Context, k *kiosk) error {
	dev := filepath.Join(k.dataDir, "dev")
	for _, dir := range []string{dev, filepath.Join(k.dataDir, "portalsim")} {
		if _, err := statedir.Ensure(dir); err != nil {
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
	demo := &screens.DemoControls{
		PlaceCard: func(i int) {
			// A fresh copy each time: the kiosk wipes the card it read.
			if err := sim.Place(demoCards()[i]); err != nil {
				k.log.Warn("demo card", "err", err)
			}
		},
		RemoveCard: sim.Remove,
	}
	for _, c := range demoCards() {
		demo.Cards = append(demo.Cards, c.Masked().DisplayName())
	}
	printer, err := receiptsim.Start(ctx, filepath.Join(dev, "receipt"), receiptsim.Options{
		Dir: filepath.Join(k.dataDir, "receipts"), Font: k.cfg.Kiosk.Font, Logger: k.log,
	})
	if err != nil {
		return fmt.Errorf("demo receipt printer: %w", err)
	}
	k.onClose(func() { printer.Close() })
	k.cfg.Receipt.Port, k.cfg.Receipt.Width = printer.Port(), int(printer.Width())
	demo.LatestReceipt = func() image.Image {
		if p, ok := printer.Latest(); ok {
			return p.Image
		}
		return nil
	}
	k.demo = demo
	k.camera = camera.NewFake()
	// The demo has no A4 printer: documents come out on receipt paper.
	k.cfg.A4.Queue, k.a4OnReceipt = "", true
	k.log.Info("demo started", "portal", srv.URL(), "idcard", sim.Path(), "sms_code", demoSMSCode)
	return nil
}
