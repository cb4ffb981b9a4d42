package screens

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"hallkiosk/app"
	"hallkiosk/internal/privacy"
	"hallkiosk/speech"
	"hallkiosk/speech/speechtest"
)

// newCachingKiosk is a test kiosk whose voice has a real prompt cache and
// an engine that writes each text into its audio, so that the cache can be
// searched for what was said.
func newCachingKiosk(t *testing.T, mode app.Mode) (*testKiosk, *speech.Cache) {
	t.Helper()
	k := newTestKiosk(t)
	cache, err := speech.OpenCache(filepath.Join(t.TempDir(), "speech-cache"))
	if err != nil {
		t.Fatal(err)
	}
	k.voice = speechtest.NewSpeaker(t, speechtest.Options{Cache: cache, Echo: true})
	k.ui.deps.Voice = k.voice.Speaker
	k.session.Start()
	k.session.SetMode(mode)
	prepare(t, k)
	return k, cache
}

// flushSpeech waits until everything queued so far has been spoken (and so
// synthesized and, when public, cached) or dropped.
func flushSpeech(t *testing.T, k *testKiosk) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // a safety net
	defer cancel()
	end := speech.Utterance{Text: "测试：以上说完", Private: true}
	k.voice.Recorder.Reset()
	if err := k.voice.Speaker.Enqueue(ctx, end); err != nil {
		t.Fatal(err)
	}
	if _, err := k.voice.Recorder.WaitDone(ctx, end.Text); err != nil {
		t.Fatal(err)
	}
}

// walkAndListen lets the kiosk speak the screen on display every way it
// can — its announcement, help, every item in focus, a repeat — waiting
// after each, and returns every utterance queued.
func walkAndListen(t *testing.T, k *testKiosk, enter func()) []speech.Event {
	t.Helper()
	var events []speech.Event
	record := func(act func()) {
		k.voice.Recorder.Reset()
		act()
		events = append(events, k.voice.Recorder.Events()...)
		flushSpeech(t, k)
	}
	record(enter)
	record(func() { k.key(fyne.KeyF1) })
	for range k.ui.Items() {
		record(func() { k.key(fyne.KeyTab) })
	}
	record(func() { k.rune('5') })
	return events
}

// assertNotCached fails when a public (cacheable) utterance contains one of
// secrets, or a file of the cache does.
func assertNotCached(t *testing.T, events []speech.Event, cache *speech.Cache, secrets ...string) {
	t.Helper()
	heard := false
	for _, e := range events {
		for _, s := range secrets {
			if strings.Contains(e.Utterance.Text, s) {
				heard = true
				if !e.Utterance.Private {
					t.Errorf("%q spoken as a public (cacheable) prompt: %q", s, e.Utterance.Text)
				}
			}
		}
	}
	if !heard {
		t.Errorf("none of %q was spoken; the test is blind", secrets)
	}
	entries, err := os.ReadDir(cache.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("nothing was cached; the test is blind")
	}
	for _, en := range entries {
		b, err := os.ReadFile(filepath.Join(cache.Dir(), en.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("the prompt cache holds %q (%s)", s, en.Name())
			}
		}
	}
}

// TestPrivateApplicationNumberNeverReachesThePromptCache: the 受理号 on the
// result screen is the citizen's own: whether it is announced, read as
// help, reached by focus or repeated, in voice navigation or 长辈版, it is
// a private utterance, and nothing in the cache directory contains it.
func TestPrivateApplicationNumberNeverReachesThePromptCache(t *testing.T) {
	for name, mode := range map[string]app.Mode{"voice": {Voice: true}, "长辈版": {Elder: true}} {
		t.Run(name, func(t *testing.T) {
			k, cache := newCachingKiosk(t, mode)
			number := k.session.Data().Submission().Receipt.ApplicationID
			if number == "" {
				t.Fatal("no 受理号")
			}
			events := walkAndListen(t, k, func() {
				k.session.Open(app.Screen{ID: app.ScreenResult, Param: "BDC-0401"})
			})
			assertNotCached(t, events, cache, number, speech.Code(number))
		})
	}
}

// TestPrivateCitizenValuesNeverReachThePromptCache: the masked phone number
// the SMS code goes to, an amount typed into the form and shown again on
// the confirm screen, a company name typed on the pinyin keyboard and a
// search typed on the keyboard are spoken only as private utterances.
func TestPrivateCitizenValuesNeverReachThePromptCache(t *testing.T) {
	t.Run("sms phone", func(t *testing.T) {
		k, cache := newCachingKiosk(t, app.Mode{Voice: true})
		k.session.Data().SetField("phone", "13987654321")
		events := walkAndListen(t, k, func() {
			k.session.Open(app.Screen{ID: app.ScreenSMS, Param: "GJJ-0301"})
		})
		assertNotCached(t, events, cache, privacy.MaskPhone("13987654321"))
	})
	t.Run("amount on the form", func(t *testing.T) {
		k, cache := newCachingKiosk(t, app.Mode{Voice: true})
		k.session.Data().SetField("amount", "86420")
		events := walkAndListen(t, k, func() {
			k.session.Open(app.Screen{ID: app.ScreenForm, Param: "GJJ-0301", Index: 1})
		})
		assertNotCached(t, events, cache, "86420")
	})
	t.Run("amount on the confirm screen", func(t *testing.T) {
		k, cache := newCachingKiosk(t, app.Mode{Voice: true})
		k.session.Data().SetField("amount", "86420")
		events := walkAndListen(t, k, func() {
			k.session.Open(app.Screen{ID: app.ScreenConfirm, Param: "GJJ-0301"})
		})
		assertNotCached(t, events, cache, "86420")
	})
	t.Run("company name typed", func(t *testing.T) {
		k, cache := newCachingKiosk(t, app.Mode{Voice: true})
		it, _ := k.ui.deps.Catalog.Get("QYKB-0101")
		form := k.ui.deps.Catalog.FormOf(it)
		k.session.Open(app.Screen{ID: app.ScreenForm, Param: "QYKB-0101", Index: 0})
		flushSpeech(t, k)
		events := walkAndListen(t, k, func() {
			s := formOnShow(t, k)
			s.field = form.Fields[0]
			s.insert("星辰")
		})
		assertNotCached(t, events, cache, "星辰")
	})
	t.Run("search typed", func(t *testing.T) {
		k, cache := newCachingKiosk(t, app.Mode{Voice: true})
		k.session.Open(app.Screen{ID: app.ScreenSearch})
		flushSpeech(t, k)
		events := walkAndListen(t, k, func() {
			for _, r := range "xcq" {
				k.rune(r)
			}
			k.ui.rebuild(k.session.Snapshot())
		})
		assertNotCached(t, events, cache, "XCQ")
	})
}
