package main

import (
	"context"
	"log/slog"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"hallkiosk/app/catalog"
	"hallkiosk/app/config"
	"hallkiosk/app/eventbus"
	"hallkiosk/app/events"
	"hallkiosk/app/hall"
	"hallkiosk/app/hotbus"
	"hallkiosk/app/kiosk"
	"hallkiosk/app/portal"
	"hallkiosk/app/review"
	"hallkiosk/internal/boundedio"
	"hallkiosk/internal/logging"
	"hallkiosk/screens/figuresview"
)

// openWindowEvents opens the window terminal's usage log (events.db in the
// state directory): the hall's figures and the window's own 帮办代办
// submissions; nil (after an error in the log) when it cannot be.
func openWindowEvents(cfg config.Config, dataDir string, log *slog.Logger) *events.Store {
	log = logging.Component(log, "figures")
	st, err := events.Open(filepath.Join(dataDir, kiosk.EventsFile), events.Options{Kiosk: cfg.Kiosk.DeviceID, Log: log})
	if err != nil {
		log.Error("the usage log cannot be opened", "err", err)
		return nil
	}
	return st
}

// windowFigures gives the window terminal the hall's figures: its usage
// log st (events.db in the state directory, closed by the caller) receives every kiosk's events
// over the bus (app/eventbus) and ranks the hall's services for every
// kiosk's 热门服务 (app/hotbus, on hall.hot), and the window's content becomes two tabs,
// 呼叫与终端 (what it showed) and 数据复盘 (screens/figuresview: the
// month's figures and charts, the offline counters' numbers, the export
// to exports/YYYY-MM). A window without the log or the font keeps its one
// page and says why in the log. stop ends it all.
func windowFigures(cfg config.Config, dataDir string, bus *hall.Bus, st *events.Store, win fyne.Window, log *slog.Logger) (stop func()) {
	log = logging.Component(log, "figures")
	if st == nil {
		log.Error("no figures at the window: the usage log cannot be opened")
		return func() {}
	}
	unlisten, err := eventbus.Listen(bus, st, log)
	if err != nil {
		log.Error("no figures at the window: the kiosks' events cannot be received", "err", err)
		return func() {}
	}
	// The hall's hot list goes to every kiosk from here (app/hotbus).
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	pub := &hotbus.Publisher{Bus: bus, Store: st, Log: logging.Component(log, "hot")}
	go func() { defer close(done); pub.Run(ctx) }()
	stop = func() { cancel(); <-done; unlisten() }
	font, err := boundedio.ReadFile(cfg.Kiosk.Font, 64<<20)
	if err != nil {
		log.Error("no 数据复盘 page: the font (kiosk.font)", "err", err)
		return stop
	}
	var known portal.Catalog
	known, _, cached := catalog.LoadCache(filepath.Join(dataDir, "catalog.json"))
	if !cached {
		known, _ = catalog.Demo()
	}
	names := review.Names{}
	if cat, err := catalog.New(known, nil); err == nil {
		names = review.ServiceNames(cat)
	}
	v, err := figuresview.New(figuresview.Deps{Store: st, Font: font, HallName: cfg.Kiosk.HallName, Names: names,
		ExportDir: filepath.Join(dataDir, "exports")})
	if err != nil {
		log.Error("no 数据复盘 page", "err", err)
		return stop
	}
	tabs := container.NewAppTabs(container.NewTabItem("呼叫与终端", win.Content()), container.NewTabItem("数据复盘", v.Object()))
	tabs.OnSelected = func(t *container.TabItem) {
		if t.Text == "数据复盘" {
			v.Reload()
		}
	}
	win.SetContent(tabs)
	closeLog := stop
	return func() { v.Wait(); closeLog() }
}
