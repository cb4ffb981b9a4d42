package kiosk

import (
	"context"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/devices"
	"hallkiosk/devices/camera"
)

// TestHeartbeatReportsEveryCamera: the heartbeat the portal gets names
// the face camera and the document camera (高拍仪) apart, each with its
// own state: here the face camera works and the document camera is
// unplugged.
func TestHeartbeatReportsEveryCamera(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	session := app.NewSession(clock.Real{}, app.SessionConfig{IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour,
		Warning: time.Minute, Ending: time.Hour, TempBase: t.TempDir()})
	defer session.Close()
	demo, _ := catalog.Demo()
	cat, _ := catalog.New(demo, nil)
	o := Options{Config: config.Default(), DataDir: t.TempDir(), Session: session, Catalog: cat, Version: "test", NoSpeech: true}
	d, err := StartDemo(ctx, &o)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	o.DocumentCamera.(*camera.Fake).Unplug()
	k, err := Start(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()

	var hb struct {
		got bool
		m   map[devices.Kind]devices.Status
	}
	for deadline := time.Now().Add(15 * time.Second); !hb.got; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no heartbeat reached the portal")
		}
		b, ok, err := d.Portal.LastHeartbeat(ctx, k.Config.Kiosk.DeviceID)
		if err != nil {
			t.Fatal(err)
		}
		hb.got, hb.m = ok, b.Devices
	}
	if st := hb.m[devices.KindCamera]; st.State != devices.Online {
		t.Errorf("face camera in the heartbeat: %+v", st)
	}
	if st, ok := hb.m[devices.KindDocCamera]; !ok || st.State != devices.NoDevice || st.Detail == "not configured" {
		t.Errorf("document camera in the heartbeat: %+v (present %v); all %+v", st, ok, hb.m)
	}
	o.DocumentCamera.(*camera.Fake).Replug()
	if st := k.DeviceStatuses()[devices.KindDocCamera](); st.State != devices.Online {
		t.Errorf("document camera after replug: %+v", st)
	}
}
