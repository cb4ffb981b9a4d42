package kiosk

import (
	"context"
	"strings"
	"testing"
)

// TestFeedbackInOwnWordsReachesThePortal: 意见建议 written in the citizen's
// own words, with a ready phrase added and a phone for a reply, goes
// through the outbox to the portal simulator; the phone is in no log line,
// no file of the kiosk and no snapshot, and shows masked.
func TestFeedbackInOwnWordsReachesThePortal(t *testing.T) {
	k := startDemoKiosk(t)
	k.Session.Start()
	j := k.Journeys.Feedback()
	j.Begin()
	if err := j.Choose("other"); err != nil {
		t.Fatal(err)
	}
	const words, phone = "大厅空调有点冷", "13912348765"
	j.SetDraft(words)
	j.AddPhrase("说明文字再简单些")
	for _, d := range phone {
		j.TypePhone(string(d))
	}
	if got := j.PhoneMasked(); got != "139****8765" {
		t.Errorf("phone shown as %q", got)
	}
	if s := j.Snapshot(); strings.Contains(s.Text, words) {
		t.Errorf("the snapshot carries the citizen's words: %+v", s)
	}
	if err := j.Submit(); err != nil {
		t.Fatal(err)
	}
	k.waitFor(t, "the thanks", j.Sent)
	k.Outbox.Drain(context.Background(), false)
	got, err := k.demo.Portal.Feedback(context.Background())
	if err != nil || len(got) != 1 {
		t.Fatalf("portal has %+v, %v", got, err)
	}
	if f := got[0]; f.Category != "other" || f.Text != words+"，说明文字再简单些" || f.Contact != phone {
		t.Errorf("portal got %+v", f)
	}
	k.Session.Finish()
	if j.Phone() != "" || j.Draft() != "" {
		t.Error("the journey keeps the citizen's words or phone after the session ended")
	}
	k.checkNoLeak(t, phone, "139 1234 8765", words)
}

// TestFeedbackRefusesABadPhone: a phone that is not a mobile number is
// refused before anything is stored, and the words stay.
func TestFeedbackRefusesABadPhone(t *testing.T) {
	k := startDemoKiosk(t)
	k.Session.Start()
	j := k.Journeys.Feedback()
	j.Begin()
	j.Choose("device")
	j.SetDraft("屏幕太亮")
	for _, d := range "12345" {
		j.TypePhone(string(d))
	}
	if err := j.Submit(); err == nil {
		t.Fatal("a five-digit phone was accepted")
	}
	if j.Sent() || j.Draft() != "屏幕太亮" {
		t.Errorf("sent %v, draft %q", j.Sent(), j.Draft())
	}
	if s := j.Snapshot(); s.Problem == "" {
		t.Errorf("snapshot names no problem: %+v", s)
	}
}
