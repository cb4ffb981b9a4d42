package kiosk

import (
	"context"
	"sync"
	"time"

	"hallkiosk/app/metrics"
	"hallkiosk/devices"
)

// DeviceStatuses are the status functions of the devices this kiosk has,
// shared by the heartbeat, the metrics and the fault watch. The A4
// printer's is asked of CUPS at most every 30 s.
func (k *Kiosk) DeviceStatuses() map[devices.Kind]func() devices.Status {
	m := map[devices.Kind]func() devices.Status{devices.KindIDCard: k.Cards.Status}
	if k.Receipt != nil {
		m[devices.KindReceipt] = k.Receipt.DeviceStatus
	}
	if k.Camera != nil {
		m[devices.KindCamera] = k.Camera.Status
	}
	if k.DocumentCamera != nil {
		m[devices.KindDocCamera] = k.DocumentCamera.Status
	}
	if k.Speaker != nil {
		m[devices.KindAudio] = k.Speaker.Status
	}
	if k.a4Printer != nil {
		m[devices.KindA4] = k.a4Status
	}
	return m
}

// a4StatusCache keeps the A4 printer's last status from CUPS.
type a4StatusCache struct {
	mu     sync.Mutex
	at     time.Time
	status devices.Status
}

func (k *Kiosk) a4Status() devices.Status {
	c := &k.a4Cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < 30*time.Second {
		return c.status
	}
	ctx, cancel := context.WithTimeout(k.ctx, 5*time.Second)
	defer cancel()
	st, err := k.a4Printer.Status(ctx)
	if err != nil && st.State == "" {
		st = devices.Status{State: devices.Offline, Detail: err.Error()}
	}
	c.at, c.status = time.Now(), st
	return st
}

// BusConnected reports whether this kiosk has a hall bus and whether it
// is connected now.
func (k *Kiosk) BusConnected() (configured, connected bool) {
	if k.hall == nil || k.hall.bus == nil {
		return k.Config.Hall.Bus != "", false
	}
	return true, k.hall.bus.Connected()
}

// MetricsSources are what the kiosk's Prometheus metrics are read from.
// errs counts the log's errors (metrics.CountErrors on the kiosk's log);
// nil leaves that series out.
func (k *Kiosk) MetricsSources(version string, errs *metrics.ErrorCounter) metrics.Sources {
	s := metrics.Sources{
		Version:  version,
		Devices:  k.DeviceStatuses(),
		Sessions: func() int { return k.Session.Snapshot().Seq },
		Ratings: func() map[string]int {
			_, r := k.Figures.Snapshot()
			return r
		},
		Bus:    k.BusConnected,
		Errors: errs,
	}
	if k.Outbox != nil {
		s.Outbox = k.Outbox.Counts
	}
	return s
}
