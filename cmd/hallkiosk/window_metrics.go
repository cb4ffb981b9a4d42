package main

import (
	"context"
	"log/slog"
	"time"

	"hallkiosk/app/config"
	"hallkiosk/app/hall"
	"hallkiosk/app/kiosk"
	"hallkiosk/app/metrics"
	"hallkiosk/internal/logging"
)

// serveWindowMetrics serves the window terminal's Prometheus metrics on
// [metrics] listen (loopback only) until ctx ends: the same endpoint as a
// kiosk's, with the hall bus's side (see windowMetricsSources); own is
// the window's own terminal for 帮办代办 (nil without one), whose devices,
// outbox, sessions and ratings are reported as a kiosk's; errs counts the
// log's warnings and errors (nil: not served). It returns the address
// served, "" for none. A port that cannot be had is a warning, never the
// end of the window.
func serveWindowMetrics(ctx context.Context, cfg config.Config, w *hall.Window, srv *hall.Server, own *kiosk.Kiosk,
	errs *metrics.ErrorCounter, log *slog.Logger) string {
	addr := cfg.Metrics.Listen
	if addr == "" {
		return ""
	}
	l, err := metrics.Listen(addr)
	if err != nil {
		log.Warn("no metrics endpoint", "err", err)
		return ""
	}
	s := windowMetricsSources(w, srv, own, 3*cfg.Hall.StatusInterval.D())
	s.Errors = errs
	reg := metrics.Registry(s)
	go func() {
		if err := metrics.Serve(ctx, l, reg, logging.Component(log, "metrics")); err != nil {
			log.Warn("metrics endpoint stopped", "err", err)
		}
	}()
	return l.Addr().String()
}

// windowMetricsSources are the window terminal's metrics: the build, its
// bus connection, the embedded bus server (srv, nil when the window joins
// another's bus) up and its connections, the kiosks heard within stale
// and the staff calls not closed yet; with own (the window's terminal for
// 帮办代办, may be nil) its devices, outbox, sessions and ratings too.
// Counts only: no terminal id, no citizen's data.
func windowMetricsSources(w *hall.Window, srv *hall.Server, own *kiosk.Kiosk, stale time.Duration) metrics.Sources {
	s := metrics.Sources{Version: version}
	if own != nil {
		s = own.MetricsSources(version, nil)
	}
	s.Bus = func() (bool, bool) { return true, w.Connected() }
	s.Hall = func(ctx context.Context) (metrics.Hall, error) {
		f, err := w.Figures(ctx, stale)
		h := metrics.Hall{Kiosks: f.Kiosks, Silent: f.Silent, Calls: map[string]int{}}
		for st, n := range f.Calls {
			h.Calls[string(st)] = n
		}
		if srv != nil {
			h.Embedded, h.ServerUp, h.Clients = true, srv.Running(), srv.Clients()
		}
		return h, err
	}
	return s
}
