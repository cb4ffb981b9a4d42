package app

import (
	"context"
	"errors"
	"testing"

	"hallkiosk/app/portal"
)

// TestSubmitWithoutAQueueSaysSo: a kiosk whose outbox could not be opened
// (lost or foreign queue) refuses with ErrNoQueue, which the screens put
// into words; it never pretends the application was stored.
func TestSubmitWithoutAQueueSaysSo(t *testing.T) {
	s, _, _ := newTestSession(t)
	sub := &Submitter{Session: s, DeviceID: "K-1"}
	_, _, err := sub.Submit(context.Background(), portal.ServiceItem{Code: "SB-0202"}, portal.Form{}, nil)
	if !errors.Is(err, ErrNoQueue) {
		t.Fatalf("Submit without a queue = %v, want ErrNoQueue", err)
	}
}
