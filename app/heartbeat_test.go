package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hallkiosk/app/clock"
	"hallkiosk/app/portal"
	"hallkiosk/devices"
	"hallkiosk/internal/logging"
)

type beats chan portal.Heartbeat

func (b beats) Heartbeat(_ context.Context, hb portal.Heartbeat) (portal.HeartbeatAck, error) {
	b <- hb
	return portal.HeartbeatAck{}, nil
}

func TestHeartbeatCarriesStatusAndFiguresButNoPersonalData(t *testing.T) {
	clk := clock.NewFake(time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC))
	figs := &Figures{}
	figs.Submitted()
	figs.Rated(5)
	figs.Rated(5)
	figs.Rated(1)
	b := make(beats)
	h := &Heartbeat{
		Portal: b, DeviceID: "HALL-1", AppVersion: "v1", Started: clk.Now(), Clock: clk, Interval: time.Minute,
		Log:      logging.Discard(),
		Devices:  map[devices.Kind]func() devices.Status{devices.KindIDCard: func() devices.Status { return devices.Status{State: devices.Online} }},
		Depth:    func(context.Context) (int, error) { return 3, nil },
		Sessions: func() int { return 7 },
		Figures:  figs,
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go h.Run(ctx)
	first := <-b
	if first.UptimeS != 0 {
		t.Fatalf("first beat uptime %d", first.UptimeS)
	}
	for clk.Pending() == 0 { // the sender is arming its next beat
		time.Sleep(time.Millisecond)
	}
	clk.Advance(time.Minute)
	hb := <-b
	if hb.UptimeS != 60 || hb.OutboxDepth != 3 || hb.Stats.Sessions != 7 || hb.Stats.Submissions != 1 ||
		hb.Stats.RatingsByLevel["5"] != 2 || hb.Stats.RatingsByLevel["1"] != 1 ||
		hb.Devices[devices.KindIDCard].State != devices.Online || hb.Devices[devices.KindReceipt].State != devices.NoDevice {
		t.Fatalf("heartbeat %+v", hb)
	}
	raw, _ := json.Marshal(hb)
	for _, field := range []string{`"id_number"`, `"name"`, `"phone"`} {
		if strings.Contains(string(raw), field) {
			t.Fatalf("personal field %s in %s", field, raw)
		}
	}
}
