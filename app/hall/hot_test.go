package hall

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// TestHotOnlyFromTheWindow: on a hall with credentials, a kiosk's hot list
// on hall.hot is refused by the server and reaches nobody; the window's
// reaches every kiosk.
func TestHotOnlyFromTheWindow(t *testing.T) {
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
	heard := make(chan string, 10)
	if _, err := k2.Handle(SubjectHot, func(m *nats.Msg) { heard <- string(m.Data) }); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := k2.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	// K1 publishing a ranking: the server refuses, K2 hears nothing.
	if err := k1.Publish(SubjectHot, map[string][]string{"codes": {"GA-0101"}}); err != nil {
		t.Fatal(err)
	}
	expectViolation(t, perm)
	if err := k1.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	// The window's ranking reaches K2.
	if err := wb.Publish(SubjectHot, map[string][]string{"codes": {"MZ-0701"}}); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-heard:
		if m != `{"codes":["MZ-0701"]}` {
			t.Fatalf("K2 heard %s, want only the window's ranking", m)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the window's ranking did not reach the kiosk")
	}
}
