package kiosk

import (
	"context"
	"fmt"
	"image"
	"log/slog"
	"path/filepath"

	"hallkiosk/app/statedir"
	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard"
	"hallkiosk/devices/idcard/idcardsim"
	"hallkiosk/devices/receipt/receiptsim"
)

// DemoToken is the device token between the demo kiosk and its embedded
// portal simulator.
const DemoToken = "demo-device-token"

// DemoSMSCode is the fixed SMS code of the demo portal.
const DemoSMSCode = "123456"

// DemoCards are the cards the demo's "模拟刷卡" buttons place: the portal
// simulator's demo citizens first (王秀兰 has applications and licenses to
// look up; 赵建华's face never matches), then the simulator's samples
// (rare characters, 长期, residence permit, foreign permanent card). Each
// call returns fresh copies: the kiosk wipes a card it read.
func DemoCards() []*idcard.Card {
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

// Demo is the demo's stand-in for a hall: the embedded portal simulator and
// the simulated devices, with controls for what a person would do at them.
type Demo struct {
	// Cards are the masked names of DemoCards, for the "模拟刷卡" buttons.
	Cards []string
	// PlaceCard puts DemoCards()[i] on the simulated reader.
	PlaceCard func(i int)
	// RemoveCard takes the card off the simulated reader.
	RemoveCard func()
	// LatestReceipt is the simulated printer's last receipt, or nil.
	LatestReceipt func() image.Image
	// Portal is the embedded portal simulator.
	Portal *server.Server
	// Printer is the simulated receipt printer.
	Printer *receiptsim.Sim

	closers []func()
}

// Close stops the simulators.
func (d *Demo) Close() {
	for i := len(d.closers) - 1; i >= 0; i-- {
		d.closers[i]()
	}
	d.closers = nil
}

// StartDemo starts the embedded portal simulator on a random loopback port
// and the simulated devices on pseudo-terminals (the real drivers talk to
// them), and points o at them: the portal, the card reader and the receipt
// printer of the configuration, the fake camera, A4 documents on receipt
// paper. Start the kiosk with o afterwards; close the Demo after the kiosk.
func StartDemo(ctx context.Context, o *Options) (*Demo, error) {
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	d := &Demo{}
	dev := filepath.Join(o.DataDir, "dev")
	for _, dir := range []string{dev, filepath.Join(o.DataDir, "portalsim")} {
		if _, err := statedir.Ensure(dir); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
	}
	srv, err := server.Start(ctx, server.Options{
		Addr:        "127.0.0.1:0",
		DataDir:     filepath.Join(o.DataDir, "portalsim"),
		Token:       DemoToken,
		DemoSMSCode: DemoSMSCode,
		FontPath:    o.Config.Kiosk.Font,
		Logger:      log, // the simulator names its component itself
	})
	if err != nil {
		return nil, fmt.Errorf("demo portal: %w", err)
	}
	d.Portal = srv
	d.closers = append(d.closers, func() { srv.Close() })
	o.Config.Portal.URL, o.Config.Portal.Token, o.Config.Portal.SPKIPins = srv.URL(), DemoToken, nil

	sim, err := idcardsim.Start(ctx, filepath.Join(dev, "idcard"), idcardsim.Options{Baud: o.Config.IDCard.Baud})
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("demo ID-card reader: %w", err)
	}
	d.closers = append(d.closers, func() { sim.Close() })
	o.Config.IDCard.Port = sim.Path()
	d.PlaceCard = func(i int) {
		cards := DemoCards()
		if i < 0 || i >= len(cards) {
			return
		}
		if err := sim.Place(cards[i]); err != nil {
			log.Warn("demo card", "err", err)
		}
	}
	d.RemoveCard = sim.Remove
	for _, c := range DemoCards() {
		d.Cards = append(d.Cards, c.Masked().DisplayName())
	}
	printer, err := receiptsim.Start(ctx, filepath.Join(dev, "receipt"), receiptsim.Options{
		Dir: filepath.Join(o.DataDir, "receipts"), Font: o.Config.Kiosk.Font, Logger: log,
	})
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("demo receipt printer: %w", err)
	}
	d.Printer = printer
	d.closers = append(d.closers, func() { printer.Close() })
	o.Config.Receipt.Port, o.Config.Receipt.Width = printer.Port(), int(printer.Width())
	d.LatestReceipt = func() image.Image {
		if p, ok := printer.Latest(); ok {
			return p.Image
		}
		return nil
	}
	o.Camera = camera.NewFake()
	o.DocumentCamera = camera.NewFakeDocument()
	// The demo has no A4 printer: documents come out on receipt paper.
	o.Config.A4.Queue, o.A4OnReceipt = "", true
	log.Info("demo started", "portal", srv.URL(), "idcard", sim.Path(), "sms_code", DemoSMSCode)
	return d, nil
}
