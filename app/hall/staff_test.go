package hall

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/nats-io/nats.go"

	"hallkiosk/app/audit"
	"hallkiosk/app/staff"
)

type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func openAccounts(t *testing.T) *staff.Store {
	t.Helper()
	dir := t.TempDir()
	al, err := audit.Open(filepath.Join(dir, audit.FileName), audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { al.Close() })
	s, err := staff.Open(filepath.Join(dir, staff.FileName), staff.Options{Audit: al, Params: staff.Params{Time: 1, MemoryKiB: 64, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestStaffPINOverTheBus: a kiosk's PIN check is the window's (its
// lockout counts), the kiosk keeps a copy of the hashes from the window,
// and with the window or the whole bus down the copy decides. No other
// kiosk can hear a PIN, and no log line carries one.
func TestStaffPINOverTheBus(t *testing.T) {
	ctx := context.Background()
	ts, creds := terminalCreds(t, map[string]Role{"K1": RoleKiosk, "K2": RoleKiosk, "W1": RoleWindow})
	s := startServer(t, ServerOptions{Terminals: &ts})
	perm := make(chan error, 10)
	k1 := connect(t, ClientOptions{URL: s.URL(), Terminal: "K1", Role: RoleKiosk, Creds: creds["K1"]})
	k2 := connect(t, ClientOptions{URL: s.URL(), Terminal: "K2", Role: RoleKiosk, Creds: creds["K2"],
		Extra: []nats.Option{nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { perm <- err })}})
	wb := connect(t, ClientOptions{URL: s.URL(), Terminal: "W1", Role: RoleWindow, Creds: creds["W1"]})
	for _, b := range []*Bus{k1, k2, wb} {
		eventually(t, b.ID()+" connected", b.Connected)
	}
	window := openAccounts(t)
	window.Add(ctx, "1001", staff.RoleAssistant, "480215", "test")
	window.Add(ctx, "9001", staff.RoleAdmin, "735190", "test")
	logs := &lockedBuf{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	stop, err := ServeStaff(wb, window, log)
	if err != nil {
		t.Fatal(err)
	}
	if err := wb.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	// K2 listening for PINs: the server refuses.
	if _, err := k2.Handle(All(KindStaff), func(*nats.Msg) { t.Error("K2 heard a PIN check") }); err != nil {
		t.Fatal(err)
	}
	expectViolation(t, perm)

	copyOf := openAccounts(t)
	c := &StaffChecker{Bus: k1, Local: copyOf, Log: log}
	if a, err := c.Check(ctx, "9001", "735190"); err != nil || a.Role != staff.RoleAdmin {
		t.Fatalf("over the bus: %+v %v", a, err)
	}
	if _, err := c.Check(ctx, "1001", "000000"); !errors.Is(err, staff.ErrWrongPIN) {
		t.Fatalf("wrong PIN over the bus: %v", err)
	}
	if l, _ := window.List(ctx); l[0].Failures != 1 {
		t.Fatalf("the window's lockout did not count: %+v", l[0])
	}
	for range 4 {
		c.Check(ctx, "1001", "000000")
	}
	var le *staff.LockedError
	if _, err := c.Check(ctx, "1001", "480215"); !errors.As(err, &le) {
		t.Fatalf("locked at the window: %v", err)
	}
	window.SetPIN(ctx, "1001", "592073", "test") // clears the lock

	// The copy: empty until refreshed, then the window's accounts.
	if l, _ := copyOf.List(ctx); len(l) != 0 {
		t.Fatalf("copy before a refresh: %+v", l)
	}
	if err := c.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if l, _ := copyOf.List(ctx); len(l) != 2 {
		t.Fatalf("copy: %+v", l)
	}
	// The window stops answering: the copy decides.
	stop()
	wb.Flush(ctx)
	if a, err := c.Check(ctx, "1001", "592073"); err != nil || a.Role != staff.RoleAssistant {
		t.Fatalf("window gone, copy: %+v %v", a, err)
	}
	if _, err := c.Check(ctx, "1001", "480215"); !errors.Is(err, staff.ErrWrongPIN) {
		t.Fatalf("old PIN on the copy: %v", err)
	}
	if err := c.Refresh(ctx); !errors.Is(err, ErrDown) {
		t.Fatalf("refresh without a window: %v", err)
	}
	// The whole bus down: the copy still opens the menu.
	s.Close()
	eventually(t, "K1 disconnected", func() bool { return !k1.Connected() })
	if _, err := c.Check(ctx, "9001", "735190"); err != nil {
		t.Fatalf("bus down, copy: %v", err)
	}
	for _, pin := range []string{"480215", "735190", "592073", "000000"} {
		if strings.Contains(logs.String(), pin) {
			t.Fatalf("PIN %s in the log:\n%s", pin, logs.String())
		}
	}
}
