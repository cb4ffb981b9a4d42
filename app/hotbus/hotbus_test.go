package hotbus

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"hallkiosk/app/events"
)

// busRecorder keeps what was published.
type busRecorder struct{ sent []Ranking }

func (b *busRecorder) Publish(subject string, v any) error {
	b.sent = append(b.sent, v.(Ranking))
	return nil
}

// TestPublisher: the ranking follows the hall's submissions, goes out when
// it changed and again after Every, not otherwise; a new hall publishes
// an empty ranking (the catalog's hot flag fills home).
func TestPublisher(t *testing.T) {
	st, err := events.Open(filepath.Join(t.TempDir(), "events.db"), events.Options{Kiosk: "W1"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	now := time.Now()
	b := &busRecorder{}
	p := &Publisher{Bus: b, Store: st, Every: time.Minute, Now: func() time.Time { return now }}
	if sent, err := p.PublishOnce(ctx); err != nil || !sent || len(b.sent[0].Codes) != 0 {
		t.Fatalf("a new hall: %v %v %+v", sent, err, b.sent)
	}
	if sent, _ := p.PublishOnce(ctx); sent {
		t.Fatal("unchanged and not due, published")
	}
	for _, c := range []string{"B", "A", "A"} {
		st.Add(events.Event{Kind: events.Submission, Key: events.Online, Service: c})
	}
	if err := st.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if sent, _ := p.PublishOnce(ctx); !sent || len(b.sent) != 2 || b.sent[1].Codes[0] != "A" || b.sent[1].Codes[1] != "B" {
		t.Fatalf("after submissions: %+v", b.sent)
	}
	now = now.Add(2 * time.Minute)
	if sent, _ := p.PublishOnce(ctx); !sent || b.sent[2].Days != 30 {
		t.Fatalf("due again: %+v", b.sent)
	}
}

// fakeBus hands the follower's handler to the test.
type fakeBus struct {
	up bool
	f  func(*nats.Msg)
}

func (b *fakeBus) Handle(_ string, f func(*nats.Msg)) (*nats.Subscription, error) {
	b.f = f
	return nil, nil
}
func (b *fakeBus) Connected() bool { return b.up }

// TestFollower: a ranking counts while the bus is up and it is fresh;
// a bad message is dropped; OnChange only for a change.
func TestFollower(t *testing.T) {
	b := &fakeBus{up: true}
	changes := 0
	f := &Follower{Bus: b, MaxAge: 50 * time.Millisecond, OnChange: func() { changes++ }}
	if err := f.Start(); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Codes(); ok {
		t.Fatal("a ranking before any came")
	}
	b.f(&nats.Msg{Data: []byte(`{"codes":["A","B"],"days":30}`)})
	b.f(&nats.Msg{Data: []byte(`{"codes":["A","B"],"days":30}`)})
	b.f(&nats.Msg{Data: []byte(`not json`)})
	if codes, ok := f.Codes(); !ok || len(codes) != 2 || codes[0] != "A" || changes != 1 {
		t.Fatalf("codes %v %v, %d changes", codes, ok, changes)
	}
	b.up = false
	if _, ok := f.Codes(); ok {
		t.Fatal("the hall's ranking with the bus down")
	}
	b.up = true
	time.Sleep(60 * time.Millisecond)
	if _, ok := f.Codes(); ok {
		t.Fatal("a stale ranking still counts")
	}
	var nilF *Follower
	if _, ok := nilF.Codes(); ok {
		t.Fatal("no follower, a ranking")
	}
}
