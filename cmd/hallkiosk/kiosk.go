package main

import (
	"log/slog"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
	"hallkiosk/app/config"
)

// kiosk is everything the running kiosk is wired from.
type kiosk struct {
	cfg     config.Config
	dataDir string
	log     *slog.Logger
	session *app.Session
	catalog *catalog.Catalog
	closers []func()
}

// onClose registers f to run when the kiosk stops, in reverse order.
func (k *kiosk) onClose(f func()) { k.closers = append(k.closers, f) }

func (k *kiosk) close() {
	for i := len(k.closers) - 1; i >= 0; i-- {
		k.closers[i]()
	}
}
