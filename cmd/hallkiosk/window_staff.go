package main

import (
	"context"
	"log/slog"
	"path/filepath"

	"hallkiosk/app/audit"
	"hallkiosk/app/config"
	"hallkiosk/app/hall"
	"hallkiosk/app/staff"
	"hallkiosk/internal/logging"
)

// windowStaff opens the hall's staff accounts and the audit log in the
// window terminal's state directory, checks the audit chain (a break is
// logged as an error, never rolled away) and answers the kiosks' PIN
// checks and copy requests over the bus until the returned close. The
// window's own terminal (帮办代办) uses the same two.
func windowStaff(ctx context.Context, cfg config.Config, dataDir string, bus *hall.Bus, log *slog.Logger) (*audit.Log, *staff.Store, func(), error) {
	log = logging.Component(log, "staff")
	al, err := audit.Open(filepath.Join(dataDir, audit.FileName), audit.Options{})
	if err != nil {
		return nil, nil, nil, err
	}
	st, err := staff.Open(filepath.Join(dataDir, staff.FileName), staff.Options{Audit: al, Terminal: cfg.Kiosk.DeviceID})
	if err != nil {
		al.Close()
		return nil, nil, nil, err
	}
	stop, err := hall.ServeStaff(bus, st, log)
	if err != nil {
		st.Close()
		al.Close()
		return nil, nil, nil, err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		rep, err := al.Verify(ctx)
		switch {
		case err != nil:
			log.Error("audit log unreadable", "err", err)
		case rep.Broken != nil:
			log.Error("audit log chain broken: run hallkiosk audit verify", "row", rep.Broken.Seq, "reason", rep.Broken.Reason)
		default:
			log.Info("audit log chain holds", "rows", rep.Rows)
			if _, err := al.Roll(ctx, cfg.Staff.AuditKeep.D()); err != nil {
				log.Error("audit log not rolled", "err", err)
			}
		}
	}()
	return al, st, func() { stop(); <-done; st.Close(); al.Close() }, nil
}
