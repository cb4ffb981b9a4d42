package app

import (
	"context"
	"errors"
	"testing"
	"time"

	"hallkiosk/app/clock"
	"hallkiosk/app/portal"
	"hallkiosk/internal/logging"
)

// TestHeartbeatStatsFromTheUsageLog: with Stats set the heartbeat carries
// them (the usage log's figures, kept across restarts), not the counts
// since start; when they fail, it falls back to those counts.
func TestHeartbeatStatsFromTheUsageLog(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC))
	figs := &Figures{}
	figs.Submitted()
	fail := false
	h := &Heartbeat{DeviceID: "HALL-1", Started: clk.Now(), Clock: clk, Log: logging.Discard(),
		Sessions: func() int { return 1 }, Figures: figs,
		Stats: func(context.Context) (portal.HeartbeatStats, error) {
			if fail {
				return portal.HeartbeatStats{}, errors.New("disk gone")
			}
			return portal.HeartbeatStats{Sessions: 40, Submissions: 25, RatingsByLevel: map[string]int{"5": 9}}, nil
		}}
	hb := h.Build(context.Background())
	if hb.Stats.Sessions != 40 || hb.Stats.Submissions != 25 || hb.Stats.RatingsByLevel["5"] != 9 {
		t.Errorf("stats %+v", hb.Stats)
	}
	fail = true
	hb = h.Build(context.Background())
	if hb.Stats.Sessions != 1 || hb.Stats.Submissions != 1 {
		t.Errorf("fallback stats %+v", hb.Stats)
	}
}
