package eventbus_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"hallkiosk/app/eventbus"
	"hallkiosk/app/events"
	"hallkiosk/app/figures"
	"hallkiosk/app/hall"
)

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func openStore(t *testing.T, path, id string) *events.Store {
	t.Helper()
	st, err := events.Open(path, events.Options{Kiosk: id})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func connect(t *testing.T, url, id string, role hall.Role) *hall.Bus {
	t.Helper()
	b, err := hall.Connect(hall.ClientOptions{URL: url, Terminal: id, Role: role, ReconnectWait: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	eventually(t, id+" on the bus", b.Connected)
	return b
}

// session adds one citizen's events at a kiosk.
func session(st *events.Store, i int) {
	st.Add(events.Event{Kind: events.SessionStart})
	st.Add(events.Event{Kind: events.Step, Key: "apply", Detail: "identify", Value: 1, Service: "GJJ-0301"})
	if i%3 != 0 {
		st.Add(events.Event{Kind: events.Submission, Key: events.Online, Service: "GJJ-0301", Reward: i%5 == 0})
		st.Add(events.Event{Kind: events.Rating, Value: int64(1 + i%5), Tags: []string{"slow"}, Service: "GJJ-0301"})
	}
	st.Add(events.Event{Kind: events.SessionEnd, Key: "finished", Value: int64(1000 * (i + 1))})
}

// TestNothingLost: two kiosks add events while the window is off; the
// window comes on, goes off in the middle, comes back with a fresh
// database; in the end the window's figures of today equal each kiosk's
// own, and no event is there twice.
func TestNothingLost(t *testing.T) {
	srv, err := hall.StartServer(hall.ServerOptions{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	kiosks := map[string]*events.Store{}
	for _, id := range []string{"K1", "K2"} {
		st := openStore(t, filepath.Join(dir, id+".db"), id)
		kiosks[id] = st
		s := &eventbus.Sender{Bus: connect(t, srv.URL(), id, hall.RoleKiosk), Store: st, Idle: 20 * time.Millisecond,
			MaxPause: 100 * time.Millisecond}
		done := make(chan struct{})
		go func() { s.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	// The window is off: 700 sessions (more than a batch) at each kiosk.
	for i := 0; i < 700; i++ {
		session(kiosks["K1"], i)
		session(kiosks["K2"], i+1)
	}
	wbus := connect(t, srv.URL(), "W1", hall.RoleWindow)
	window := openStore(t, filepath.Join(dir, "window.db"), "W1")
	recv := &eventbus.Receiver{Bus: wbus, Store: window}
	if err := recv.Start(); err != nil {
		t.Fatal(err)
	}
	holds := func(w *events.Store, id string) func() bool {
		return func() bool {
			want, _ := kiosks[id].Last(ctx, id)
			got, _ := w.Last(ctx, id)
			return got == want && want > 0
		}
	}
	eventually(t, "K1's first events at the window", func() bool { n, _ := window.Last(ctx, "K1"); return n > 0 })
	recv.Stop() // the window goes off in the middle
	for i := 700; i < 800; i++ {
		session(kiosks["K1"], i)
	}
	if err := recv.Start(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "K1 delivered", holds(window, "K1"))
	eventually(t, "K2 delivered", holds(window, "K2"))
	same(t, ctx, window, kiosks)

	// A window with a fresh database gets every event again.
	recv.Stop()
	fresh := openStore(t, filepath.Join(dir, "window2.db"), "W1")
	recv2 := &eventbus.Receiver{Bus: wbus, Store: fresh}
	if err := recv2.Start(); err != nil {
		t.Fatal(err)
	}
	defer recv2.Stop()
	session(kiosks["K2"], 9) // something new, so K2 asks
	session(kiosks["K1"], 9)
	eventually(t, "K1 again", holds(fresh, "K1"))
	eventually(t, "K2 again", holds(fresh, "K2"))
	same(t, ctx, fresh, kiosks)
}

// same checks the window holds each kiosk's events once, with the same
// figures.
func same(t *testing.T, ctx context.Context, window *events.Store, kiosks map[string]*events.Store) {
	t.Helper()
	today := figures.OneDay(events.DayOf(time.Now(), time.Local))
	for id, st := range kiosks {
		if err := st.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		var n, distinct int
		window.DB().QueryRow(`SELECT count(*), count(DISTINCT seq) FROM events WHERE kiosk = ?`, id).Scan(&n, &distinct)
		last, _ := st.Last(ctx, id)
		if int64(n) != last || distinct != n {
			t.Errorf("%s: the window holds %d events (%d distinct), the kiosk %d", id, n, distinct, last)
		}
		want, err := figures.Compute(ctx, st.DB(), time.Local, today, figures.Filter{Kiosk: id})
		if err != nil {
			t.Fatal(err)
		}
		got, err := figures.Compute(ctx, window.DB(), time.Local, today, figures.Filter{Kiosk: id})
		if err != nil {
			t.Fatal(err)
		}
		w, g := want.Total, got.Total
		if g.Sessions != w.Sessions || g.Submissions != w.Submissions || g.Ratings != w.Ratings || g.Rewards != w.Rewards ||
			g.DwellMedian != w.DwellMedian || g.DwellAvg != w.DwellAvg {
			t.Errorf("%s: window %+v\nkiosk %+v", id, g, w)
		}
	}
}
