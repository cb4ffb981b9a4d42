package idcard_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hallkiosk/devices"
	"hallkiosk/devices/idcard"
	"hallkiosk/devices/idcard/idcardsim"
)

// guard bounds every wait in these tests. It only fires when something is
// broken; no test waits for time to pass.
const guard = 15 * time.Second

// startSim starts a simulator on a fresh link path.
func startSim(t *testing.T, opts idcardsim.Options) (*idcardsim.Sim, string) {
	t.Helper()
	link := filepath.Join(t.TempDir(), "ttyIDCARD")
	sim, err := idcardsim.Start(context.Background(), link, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim, link
}

// fastOpts polls quickly so tests finish quickly; nothing depends on it.
func fastOpts() idcard.Opts {
	return idcard.Opts{PollInterval: 5 * time.Millisecond, MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond}
}

func openReader(t *testing.T, ctx context.Context, link string, opts idcard.Opts) *idcard.Reader {
	t.Helper()
	r, err := idcard.Open(ctx, link, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// next returns the next event that satisfies match, failing the test if
// the channel closes or the guard expires first. Other events are logged
// and skipped.
func next(t *testing.T, r *idcard.Reader, what string, match func(idcard.Event) bool) idcard.Event {
	t.Helper()
	timer := time.NewTimer(guard)
	defer timer.Stop()
	for {
		select {
		case ev, ok := <-r.Events():
			if !ok {
				t.Fatalf("events closed while waiting for %s", what)
			}
			if match(ev) {
				return ev
			}
			if ev.Kind == idcard.CardRead {
				t.Fatalf("unexpected card read while waiting for %s: %v", what, ev.Card)
			}
			t.Logf("skip %v %v %v", ev.Kind, ev.Status, ev.Err)
		case <-timer.C:
			t.Fatalf("no %s within %v (status %v)", what, guard, r.Status())
		}
	}
}

func kind(k idcard.EventKind) func(idcard.Event) bool {
	return func(ev idcard.Event) bool { return ev.Kind == k }
}

func state(s devices.State) func(idcard.Event) bool {
	return func(ev idcard.Event) bool { return ev.Kind == idcard.StatusChanged && ev.Status.State == s }
}

func wantCard(t *testing.T, ev idcard.Event, want *idcard.Card) {
	t.Helper()
	if ev.Card == nil {
		t.Fatal("card read without a card")
	}
	if got, w := ev.Card.View(), want.View(); got != w {
		t.Fatalf("card\n got %+v\nwant %+v", got, w)
	}
}

// requests forwards the commands the simulator receives.
func requests() (chan idcard.Command, func(idcard.Command)) {
	ch := make(chan idcard.Command, 1024)
	return ch, func(c idcard.Command) {
		select {
		case ch <- c:
		default:
		}
	}
}

// awaitRequests waits until the simulator received n more requests of cmd.
func awaitRequests(t *testing.T, ch chan idcard.Command, cmd idcard.Command, n int) {
	t.Helper()
	timer := time.NewTimer(guard)
	defer timer.Stop()
	for n > 0 {
		select {
		case c := <-ch:
			if c == cmd {
				n--
			}
		case <-timer.C:
			t.Fatalf("simulator did not see %v", cmd)
		}
	}
}

func drain(ch chan idcard.Command) {
	for {
		select {
		case <-ch:
		default:
			return
		}
	}
}

func TestReaderReadRemoveReplace(t *testing.T) {
	reqs, onReq := requests()
	sim, link := startSim(t, idcardsim.Options{OnRequest: onReq})
	r := openReader(t, context.Background(), link, fastOpts())

	ev := next(t, r, "online", state(devices.Online))
	if ev.Status.Detail != "SAM 05.01-20105967-012345678-987654321" {
		t.Errorf("online detail %q", ev.Status.Detail)
	}
	samples := idcardsim.SampleCards()
	card := samples[2] // rare character, appended address
	if err := sim.Place(card); err != nil {
		t.Fatal(err)
	}
	wantCard(t, next(t, r, "card read", kind(idcard.CardRead)), card)
	if st := r.Status(); st.State != devices.Online {
		t.Errorf("status after read %v", st)
	}

	// While the card stays, the reader keeps asking whether it is still
	// there and does not report it again.
	drain(reqs)
	awaitRequests(t, reqs, idcard.CmdReadAppended, 5)
	for len(r.Events()) > 0 {
		if ev := <-r.Events(); ev.Kind == idcard.CardRead || ev.Kind == idcard.CardRemoved {
			t.Fatalf("card event while the card stays: %v", ev.Kind)
		}
	}

	sim.Remove()
	next(t, r, "card removed", kind(idcard.CardRemoved))

	// The same card placed again is a new read.
	if err := sim.Place(card); err != nil {
		t.Fatal(err)
	}
	wantCard(t, next(t, r, "card read again", kind(idcard.CardRead)), card)

	// Swapping cards without a gap: removal of the first, then the second.
	if err := sim.Place(samples[3]); err != nil {
		t.Fatal(err)
	}
	next(t, r, "card removed on swap", kind(idcard.CardRemoved))
	wantCard(t, next(t, r, "second card read", kind(idcard.CardRead)), samples[3])
}

func TestReaderAllLayouts(t *testing.T) {
	sim, link := startSim(t, idcardsim.Options{})
	r := openReader(t, context.Background(), link, fastOpts())
	next(t, r, "online", state(devices.Online))
	for _, card := range idcardsim.SampleCards() {
		t.Run(string(card.Type)+" "+card.Masked().Name, func(t *testing.T) {
			if err := sim.Place(card); err != nil {
				t.Fatal(err)
			}
			wantCard(t, next(t, r, "card read", kind(idcard.CardRead)), card)
			sim.Remove()
			next(t, r, "card removed", kind(idcard.CardRemoved))
		})
	}
}

func TestReaderFingerprint(t *testing.T) {
	card := idcardsim.SampleCards()[0]
	card.Fingerprint = make([]byte, 1024)
	for i := range card.Fingerprint {
		card.Fingerprint[i] = byte(i)
	}
	_, link := startSim(t, idcardsim.Options{Card: card})
	opts := fastOpts()
	opts.Fingerprint = true
	r := openReader(t, context.Background(), link, opts)
	ev := next(t, r, "card read", kind(idcard.CardRead))
	wantCard(t, ev, card)
	if string(ev.Card.Fingerprint) != string(card.Fingerprint) {
		t.Fatal("fingerprint differs")
	}
}

func TestReaderUnplugReplug(t *testing.T) {
	card := idcardsim.SampleCards()[0]
	sim, link := startSim(t, idcardsim.Options{})
	opts := fastOpts()
	opts.MaxBackoff = time.Second // the production maximum
	r := openReader(t, context.Background(), link, opts)
	next(t, r, "online", state(devices.Online))
	if err := sim.Place(card); err != nil {
		t.Fatal(err)
	}
	next(t, r, "card read", kind(idcard.CardRead))

	for round := 0; round < 2; round++ {
		if err := sim.Unplug(); err != nil {
			t.Fatal(err)
		}
		next(t, r, "no_device", state(devices.NoDevice))
		if err := sim.Unplug(); err != nil { // a second unplug is harmless
			t.Fatal(err)
		}
		start := time.Now()
		if err := sim.Replug(); err != nil {
			t.Fatal(err)
		}
		next(t, r, "online after replug", state(devices.Online))
		t.Logf("round %d: online %v after replug (backoff at most %v)", round, time.Since(start), opts.MaxBackoff)
		// The card stayed on the reader; after the power cycle it is read again.
		wantCard(t, next(t, r, "card read after replug", kind(idcard.CardRead)), card)
	}
}

func TestReaderStartsWithoutDevice(t *testing.T) {
	link := filepath.Join(t.TempDir(), "ttyLATER")
	r := openReader(t, context.Background(), link, fastOpts())
	next(t, r, "no_device", state(devices.NoDevice))
	sim, err := idcardsim.Start(context.Background(), link, idcardsim.Options{Card: idcardsim.SampleCards()[1]})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	next(t, r, "online", state(devices.Online))
	wantCard(t, next(t, r, "card read", kind(idcard.CardRead)), idcardsim.SampleCards()[1])
}

func TestReaderCancellation(t *testing.T) {
	_, link := startSim(t, idcardsim.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	r := openReader(t, ctx, link, fastOpts())
	next(t, r, "online", state(devices.Online))
	cancel()
	timer := time.NewTimer(guard)
	defer timer.Stop()
	for {
		select {
		case _, ok := <-r.Events():
			if !ok {
				if err := r.Close(); err != nil {
					t.Fatal(err)
				}
				if err := r.Close(); err != nil {
					t.Fatal(err)
				}
				return
			}
		case <-timer.C:
			t.Fatal("events not closed after cancel")
		}
	}
}

func TestReaderCloseWhileReading(t *testing.T) {
	reqs, onReq := requests()
	// At 9600 baud the 1295-byte reply takes 1.35 s on the line: the
	// reader is in the middle of it when Close comes.
	_, link := startSim(t, idcardsim.Options{Baud: 9600, OnRequest: onReq, Card: idcardsim.SampleCards()[0]})
	opts := fastOpts()
	opts.Baud = 9600
	r, err := idcard.Open(context.Background(), link, opts)
	if err != nil {
		t.Fatal(err)
	}
	awaitRequests(t, reqs, idcard.CmdReadText, 1)
	start := time.Now()
	closed := make(chan error)
	go func() { closed <- r.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(guard):
		t.Fatal("Close did not return")
	}
	t.Logf("Close returned %v into a read", time.Since(start))
	for ev := range r.Events() {
		if ev.Kind == idcard.CardRead {
			t.Fatal("card reported after Close")
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
}

func TestReaderLineFaults(t *testing.T) {
	card := idcardsim.SampleCards()[1]
	for _, tc := range []struct {
		name   string
		faults idcardsim.Faults
	}{
		{"noise before every reply", idcardsim.Faults{Noise: 23}},
		{"replies split in pieces", idcardsim.Faults{Split: 7}},
		{"noise and split", idcardsim.Faults{Noise: 5, Split: 64}},
		{"two bad checksums", idcardsim.Faults{BadChecksum: 2}},
		{"a lost reply", idcardsim.Faults{Mute: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim, link := startSim(t, idcardsim.Options{})
			opts := fastOpts()
			// Short enough that a lost reply is soon given up, long enough
			// that a reply in 185 pieces still fits while the machine is
			// loaded by the other test packages (the reply's budget is
			// this plus twice its line time).
			opts.ModuleTime = 500 * time.Millisecond
			r := openReader(t, context.Background(), link, opts)
			next(t, r, "online", state(devices.Online))
			sim.SetFaults(tc.faults)
			if err := sim.Place(card); err != nil {
				t.Fatal(err)
			}
			wantCard(t, next(t, r, "card read", kind(idcard.CardRead)), card)
		})
	}
}

func TestReaderReadFailed(t *testing.T) {
	bad := idcardsim.SampleCards()[0]
	bad.IDNumber = bad.IDNumber[:17] + "0"
	if idcard.ValidNumber(bad.IDNumber) {
		bad.IDNumber = bad.IDNumber[:17] + "1"
	}
	badText, err := idcard.EncodeText(bad)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		text [idcard.TextLen]byte
		want error
	}{
		{"bad check character", badText, idcard.ErrCheckDigit},
		{"2023 layout Y", idcardsim.Sample2023Text(), idcard.ErrUnsupportedLayout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reqs, onReq := requests()
			sim, link := startSim(t, idcardsim.Options{OnRequest: onReq})
			r := openReader(t, context.Background(), link, fastOpts())
			next(t, r, "online", state(devices.Online))
			drain(reqs)
			sim.PlaceRaw(tc.text, idcardsim.SyntheticPhoto("x"))
			ev := next(t, r, "read failed", kind(idcard.ReadFailed))
			if !errors.Is(ev.Err, tc.want) {
				t.Fatalf("err %v, want %v", ev.Err, tc.want)
			}
			reads := 0
			for len(reqs) > 0 {
				if <-reqs == idcard.CmdReadText {
					reads++
				}
			}
			t.Logf("%s after %d reads", ev.Err, reads)
			sim.Remove()
			next(t, r, "card removed", kind(idcard.CardRemoved))
		})
	}
}

func TestReaderSAMFailure(t *testing.T) {
	sim, link := startSim(t, idcardsim.Options{Faults: idcardsim.Faults{SAMStatus: 0x60}})
	r := openReader(t, context.Background(), link, fastOpts())
	next(t, r, "hardware_error", state(devices.HardwareError))
	sim.SetFaults(idcardsim.Faults{})
	next(t, r, "online after the SAM recovers", state(devices.Online))
}

func TestReaderOpenNeedsPort(t *testing.T) {
	if _, err := idcard.Open(context.Background(), "", idcard.Opts{}); err == nil {
		t.Fatal("Open without a port succeeded")
	}
}

func TestReadOnce(t *testing.T) {
	card := idcardsim.SampleCards()[3]
	sim, link := startSim(t, idcardsim.Options{Card: card})
	got, err := idcard.ReadOnce(context.Background(), link, fastOpts())
	if err != nil {
		t.Fatal(err)
	}
	if got.View() != card.View() {
		t.Fatalf("got %+v", got.View())
	}

	// The card was read and stays: it does not answer find card again,
	// so a second one-shot read finds nothing before its deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = idcard.ReadOnce(ctx, link, fastOpts())
	if !errors.Is(err, idcard.ErrNoCard) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want ErrNoCard and DeadlineExceeded", err)
	}

	sim.PlaceRaw(idcardsim.Sample2023Text(), nil)
	if _, err := idcard.ReadOnce(context.Background(), link, fastOpts()); !errors.Is(err, idcard.ErrUnsupportedLayout) {
		t.Fatalf("Y card: %v", err)
	}

	if _, err := idcard.ReadOnce(context.Background(), filepath.Join(t.TempDir(), "missing"), fastOpts()); err == nil {
		t.Fatal("read from a missing port succeeded")
	}
}

// syncBuffer is a bytes.Buffer safe for the reader's goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestReaderLogsAreMasked(t *testing.T) {
	var logs syncBuffer
	card := idcardsim.SampleCards()[2]
	sim, link := startSim(t, idcardsim.Options{Card: card})
	opts := fastOpts()
	opts.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := openReader(t, context.Background(), link, opts)
	next(t, r, "card read", kind(idcard.CardRead))
	sim.Unplug() // a warning with an error in it
	next(t, r, "no_device", state(devices.NoDevice))
	r.Close()
	out := logs.String()
	if !strings.Contains(out, "card read") || !strings.Contains(out, card.Masked().IDNumber) {
		t.Fatalf("expected a masked card line in the log:\n%s", out)
	}
	for _, secret := range []string{card.IDNumber, card.Name, card.Address, card.AppendedAddress} {
		if strings.Contains(out, secret) {
			t.Fatalf("log leaks %q:\n%s", secret, out)
		}
	}
}

// A replug so quick that the link is back before the reader notices: the
// old descriptor is dead although the path exists again.
func TestReaderQuickReplug(t *testing.T) {
	card := idcardsim.SampleCards()[4]
	sim, link := startSim(t, idcardsim.Options{Card: card})
	r := openReader(t, context.Background(), link, fastOpts())
	next(t, r, "card read", kind(idcard.CardRead))
	if err := sim.Unplug(); err != nil {
		t.Fatal(err)
	}
	if err := sim.Replug(); err != nil {
		t.Fatal(err)
	}
	next(t, r, "no_device", state(devices.NoDevice))
	next(t, r, "online", state(devices.Online))
	wantCard(t, next(t, r, "card read after replug", kind(idcard.CardRead)), card)
}

// TestReaderRestsUntilAttended: without attention the reader pauses
// RestInterval between polls, with it PollInterval; Attend(true) ends a
// rest under way at once, so a card placed for a waiting screen is read
// without waiting out the rest.
func TestReaderRestsUntilAttended(t *testing.T) {
	sim, link := startSim(t, idcardsim.Options{})
	pauses := make(chan time.Duration, 1000)
	opts := fastOpts()
	opts.RestInterval = time.Hour
	opts.Sleep = func(ctx context.Context, d time.Duration) error {
		select {
		case pauses <- d:
		default:
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(min(d, 5*time.Millisecond)):
			return nil
		}
	}
	r := openReader(t, context.Background(), link, opts)
	next(t, r, "online", state(devices.Online))
	waitPause := func(want time.Duration) {
		t.Helper()
		deadline := time.After(guard)
		for {
			select {
			case d := <-pauses:
				if d == want {
					return
				}
			case <-deadline:
				t.Fatalf("no pause of %s between polls", want)
			}
		}
	}
	waitPause(time.Hour) // resting: the hour-long pause is now under way
	card := idcardsim.SampleCards()[0]
	if err := sim.Place(card); err != nil {
		t.Fatal(err)
	}
	r.Attend(true) // a screen asks for the card: the rest ends
	wantCard(t, next(t, r, "card read", kind(idcard.CardRead)), card)
	waitPause(opts.PollInterval)
	r.Attend(false)
	waitPause(time.Hour)
}
