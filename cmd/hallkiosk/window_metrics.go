package main

import (
	"context"
	"log/slog"
	"time"

	"hallkiosk/app/config"
	"hallkiosk/app/hall"
	"hallkiosk/app/metrics"
	"hallkiosk/internal/logging"
)

// serveWindowMetrics serves the window terminal's Prometheus metrics on
// [metrics] listen (loopback only) until ctx ends: the same endpoint as a
// kiosk's, with the hall bus's side (see windowMetricsSources); errs
// counts the log's warnings and errors (nil: not served). It returns the
// address served, "" for none. A port that cannot be had is a warning,
// never the end of the window.
func serveWindowMetrics(ctx context.Context, cfg config.Config, w *hall.Window, srv *hall.Server, errs *metrics.ErrorCounter, log *slog.Logger) string {
	addr := cfg.Metrics.Listen
	if addr == "" {
		return ""
	}
	l, err := metrics.Listen(addr)
	if err != nil {
		log.Warn("no metrics endpoint", "err", err)
		return ""
	}
	s := windowMetricsSources(w, srv, 3*cfg.Hall.StatusInterval.D())
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
// and the staff calls not closed yet. Counts only: no terminal id, no
// citizen's data.
func windowMetricsSources(w *hall.Window, srv *hall.Server, stale time.Duration) metrics.Sources {
	return metrics.Sources{
		Version: version,
		Bus:     func() (bool, bool) { return true, w.Connected() },
		Hall: func(ctx context.Context) (metrics.Hall, error) {
			f, err := w.Figures(ctx, stale)
			h := metrics.Hall{Kiosks: f.Kiosks, Silent: f.Silent, Calls: map[string]int{}}
			for st, n := range f.Calls {
				h.Calls[string(st)] = n
			}
			if srv != nil {
				h.Embedded, h.ServerUp, h.Clients = true, srv.Running(), srv.Clients()
			}
			return h, err
		},
	}
}
