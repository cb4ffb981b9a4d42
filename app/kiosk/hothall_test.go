package kiosk

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hallkiosk/app/events"
	"hallkiosk/app/hall"
	"hallkiosk/app/hotbus"
)

// TestHallHotList: the window ranks the hall's services from its usage log
// and publishes the ranking on the bus; the kiosk puts it on home's 热门服务
// once the citizen at the kiosk has gone, never while they are there; with
// the bus down the kiosk ranks by its own again. (That a kiosk cannot
// publish a ranking is app/hall's TestHotOnlyFromTheWindow.)
func TestHallHotList(t *testing.T) {
	rig := startHallRig(t)
	k := startDemoKiosk(t, onBus(rig.srv.URL()))
	ctx := context.Background()
	k.waitFor(t, "the kiosk on the bus", func() bool { return k.hall != nil && k.hall.bus.Connected() })
	if k.Hot == nil || k.hall.hot == nil {
		t.Fatal("the kiosk does not follow the hall's hot list")
	}
	seed := k.Hot.Items(k.Catalog)
	if len(seed) == 0 || seed[0].Code == "MZ-0701" {
		t.Fatalf("the seeded list: %v", seed)
	}

	// The window's usage log: other kiosks' submissions, as the bus
	// brought them.
	wst, err := events.Open(filepath.Join(t.TempDir(), "events.db"), events.Options{Kiosk: "W1"})
	if err != nil {
		t.Fatal(err)
	}
	defer wst.Close()
	for i, code := range []string{"MZ-0701", "MZ-0701", "MZ-0701", "GJJ-0302", "GJJ-0302", "SB-0201"} {
		wst.Add(events.Event{Kind: events.Submission, Key: events.Online, Service: code, Reward: i == 0})
	}
	if err := wst.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	wb, err := hall.Connect(hall.ClientOptions{URL: rig.srv.URL(), Terminal: "W2", Role: hall.RoleWindow})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	k.waitFor(t, "the window on the bus", wb.Connected)
	pub := &hotbus.Publisher{Bus: wb, Store: wst}

	k.Session.Start() // a citizen on the home screen
	if sent, err := pub.PublishOnce(ctx); err != nil || !sent {
		t.Fatalf("the window's ranking not published: %v %v", sent, err)
	}
	k.waitFor(t, "the hall's ranking at the kiosk", func() bool {
		codes, ok := k.hall.hot.Codes()
		return ok && len(codes) == 3 && codes[0] == "MZ-0701" && codes[1] == "GJJ-0302"
	})
	time.Sleep(200 * time.Millisecond) // the kiosk's refresh has run
	if got := k.Hot.Items(k.Catalog); got[0].Code != seed[0].Code {
		t.Fatalf("the list changed under the citizen: %s", got[0].Code)
	}
	if sent, _ := pub.PublishOnce(ctx); sent {
		t.Error("an unchanged ranking published again at once")
	}
	k.Session.Finish()
	k.waitFor(t, "the hall's order on home", func() bool {
		got := k.Hot.Items(k.Catalog)
		return got[0].Code == "MZ-0701" && got[1].Code == "GJJ-0302" && got[2].Code == "SB-0201"
	})

	// The bus down: the kiosk ranks by its own (no submission: the
	// catalog's hot services) from the next citizen on.
	rig.srv.Close()
	k.waitFor(t, "the bus down", func() bool { return !k.hall.bus.Connected() })
	if _, ok := k.hall.hot.Codes(); ok {
		t.Error("the hall's ranking still counts with the bus down")
	}
	k.Session.Start()
	k.Session.Finish()
	k.waitFor(t, "the kiosk's own order", func() bool { return k.Hot.Items(k.Catalog)[0].Code == seed[0].Code })
}
