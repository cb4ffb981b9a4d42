package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"hallkiosk/app"
	"hallkiosk/speech"
)

// TestKeyboardWalkIsSpokenInOrder: a blind citizen starts from the keypad,
// walks to a service with Tab, opens it with Enter, hears it, and goes back
// with Esc — every step is said, in order.
func TestKeyboardWalkIsSpokenInOrder(t *testing.T) {
	k := newTestKiosk(t)
	k.rune('5') // any keypad key on the attract loop: start with voice on
	if !k.session.Snapshot().Mode.Voice {
		t.Fatal("keypad start did not turn voice navigation on")
	}
	said := k.said()
	if len(said) < 3 || said[0] != "首页" || !strings.Contains(said[2], "，服务") {
		t.Fatalf("home announcement %q: want title, instruction, focused item", said)
	}

	k.voice.Recorder.Reset()
	for k.ui.Focused().Name != "住房公积金提取" {
		k.key(fyne.KeyTab)
	}
	var focusSpeech []string
	for _, s := range k.said() {
		focusSpeech = append(focusSpeech, s)
	}
	last := focusSpeech[len(focusSpeech)-1]
	if !strings.HasPrefix(last, "住房公积金提取，服务") || !strings.Contains(last, "网上1个工作日") {
		t.Fatalf("focused tile said %q", last)
	}

	k.voice.Recorder.Reset()
	k.key(fyne.KeyReturn)
	said = k.said()
	want := []string{"住房公积金提取", "线下要3个工作日"}
	if len(said) < 3 || said[0] != want[0] || !strings.HasPrefix(said[1], want[1]) || !strings.HasPrefix(said[2], "开始办理，按钮") {
		t.Fatalf("service announcement %q", said)
	}

	k.voice.Recorder.Reset()
	k.key(fyne.KeyF1)
	if h := k.lastSaid(); !strings.Contains(h, "按5重听") {
		t.Fatalf("help said %q", h)
	}

	k.voice.Recorder.Reset()
	k.key(fyne.KeyEscape)
	if got := k.session.Snapshot().Screen.ID; got != app.ScreenHome {
		t.Fatalf("Esc went to %s", got)
	}
	if said := k.said(); len(said) == 0 || said[0] != "首页" {
		t.Fatalf("back on home said %q", said)
	}
}

func TestExploreByTouchFocusesFirstAndDoubleTapActivates(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	k.session.SetMode(app.Mode{Voice: true})
	k.voice.Recorder.Reset()
	k.tap(t, "住房公积金提取")
	if k.session.Snapshot().Screen.ID != app.ScreenHome {
		t.Fatal("the first tap in voice mode must not act")
	}
	if k.ui.Focused().Name != "住房公积金提取" || !strings.HasPrefix(k.lastSaid(), "住房公积金提取") {
		t.Fatalf("first tap: focus %q, said %q", k.ui.Focused().Name, k.lastSaid())
	}
	k.tap(t, "住房公积金提取") // the second tap of a double tap
	if got := k.session.Snapshot().Screen.ID; got != app.ScreenService {
		t.Fatalf("double tap went to %s", got)
	}
}

func TestVolumeAndRateKeysAndTheSessionReset(t *testing.T) {
	k := newTestKiosk(t)
	k.session.OnWipe(k.voice.Speaker.ResetForNewSession)
	k.rune('5')
	vol := k.voice.Speaker.Volume()
	k.rune('+')
	k.rune('+')
	if k.voice.Speaker.Volume() != vol+2 || !strings.Contains(k.lastSaid(), "音量") {
		t.Fatalf("volume %d → %d, said %q", vol, k.voice.Speaker.Volume(), k.lastSaid())
	}
	k.rune('*')
	k.rune('-')
	if k.voice.Speaker.Rate() != speech.RateSlow {
		t.Fatalf("rate %v after *-", k.voice.Speaker.Rate())
	}
	k.session.Finish()
	if k.voice.Speaker.Volume() != vol || k.voice.Speaker.Rate() != speech.RateNormal {
		t.Fatalf("after the session: volume %d rate %v, want the defaults", k.voice.Speaker.Volume(), k.voice.Speaker.Rate())
	}
}

func TestMaskedCodeIsNeverSpoken(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	k.session.SetMode(app.Mode{Voice: true})
	prepare(t, k)
	k.session.Open(app.Screen{ID: app.ScreenSMS, Param: "GJJ-0301"})
	k.voice.Recorder.Reset()
	for _, d := range "417" {
		for _, it := range k.ui.Items() {
			if tb, ok := it.Object.(*tapButton); ok && tb.Title == string(d) {
				k.ui.tapped(it) // focus (voice mode)…
				k.ui.tapped(it) // …and activate
			}
		}
	}
	if got := k.ui.applying("GJJ-0301").SMSTyped(); got != "417" {
		t.Fatalf("typed %q", got)
	}
	for _, s := range k.said() {
		for _, d := range []string{"四", "七", "4", "7"} {
			if strings.Contains(s, d) {
				t.Errorf("the code leaked in speech: %q", s)
			}
		}
	}
	if !strings.Contains(strings.Join(k.said(), "|"), "已输入第3位") {
		t.Fatalf("no masked echo in %q", k.said())
	}
}

func TestFocusRingFollowsTheKeyboardNotTheFinger(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	ringOn := func() []string {
		var on []string
		for _, it := range k.ui.Items() {
			if b, ok := it.Object.(*tapButton); ok && b.ringOn {
				on = append(on, it.Name)
			}
		}
		return on
	}
	k.tap(t, "个人服务")
	k.session.Back()
	if on := ringOn(); len(on) != 0 {
		t.Fatalf("a touch user sees a focus ring on %v", on)
	}
	k.key(fyne.KeyTab)
	k.key(fyne.KeyTab)
	if on := ringOn(); len(on) != 1 || on[0] != k.ui.Focused().Name {
		t.Fatalf("ring on %v, focus on %q", on, k.ui.Focused().Name)
	}
}
