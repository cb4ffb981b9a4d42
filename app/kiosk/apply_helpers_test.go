package kiosk

import (
	"testing"

	"hallkiosk/app/journey"
)

// applyWithCard opens service code's application in the running session,
// puts the demo's first card on the reader and confirms it: the start every
// journey test with a card shares.
func applyWithCard(t *testing.T, k *demoKiosk, code string) *journey.Apply {
	t.Helper()
	j, err := k.Journeys.Apply(code)
	if err != nil {
		t.Fatal(err)
	}
	j.Begin()
	k.demo.PlaceCard(0)
	k.waitFor(t, "the card", func() bool { return k.Session.Data().Card() != nil })
	j.CardConfirmed()
	return j
}

// fillSocialInsurance fills 社保缴费 (SB-0201)'s two fields, the grade
// 1000 and the phone 13612345678, moving past each.
func fillSocialInsurance(t *testing.T, j *journey.Apply) {
	t.Helper()
	grade, _ := j.Field(0)
	j.SetValue(grade, "1000")
	if fe := j.Next(0); fe != nil {
		t.Fatal(fe)
	}
	phone, _ := j.Field(1)
	j.SetValue(phone, "13612345678")
	if fe := j.Next(1); fe != nil {
		t.Fatal(fe)
	}
}
