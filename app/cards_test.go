package app

import (
	"context"
	"testing"
	"time"

	"hallkiosk/devices"
	"hallkiosk/devices/idcard"
	"hallkiosk/internal/logging"
)

type fakeReader struct{ ch chan idcard.Event }

func (f fakeReader) Events() <-chan idcard.Event { return f.ch }
func (f fakeReader) Status() devices.Status      { return devices.Status{State: devices.Online} }

func TestCardsStartASessionKeepTheCardAndWipeIt(t *testing.T) {
	s, _, _ := newTestSession(t)
	cards := NewCards(s, logging.Discard())
	changes := 0
	cards.Subscribe(func() { changes++ })
	r := fakeReader{ch: make(chan idcard.Event)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { cards.Run(ctx, r); close(done) }()

	photo := []byte{1, 2, 3}
	card := &idcard.Card{Type: idcard.Resident, Name: "张三丰", IDNumber: "11010519491231002X", Photo: photo}
	r.ch <- idcard.Event{Kind: idcard.ReadFailed, Err: idcard.ErrCheckDigit}
	r.ch <- idcard.Event{Kind: idcard.CardRead, Card: card}
	r.ch <- idcard.Event{Kind: idcard.StatusChanged, Status: devices.Status{State: devices.Online}}
	cancel()
	<-done

	if got := s.Snapshot().State; got != StateHome {
		t.Fatalf("a card on the attract loop should start a session, state %v", got)
	}
	if s.Data().Card() != card || !cards.Present() || cards.Problem() != CardOK {
		t.Fatal("card not kept, or a stale problem remains")
	}
	if changes != 3 {
		t.Fatalf("%d change notifications, want 3", changes)
	}
	s.Finish()
	if s.Data().Card() != nil || card.IDNumber != "" || photo[0] != 0 {
		t.Fatal("the card survived the wipe")
	}
}

func TestCardsProblemInWords(t *testing.T) {
	s, _, _ := newTestSession(t)
	cards := NewCards(s, logging.Discard())
	if cards.Problem() != CardReaderDown {
		t.Fatal("no reader must be reported")
	}
	cards.handle(idcard.Event{Kind: idcard.StatusChanged, Status: devices.Status{State: devices.Online}})
	cards.handle(idcard.Event{Kind: idcard.ReadFailed, Err: idcard.ErrUnsupportedLayout})
	if cards.Problem() != CardUnsupported {
		t.Fatalf("problem %v", cards.Problem())
	}
	cards.handle(idcard.Event{Kind: idcard.ReadFailed, Err: idcard.ErrCheckDigit})
	if cards.Problem() != CardReadFailed {
		t.Fatalf("problem %v", cards.Problem())
	}
}

// attendingReader records what Cards says about attention.
type attendingReader struct {
	fakeReader
	attend chan bool
}

func (a attendingReader) Attend(on bool) { a.attend <- on }

// TestCardsAttendOnlyWhileAScreenAsksForTheCard: the reader polls at full
// pace only while the card screen is up.
func TestCardsAttendOnlyWhileAScreenAsksForTheCard(t *testing.T) {
	s, _, _ := newTestSession(t)
	cards := NewCards(s, logging.Discard())
	r := attendingReader{fakeReader{ch: make(chan idcard.Event)}, make(chan bool, 16)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { cards.Run(ctx, r); close(done) }()
	want := func(on bool, where string) {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case got := <-r.attend:
				if got == on {
					return
				}
			case <-deadline:
				t.Fatalf("%s: no Attend(%v)", where, on)
			}
		}
	}
	want(false, "attract loop")
	s.Start()
	s.Open(Screen{ID: ScreenIDCard, Param: "GJJ-0301"})
	want(true, "card screen")
	s.Finish()
	want(false, "after the session")
	cancel()
	<-done
}
