package screens

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/app/pinyin"
	"hallkiosk/app/portal"
	"hallkiosk/screens/typeset"
	"hallkiosk/speech/speechtest"
)

// fontCacheDir holds the cut fonts for every test kiosk of the package, so
// the CJK font is cut once.
var fontCacheDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "hallkiosk-screens-fonts-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fontCacheDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// testKiosk is a UI on Fyne's headless test driver with a fake clock.
type testKiosk struct {
	ui      *UI
	session *app.Session
	clock   *clock.Fake
	win     fyne.Window
	voice   *speechtest.Harness
}

func newTestKiosk(t *testing.T) *testKiosk {
	t.Helper()
	return newTestKioskSized(t, fyne.NewSize(landscapeW, landscapeH))
}

func newTestKioskSized(t testing.TB, size fyne.Size) *testKiosk {
	t.Helper()
	demo, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	return newTestKioskWith(t, size, demo)
}

// newTestKioskWith is a test kiosk on the catalog known (one without
// items: a kiosk that has none yet).
func newTestKioskWith(t testing.TB, size fyne.Size, known portal.Catalog) *testKiosk {
	t.Helper()
	a := test.NewTempApp(t)
	cfg := config.Default()
	clk := clock.NewFake(time.Date(2026, 11, 28, 9, 30, 0, 0, time.Local))
	s := app.NewSession(clk, app.SessionConfig{
		IdleTimeout:      cfg.Session.IdleTimeout.D(),
		ElderIdleTimeout: cfg.Session.ElderIdleTimeout.D(),
		Warning:          cfg.Session.Warning.D(),
		Ending:           cfg.Session.Ending.D(),
		TempBase:         t.TempDir(),
	})
	t.Cleanup(s.Close)
	cat, err := catalog.New(known, pinyin.Speller{})
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := typeset.LoadFonts(cfg.Kiosk.Font, fontCacheDir, cfg.Kiosk.HallName+cat.Text())
	if err != nil {
		t.Logf("no CJK font, measuring with Fyne's default: %v", err)
		fonts = nil
	}
	win := test.NewTempWindow(t, nil)
	win.Resize(size)
	voice := speechtest.NewSpeaker(t, speechtest.Options{})
	// A queue that keeps what it is given, as a kiosk with its outbox does.
	sub := &app.Submitter{Session: s, Queue: &fakeQueue{}, DeviceID: "T"}
	ui := New(a, win, Deps{Session: s, Catalog: cat, Config: cfg, Fonts: fonts, Clock: clk, Voice: voice.Speaker, Inline: true,
		Submitter: sub})
	ctx, cancel := context.WithCancel(context.Background())
	ui.Start(ctx)
	win.Resize(size)
	t.Cleanup(func() { cancel(); ui.Stop() })
	return &testKiosk{ui: ui, session: s, clock: clk, win: win, voice: voice}
}

// itemNamed finds a focusable item on the current screen.
func (k *testKiosk) itemNamed(t *testing.T, name string) *Item {
	t.Helper()
	for _, it := range k.ui.Items() {
		if it.Name == name {
			return it
		}
	}
	var names []string
	for _, it := range k.ui.Items() {
		names = append(names, it.Name)
	}
	t.Fatalf("no item %q on %s; items: %v", name, k.session.Snapshot().Screen.ID, names)
	return nil
}

// formOnShow is the value of the form screen on show, with the citizen's
// typing on it.
func formOnShow(t *testing.T, k *testKiosk) *formScreen {
	t.Helper()
	s, ok := k.ui.screens.current.(*formScreen)
	if !ok {
		t.Fatalf("the screen on show is %T, not the form", k.ui.screens.current)
	}
	return s
}

// tap taps an item's widget like a finger would.
func (k *testKiosk) tap(t *testing.T, name string) {
	t.Helper()
	it := k.itemNamed(t, name)
	tappable, ok := it.Object.(fyne.Tappable)
	if !ok {
		t.Fatalf("%q is not tappable", name)
	}
	test.Tap(tappable)
}

// key sends a key to whatever holds keyboard focus.
func (k *testKiosk) key(name fyne.KeyName) {
	k.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: name})
}

// rune sends a typed character to whatever holds keyboard focus.
func (k *testKiosk) rune(r rune) {
	k.win.Canvas().Focused().TypedRune(r)
}

// said is everything the UI queued for speech, in order.
func (k *testKiosk) said() []string { return k.voice.Recorder.Said() }

// lastSaid is the last thing the UI queued for speech.
func (k *testKiosk) lastSaid() string {
	s := k.said()
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

func fyneColor(n string) fyne.ThemeColorName { return fyne.ThemeColorName(n) }
func fyneSize(n string) fyne.ThemeSizeName   { return fyne.ThemeSizeName(n) }

// absPos is the position of obj in the window, for layout checks.
func absPos(obj, root fyne.CanvasObject) fyne.Position {
	d := fyne.CurrentApp().Driver()
	return d.AbsolutePositionForObject(obj).Subtract(d.AbsolutePositionForObject(root))
}
