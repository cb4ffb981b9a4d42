package hall

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/devices"
)

// startServer starts an embedded hall bus on a free loopback port.
func startServer(t *testing.T, o ServerOptions) *Server {
	t.Helper()
	if o.Listen == "" {
		o.Listen = "127.0.0.1:0"
	}
	s, err := StartServer(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func connect(t *testing.T, o ClientOptions) *Bus {
	t.Helper()
	if o.ReconnectWait == 0 {
		o.ReconnectWait = 50 * time.Millisecond
	}
	b, err := Connect(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

// eventually waits up to 5 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func startWindow(t *testing.T, url, calls string) (*Window, *Bus) {
	t.Helper()
	wb := connect(t, ClientOptions{URL: url, Terminal: "W1", Role: RoleWindow})
	eventually(t, "window connected", wb.Connected)
	w, err := StartWindow(WindowOptions{Bus: wb, CallsPath: calls})
	if err != nil {
		t.Fatal(err)
	}
	return w, wb
}

// runAgent runs a kiosk agent until the test ends.
func runAgent(t *testing.T, a *Agent) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = a.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
}

func TestCallReachesWindowAndIsAcknowledged(t *testing.T) {
	s := startServer(t, ServerOptions{})
	w, _ := startWindow(t, s.URL(), filepath.Join(t.TempDir(), "calls.db"))
	defer w.Close()
	kb := connect(t, ClientOptions{URL: s.URL(), Terminal: "K1", Role: RoleKiosk})
	eventually(t, "kiosk connected", kb.Connected)
	updates := make(chan CallUpdate, 4)
	a := &Agent{Bus: kb, OnCallUpdate: func(u CallUpdate) { updates <- u }, Interval: 50 * time.Millisecond,
		Status: func(context.Context) Status { return Status{Screen: "form"} }}
	runAgent(t, a)
	ctx := context.Background()
	c, err := a.Call(ctx, Call{Service: "S001", ServiceName: "社保缴费", Stage: 2, Stages: 4, StageName: "填写信息"})
	if err != nil {
		t.Fatalf("call: %v", err)
	}
	open, err := w.Calls(ctx)
	if err != nil || len(open) != 1 {
		t.Fatalf("open calls = %v, %v", open, err)
	}
	if got := open[0]; got.ID != c.ID || got.Terminal != "K1" || got.ServiceName != "社保缴费" || got.State != CallOpen {
		t.Fatalf("stored call = %+v", got)
	}
	if err := w.Accept(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	select {
	case u := <-updates:
		if u.ID != c.ID || u.State != CallAccepted {
			t.Fatalf("update = %+v", u)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the kiosk never heard the call accepted")
	}
	if err := w.CloseCall(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if u := <-updates; u.State != CallClosed {
		t.Fatalf("update = %+v", u)
	}
	if open, _ := w.Calls(ctx); len(open) != 0 {
		t.Fatalf("closed call still open: %v", open)
	}
	eventually(t, "the kiosk in the roster", func() bool {
		ti, ok := w.Roster().Get("K1")
		return ok && ti.Screen == "form" && ti.Role == RoleKiosk
	})
}

func TestBusDownKioskCarriesOnAndComesBack(t *testing.T) {
	port := freeLoopbackPort(t)
	url := "nats://127.0.0.1:" + strconv.Itoa(port)
	kb := connect(t, ClientOptions{URL: url, Terminal: "K1", Role: RoleKiosk})
	a := &Agent{Bus: kb, Interval: 50 * time.Millisecond,
		Status: func(context.Context) Status { return Status{Screen: "home"} }}
	runAgent(t, a)
	start := time.Now()
	_, err := a.Call(context.Background(), Call{})
	if !errors.Is(err, app.ErrNoStaffLink) {
		t.Fatalf("call with the bus down = %v, want ErrNoStaffLink", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("a call with the bus down took %v", d)
	}
	// A server without a window: still nobody to call.
	s := startServer(t, ServerOptions{Listen: "127.0.0.1:" + strconv.Itoa(port)})
	eventually(t, "kiosk reconnected", kb.Connected)
	if _, err := a.Call(context.Background(), Call{}); !errors.Is(err, app.ErrNoStaffLink) {
		t.Fatalf("call with no window = %v, want ErrNoStaffLink", err)
	}
	w, _ := startWindow(t, s.URL(), filepath.Join(t.TempDir(), "calls.db"))
	defer w.Close()
	eventually(t, "status resumes", func() bool { _, ok := w.Roster().Get("K1"); return ok })
	if _, err := a.Call(context.Background(), Call{}); err != nil {
		t.Fatalf("call with the bus back: %v", err)
	}
}

func TestWindowRestartKeepsOpenCalls(t *testing.T) {
	s := startServer(t, ServerOptions{})
	path := filepath.Join(t.TempDir(), "calls.db")
	w, wb := startWindow(t, s.URL(), path)
	kb := connect(t, ClientOptions{URL: s.URL(), Terminal: "K1", Role: RoleKiosk})
	eventually(t, "kiosk connected", kb.Connected)
	a := &Agent{Bus: kb}
	ctx := context.Background()
	c1, err := a.Call(ctx, Call{ServiceName: "公积金提取"})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := a.Call(ctx, Call{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Accept(ctx, c2.ID); err != nil {
		t.Fatal(err)
	}
	w.Close()
	wb.Close()
	w, _ = startWindow(t, s.URL(), path)
	defer w.Close()
	open, err := w.Calls(ctx)
	if err != nil || len(open) != 2 {
		t.Fatalf("after restart: %v, %v", open, err)
	}
	if open[0].ID != c1.ID || open[0].State != CallOpen || open[1].ID != c2.ID || open[1].State != CallAccepted {
		t.Fatalf("after restart: %+v", open)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("call store mode: %v %v", fi.Mode(), err)
	}
}

func TestLiveViewFollowsChanges(t *testing.T) {
	s := startServer(t, ServerOptions{})
	w, _ := startWindow(t, s.URL(), filepath.Join(t.TempDir(), "calls.db"))
	defer w.Close()
	kb := connect(t, ClientOptions{URL: s.URL(), Terminal: "K1", Role: RoleKiosk})
	eventually(t, "kiosk connected", kb.Connected)
	var mu sync.Mutex
	step := 1
	hints := make(chan Hint, 1)
	a := &Agent{Bus: kb, OnHint: func(h Hint) { hints <- h }, View: func() LiveView {
		mu.Lock()
		defer mu.Unlock()
		return LiveView{Screen: "form", InSession: true, Journey: &journey.Snapshot{Journey: "apply", Stage: step, Stages: 4}}
	}}
	runAgent(t, a)
	var v LiveView
	eventually(t, "the kiosk answers the watch", func() bool {
		var err error
		v, err = w.Watch(context.Background(), "K1")
		if err != nil {
			t.Log(err)
		}
		return err == nil
	})
	if v.Journey == nil || v.Journey.Stage != 1 {
		t.Fatalf("first view = %+v", v)
	}
	mu.Lock()
	step = 2
	mu.Unlock()
	a.Changed()
	eventually(t, "the change in the live view", func() bool {
		v, ok := w.View("K1")
		return ok && v.Journey != nil && v.Journey.Stage == 2
	})
	if err := w.Point("K1", "field:2"); err != nil {
		t.Fatal(err)
	}
	select {
	case h := <-hints:
		if h.Item != "field:2" {
			t.Fatalf("hint = %+v", h)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no hint")
	}
}

func TestDeviceFaultRaisesCall(t *testing.T) {
	s := startServer(t, ServerOptions{})
	w, _ := startWindow(t, s.URL(), filepath.Join(t.TempDir(), "calls.db"))
	defer w.Close()
	kb := connect(t, ClientOptions{URL: s.URL(), Terminal: "K1", Role: RoleKiosk})
	eventually(t, "kiosk connected", kb.Connected)
	a := &Agent{Bus: kb, Interval: 30 * time.Millisecond, Status: func(context.Context) Status {
		return Status{Devices: map[devices.Kind]devices.Status{
			devices.KindIDCard:  {State: devices.Online},
			devices.KindReceipt: {State: devices.UserError, Detail: "paper out", Paper: devices.PaperOut},
		}}
	}}
	runAgent(t, a)
	eventually(t, "a device call", func() bool {
		open, _ := w.Calls(context.Background())
		return len(open) == 1 && open[0].Reason == ReasonDevice && open[0].Device == devices.KindReceipt
	})
	time.Sleep(200 * time.Millisecond) // several statuses later: still one call
	if open, _ := w.Calls(context.Background()); len(open) != 1 {
		t.Fatalf("calls = %d, want one per fault", len(open))
	}
	ti, _ := w.Roster().Get("K1")
	if len(ti.Faults) != 1 || ti.Faults[0].Device != devices.KindReceipt || ti.Faults[0].Since.IsZero() {
		t.Fatalf("faults = %+v", ti.Faults)
	}
}

// terminalCreds makes credentials for each id and the terminals list.
func terminalCreds(t *testing.T, roles map[string]Role) (Terminals, map[string]*Creds) {
	t.Helper()
	dir := t.TempDir()
	var ts Terminals
	creds := map[string]*Creds{}
	for id, role := range roles {
		path := filepath.Join(dir, id+".nk")
		pub, err := WriteSeed(path)
		if err != nil {
			t.Fatal(err)
		}
		ts.Terminal = append(ts.Terminal, Terminal{ID: id, Role: role, NKey: pub})
		if creds[id], err = LoadCreds(path); err != nil {
			t.Fatal(err)
		}
	}
	return ts, creds
}

func TestPermissions(t *testing.T) {
	ts, creds := terminalCreds(t, map[string]Role{"K1": RoleKiosk, "K2": RoleKiosk, "W1": RoleWindow})
	s := startServer(t, ServerOptions{Terminals: &ts})
	perm := make(chan error, 10)
	k1 := connect(t, ClientOptions{URL: s.URL(), Terminal: "K1", Role: RoleKiosk, Creds: creds["K1"],
		Extra: []nats.Option{nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { perm <- err })}})
	k2 := connect(t, ClientOptions{URL: s.URL(), Terminal: "K2", Role: RoleKiosk, Creds: creds["K2"]})
	wb := connect(t, ClientOptions{URL: s.URL(), Terminal: "W1", Role: RoleWindow, Creds: creds["W1"]})
	for _, b := range []*Bus{k1, k2, wb} {
		eventually(t, b.ID()+" connected", b.Connected)
	}
	// Without credentials nobody gets in.
	if nc, err := nats.Connect(s.URL(), nats.Timeout(time.Second)); err == nil {
		nc.Close()
		t.Fatal("a connection without credentials was let in")
	}

	heard := make(chan string, 10)
	if _, err := wb.Handle(All(KindStatus), func(m *nats.Msg) { heard <- m.Subject }); err != nil {
		t.Fatal(err)
	}
	if err := wb.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	// K1 publishing as K2: the server refuses.
	if err := k1.Publish(Subject(KindStatus, "K2"), Status{}); err != nil {
		t.Fatal(err)
	}
	expectViolation(t, perm)
	// K1 reading K2's hints: the server refuses the subscription.
	if _, err := k1.Handle(Subject(KindHint, "K2"), func(*nats.Msg) { t.Error("K1 read K2's hint") }); err != nil {
		t.Fatal(err)
	}
	expectViolation(t, perm)
	// Nor K2's replies.
	if _, err := k1.Handle(InboxPrefix("K2")+".>", func(*nats.Msg) { t.Error("K1 read K2's inbox") }); err != nil {
		t.Fatal(err)
	}
	expectViolation(t, perm)
	if err := wb.Publish(Subject(KindHint, "K2"), Hint{Item: "field:1"}); err != nil {
		t.Fatal(err)
	}
	// K1 as itself is fine and is heard.
	if err := k1.Publish(Subject(KindStatus, "K1"), Status{}); err != nil {
		t.Fatal(err)
	}
	select {
	case subj := <-heard:
		if subj != Subject(KindStatus, "K1") {
			t.Fatalf("the window heard %s", subj)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the window never heard K1")
	}
	time.Sleep(100 * time.Millisecond)
	select {
	case subj := <-heard:
		t.Fatalf("the window heard %s", subj)
	default:
	}
}

func expectViolation(t *testing.T, perm chan error) {
	t.Helper()
	select {
	case err := <-perm:
		if !errors.Is(err, nats.ErrPermissionViolation) {
			t.Fatalf("error = %v, want a permissions violation", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not refuse")
	}
}

func TestLeafNodeLink(t *testing.T) {
	central := startServer(t, ServerOptions{LeafListen: "127.0.0.1:0"})
	hallA := startServer(t, ServerOptions{LeafRemotes: []string{central.LeafURL()}})
	eventually(t, "leaf link", func() bool { return central.LeafLinks() == 1 })
	sub := connect(t, ClientOptions{URL: central.URL(), Terminal: "CITY", Role: RoleWindow})
	eventually(t, "city connected", sub.Connected)
	heard := make(chan Status, 10)
	if _, err := sub.Handle(All(KindStatus), func(m *nats.Msg) {
		var st Status
		if Decode(m.Data, &st) == nil {
			heard <- st
		}
	}); err != nil {
		t.Fatal(err)
	}
	_ = sub.Flush(context.Background())
	kb := connect(t, ClientOptions{URL: hallA.URL(), Terminal: "A-K1", Role: RoleKiosk})
	eventually(t, "kiosk connected", kb.Connected)
	runAgent(t, &Agent{Bus: kb, Interval: 50 * time.Millisecond,
		Status: func(context.Context) Status { return Status{Screen: "home"} }})
	select {
	case st := <-heard:
		if st.Terminal != "A-K1" {
			t.Fatalf("heard %+v", st)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the central server never heard hall A's kiosk")
	}
}

func TestSurvey(t *testing.T) {
	s := startServer(t, ServerOptions{})
	kb := connect(t, ClientOptions{URL: s.URL(), Terminal: "K1", Role: RoleKiosk})
	eventually(t, "kiosk connected", kb.Connected)
	runAgent(t, &Agent{Bus: kb, Interval: 50 * time.Millisecond,
		Status: func(context.Context) Status {
			return Status{Devices: map[devices.Kind]devices.Status{devices.KindIDCard: {State: devices.Online}}, Outbox: &OutboxStatus{Depth: 3}}
		}})
	tool := connect(t, ClientOptions{URL: s.URL(), Terminal: "status-tool", Role: RoleWindow})
	eventually(t, "tool connected", tool.Connected)
	// No directory on the bus: the statuses heard.
	list, err := Survey(context.Background(), tool, 300*time.Millisecond)
	if err != nil || len(list) != 1 || list[0].Terminal != "K1" || list[0].Outbox.Depth != 3 {
		t.Fatalf("survey = %+v, %v", list, err)
	}
	// With a window: its directory.
	w, _ := startWindow(t, s.URL(), filepath.Join(t.TempDir(), "calls.db"))
	defer w.Close()
	eventually(t, "the window's roster", func() bool { return len(w.Terminals()) == 2 })
	list, err = Survey(context.Background(), tool, time.Hour)
	if err != nil || len(list) != 2 {
		t.Fatalf("survey = %+v, %v", list, err)
	}
}

func TestCredsMustBePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.nk")
	if _, err := WriteSeed(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCreds(path); !errors.Is(err, ErrOpenCreds) {
		t.Fatalf("LoadCreds of a 0644 file = %v", err)
	}
	if _, err := WriteSeed(path); err == nil {
		t.Fatal("WriteSeed overwrote a key")
	}
}

func TestTerminalsFile(t *testing.T) {
	dir := t.TempDir()
	pub, err := WriteSeed(filepath.Join(dir, "k1.nk"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "terminals.toml")
	if err := AddTerminal(path, Terminal{ID: "K1", Role: RoleKiosk, NKey: pub}); err != nil {
		t.Fatal(err)
	}
	if err := AddTerminal(path, Terminal{ID: "K1", Role: RoleKiosk, NKey: pub}); err == nil {
		t.Fatal("the same terminal added twice")
	}
	for _, bad := range []Terminal{{ID: "a.b", Role: RoleKiosk, NKey: pub}, {ID: "K*", Role: RoleKiosk, NKey: pub},
		{ID: "K2", Role: "boss", NKey: pub}, {ID: "K3", Role: RoleKiosk, NKey: "SUAAA"}} {
		if err := (Terminals{Terminal: []Terminal{bad}}).Check(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	ts, err := LoadTerminals(path)
	if err != nil || len(ts.Terminal) != 1 || ts.Terminal[0].NKey != pub {
		t.Fatalf("loaded %+v, %v", ts, err)
	}
}

func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
