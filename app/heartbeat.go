package app

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"hallkiosk/app/clock"
	"hallkiosk/app/portal"
	"hallkiosk/devices"
)

// HeartbeatPortal is where heartbeats go; *portal.Client has it.
type HeartbeatPortal interface {
	Heartbeat(ctx context.Context, hb portal.Heartbeat) (portal.HeartbeatAck, error)
}

var _ HeartbeatPortal = (*portal.Client)(nil)

// Heartbeat tells the portal, at an interval, that the terminal lives:
// its version, uptime, outbox depth, every device's status and the
// session figures. It never carries personal data.
type Heartbeat struct {
	Portal     HeartbeatPortal
	DeviceID   string
	AppVersion string
	Started    time.Time
	Clock      clock.Clock
	Interval   time.Duration
	Log        *slog.Logger
	// Devices returns each device slot's status now.
	Devices map[devices.Kind]func() devices.Status
	// Depth is the outbox depth (pending + parked).
	Depth func(ctx context.Context) (int, error)
	// Sessions counts citizen sessions since start.
	Sessions func() int
	// Figures are the submission and rating counters.
	Figures *Figures
	// Stats, when set, are the stats from the usage log (today's figures
	// of this kiosk, kept across restarts); Sessions and Figures are then
	// used only when it fails.
	Stats func(ctx context.Context) (portal.HeartbeatStats, error)
	// OnAck, when set, hears each answer of the portal (its catalog and
	// configuration versions), on the heartbeat's goroutine.
	OnAck func(portal.HeartbeatAck)
}

// Build makes the heartbeat of this moment.
func (h *Heartbeat) Build(ctx context.Context) portal.Heartbeat {
	hb := portal.Heartbeat{
		DeviceID:   h.DeviceID,
		AppVersion: h.AppVersion,
		UptimeS:    int64(h.Clock.Now().Sub(h.Started) / time.Second),
		Devices:    map[devices.Kind]devices.Status{},
		Stats:      portal.HeartbeatStats{RatingsByLevel: map[string]int{}},
	}
	for kind, status := range h.Devices {
		hb.Devices[kind] = status()
	}
	for _, kind := range devices.AllKinds() {
		if _, ok := hb.Devices[kind]; !ok {
			hb.Devices[kind] = devices.Status{State: devices.NoDevice, Detail: "not configured"}
		}
	}
	if h.Depth != nil {
		if d, err := h.Depth(ctx); err == nil {
			hb.OutboxDepth = d
		}
	}
	if h.Stats != nil {
		if st, err := h.Stats(ctx); err == nil {
			if st.RatingsByLevel == nil {
				st.RatingsByLevel = map[string]int{}
			}
			hb.Stats = st
			return hb
		} else if h.Log != nil {
			h.Log.Warn("heartbeat stats from the usage log failed; counting since start instead", "err", err)
		}
	}
	if h.Sessions != nil {
		hb.Stats.Sessions = h.Sessions()
	}
	if h.Figures != nil {
		hb.Stats.Submissions, hb.Stats.RatingsByLevel = h.Figures.Snapshot()
	}
	return hb
}

// Run sends a heartbeat now and then every Interval until ctx ends. A
// failed heartbeat is logged once per outage, not every time.
func (h *Heartbeat) Run(ctx context.Context) {
	failing := false
	for {
		cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		ack, err := h.Portal.Heartbeat(cctx, h.Build(cctx))
		cancel()
		if err == nil && h.OnAck != nil {
			h.OnAck(ack)
		}
		switch {
		case err != nil && !failing && ctx.Err() == nil:
			h.Log.Warn("heartbeat failed", "err", err)
			failing = true
		case err == nil && failing:
			h.Log.Info("heartbeat back")
			failing = false
		}
		wake := make(chan struct{})
		t := h.Clock.AfterFunc(h.Interval, func() { close(wake) })
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-wake:
		}
	}
}

// Figures counts what the heartbeat and the staff report: submissions and
// ratings by level. Safe for concurrent use.
type Figures struct {
	mu          sync.Mutex
	submissions int
	firstOnline int
	ratings     map[int]int
}

// FirstOnline counts one application the portal called the citizen's
// first online one (网办有礼).
func (f *Figures) FirstOnline() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.firstOnline++
}

// FirstOnlineCount is how many first online applications were counted.
func (f *Figures) FirstOnlineCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.firstOnline
}

// Submitted counts one submission.
func (f *Figures) Submitted() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.submissions++
}

// Rated counts one rating.
func (f *Figures) Rated(level int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ratings == nil {
		f.ratings = map[int]int{}
	}
	f.ratings[level]++
}

// Snapshot returns the submissions and the ratings by level ("5": n).
func (f *Figures) Snapshot() (int, map[string]int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for l, n := range f.ratings {
		out[strconv.Itoa(l)] = n
	}
	return f.submissions, out
}
