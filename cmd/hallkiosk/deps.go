package main

import (
	"hallkiosk/app"
	"hallkiosk/app/kiosk"
	"hallkiosk/screens"
)

// screenDeps is what the screens get from the kiosk (and, in the demo, the
// controls of its simulated devices).
func screenDeps(k *kiosk.Kiosk, demo *kiosk.Demo) screens.Deps {
	d := screens.Deps{
		Session:      k.Session,
		Catalog:      k.Catalog,
		Config:       k.Config,
		Log:          k.Log,
		CallStaff:    app.NoStaffLink, // the journeys call through the kiosk's hall bus, when it has one
		Cards:        k.Cards,
		Identity:     k.Identity,
		SMS:          k.SMS,
		OnFile:       k.OnFile,
		Records:      k.Records,
		Documents:    k.Documents,
		PrintReceipt: k.Printing.PrintReceipt,
		PrintGuide:   k.Printing.PrintGuide,
		Submitter:    k.Submitter,
		Journeys:     k.Journeys,
		Hot:          k.Hot,
		Ask:          k.Ask,
		PrintAnswer:  k.Printing.PrintAnswer,
		OnItems:      k.SetScreenItems,
		StaffMenu:    k.StaffMenu,
	}
	if k.Speaker != nil {
		d.Voice = k.Speaker
	}
	if demo != nil {
		d.Demo = &screens.DemoControls{Cards: demo.Cards, PlaceCard: demo.PlaceCard, RemoveCard: demo.RemoveCard,
			LatestReceipt: demo.LatestReceipt}
	}
	return d
}
