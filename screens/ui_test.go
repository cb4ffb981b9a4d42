package screens

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
	"hallkiosk/app/pinyin"
	"hallkiosk/screens/typeset"
)

func TestTouchAttractThenTapHotServiceOpensDetail(t *testing.T) {
	k := newTestKiosk(t)
	if got := k.session.Snapshot().Screen.ID; got != app.ScreenAttract {
		t.Fatalf("starts on %s", got)
	}
	k.tap(t, "触摸屏幕开始")
	if got := k.session.Snapshot().Screen.ID; got != app.ScreenHome {
		t.Fatalf("after touch: %s", got)
	}
	k.tap(t, "住房公积金提取")
	snap := k.session.Snapshot()
	if snap.Screen.ID != app.ScreenService || snap.Screen.Param != "GJJ-0301" {
		t.Fatalf("after tapping a hot service: %+v", snap.Screen)
	}
	if k.ui.view.Title != "住房公积金提取" {
		t.Fatalf("detail title %q", k.ui.view.Title)
	}
	k.itemNamed(t, "开始办理")
	k.tap(t, "返回")
	if got := k.session.Snapshot().Screen.ID; got != app.ScreenHome {
		t.Fatalf("back went to %s", got)
	}
}

func TestElderToggleMakesEverythingBigger(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	tile := k.itemNamed(t, "住房公积金提取").Object
	before := tile.MinSize()
	textBefore := theme.Size(theme.SizeNameText)
	k.tap(t, "长辈版")
	if !k.session.Snapshot().Mode.Elder {
		t.Fatal("长辈版 not on")
	}
	textAfter := theme.Size(theme.SizeNameText)
	if textAfter < 1.5*textBefore || textAfter < 28 {
		t.Fatalf("body text %v → %v, want ≥ 1.5× and ≥ 28", textBefore, textAfter)
	}
	after := k.itemNamed(t, "住房公积金提取").Object.MinSize()
	if after.Height <= before.Height || after.Width <= before.Width {
		t.Fatalf("tile %v → %v did not grow", before, after)
	}
	if n := len(k.ui.Items()); n >= 20 {
		t.Fatalf("长辈版 home has %d items; it should offer fewer choices", n)
	}
	k.tap(t, "长辈版")
	if k.session.Snapshot().Mode.Elder || theme.Size(theme.SizeNameText) != textBefore {
		t.Fatal("长辈版 did not switch off")
	}
}

func TestIdleExpiryReturnsToAttract(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	k.tap(t, "住房公积金提取")
	k.clock.Advance(90 * time.Second)
	if !k.session.Snapshot().Warning {
		t.Fatal("no warning after 90 s")
	}
	// The warning covers the screen with one big 继续办理 and says so.
	k.itemNamed(t, "继续办理")
	if !strings.Contains(k.lastSaid(), "继续办理") {
		t.Fatalf("warning not spoken: %q", k.said())
	}
	k.clock.Advance(30 * time.Second)
	if got := k.session.Snapshot().Screen.ID; got != app.ScreenEnding {
		t.Fatalf("after the countdown: %s", got)
	}
	k.itemNamed(t, "开始新的办理")
	k.clock.Advance(8 * time.Second)
	if got := k.session.Snapshot().Screen.ID; got != app.ScreenAttract {
		t.Fatalf("after the ending screen: %s", got)
	}
	if k.ui.warning != nil {
		t.Fatal("warning overlay left on the attract screen")
	}
}

func TestContinueButtonExtendsTheSession(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	k.tap(t, "住房公积金提取")
	for i := 0; i < 10; i++ {
		k.clock.Advance(90 * time.Second)
		k.tap(t, "继续办理")
		snap := k.session.Snapshot()
		if snap.Warning || snap.Screen.ID != app.ScreenService {
			t.Fatalf("extension %d: %+v", i+1, snap)
		}
	}
	// The screen's own items are back after the warning.
	k.itemNamed(t, "开始办理")
}

func TestNoTargetSmallerThanTheThemeMinimum(t *testing.T) {
	for _, mode := range []app.Mode{{}, {Elder: true}, {HighContrast: true}, {Elder: true, Voice: true}} {
		k := newTestKiosk(t)
		k.session.Start()
		k.session.SetMode(mode)
		for _, scr := range k.ui.SampleScreens() {
			showScreen(k, scr)
			min := fyne.CurrentApp().Settings().Theme().Size(SizeNameTarget)
			for _, it := range k.ui.Items() {
				if it.Object == nil {
					t.Errorf("%v %s: item %q has no widget", mode, scr.ID, it.Name)
					continue
				}
				s := it.Object.Size()
				if s.Width < min || s.Height < min {
					t.Errorf("%v %s: %q is %.0fx%.0f, smaller than %.0f", mode, scr.ID, it.Name, s.Width, s.Height, min)
				}
				pos := absPos(it.Object, k.ui.root)
				win := k.win.Canvas().Size()
				if pos.X < 0 || pos.Y < 0 || pos.X+s.Width > win.Width+1 || pos.Y+s.Height > win.Height+1 {
					t.Errorf("%v %s: %q at %v size %v is not fully on the %v screen", mode, scr.ID, it.Name, pos, s, win)
				}
			}
		}
	}
}

// showScreen navigates the session to scr from wherever it is.
func showScreen(k *testKiosk, scr app.Screen) {
	s := k.session
	switch scr.ID {
	case app.ScreenAttract:
		s.Finish()
		k.clock.Advance(time.Minute)
	case app.ScreenEnding:
		s.Finish()
	default:
		if st := s.Snapshot().State; st == app.StateAttract || st == app.StateEnding {
			m := s.Snapshot().Mode
			s.Start()
			s.SetMode(m)
		}
		if scr.ID == app.ScreenHome {
			s.Home()
		} else {
			s.Open(scr)
		}
	}
}

func TestKeyboardAloneReachesAServiceAndBack(t *testing.T) {
	k := newTestKiosk(t)
	k.key(fyne.KeyReturn) // any key on the attract loop starts with voice on
	snap := k.session.Snapshot()
	if snap.Screen.ID != app.ScreenHome || !snap.Mode.Voice {
		t.Fatalf("keypad start: %+v", snap)
	}
	for i := 0; i < 40 && k.ui.Focused().Name != "住房公积金提取"; i++ {
		k.key(fyne.KeyTab)
	}
	if k.ui.Focused().Name != "住房公积金提取" {
		t.Fatal("Tab never reached the service")
	}
	k.key(fyne.KeyReturn)
	if got := k.session.Snapshot().Screen; got.ID != app.ScreenService {
		t.Fatalf("Enter opened %+v", got)
	}
	k.key(fyne.KeyEscape)
	if got := k.session.Snapshot().Screen.ID; got != app.ScreenHome {
		t.Fatalf("Esc went to %s", got)
	}
}

func TestPortraitWindowUsesUprightLayout(t *testing.T) {
	k := newTestKioskSized(t, fyne.NewSize(portraitW, portraitH))
	k.session.Start()
	if !k.ui.Portrait() {
		t.Fatal("a tall window should use the portrait layout")
	}
	k.itemNamed(t, "住房公积金提取")
}

func TestNewCatalogWaitsForTheNextCitizen(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	k.tap(t, "住房公积金提取")
	demo, _ := catalog.Demo()
	demo.Items = demo.Items[5:] // a catalog without 企业开办
	demo.Items[1].Hot = true
	next, err := catalog.New(demo, pinyin.Speller{})
	if err != nil {
		t.Fatal(err)
	}
	k.ui.SetCatalog(next)
	if k.ui.deps.Catalog == next {
		t.Fatal("the catalog changed under a citizen's feet")
	}
	k.session.Finish()
	k.clock.Advance(time.Minute)
	if k.ui.deps.Catalog != next {
		t.Fatal("the new catalog was not adopted on the attract loop")
	}
	k.session.Start()
	for _, it := range k.ui.Items() {
		if it.Name == "企业开办" {
			t.Fatal("home still shows the old catalog")
		}
	}
}

// TestHeaderFitsEveryShape checks that the header's hall name, clock and
// mode toggles never overlap or leave the screen, upright or wide, in the
// standard and the 长辈版 look.
func TestHeaderFitsEveryShape(t *testing.T) {
	type box struct {
		name   string
		x0, y0 float32
		x1, y1 float32
	}
	for _, size := range []fyne.Size{fyne.NewSize(landscapeW, landscapeH), fyne.NewSize(portraitW, portraitH)} {
		for _, mode := range []app.Mode{{}, {Elder: true}} {
			k := newTestKioskSized(t, size)
			k.session.Start()
			k.session.SetMode(mode)
			at := func(name string, o fyne.CanvasObject) box {
				p := absPos(o, k.ui.root)
				return box{name, p.X, p.Y, p.X + o.Size().Width, p.Y + o.Size().Height}
			}
			var boxes []box
			for _, o := range test.LaidOutObjects(k.ui.root) {
				if tb, ok := o.(*typeset.Text); ok && tb.Text == k.ui.deps.Config.Kiosk.HallName {
					// The text's own width, not the box it is centred in.
					b := at("hall", tb)
					b.x1 = b.x0 + tb.MinSize().Width
					boxes = append(boxes, b)
				}
			}
			c := at("clock", k.ui.clockLabel)
			c.x0 = c.x1 - k.ui.clockLabel.MinSize().Width
			boxes = append(boxes, c)
			for _, name := range []string{"长辈版", "语音导航", "高对比"} {
				boxes = append(boxes, at(name, k.itemNamed(t, name).Object))
			}
			where := fmt.Sprintf("%.0fx%.0f elder=%v", size.Width, size.Height, mode.Elder)
			for i, a := range boxes {
				if a.x0 < 0 || a.x1 > size.Width {
					t.Errorf("%s: %s spans x=%.0f..%.0f, off the screen", where, a.name, a.x0, a.x1)
				}
				for _, b := range boxes[i+1:] {
					if a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 {
						t.Errorf("%s: %s and %s overlap: %+v %+v", where, a.name, b.name, a, b)
					}
				}
			}
		}
	}
}

// TestALateOlderSnapshotDoesNotWin: two changes made at once on two
// goroutines (a tap and a timer) may reach the window in the other order;
// the older must not put its screen back over the newer.
func TestALateOlderSnapshotDoesNotWin(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	home := k.session.Snapshot()
	k.session.Open(app.Screen{ID: app.ScreenSearch})
	if got := k.ui.Shown().ID; got != app.ScreenSearch {
		t.Fatalf("shown %s, want the search screen", got)
	}
	fyne.DoAndWait(func() { k.ui.applyNewer(home) })
	if got := k.ui.Shown().ID; got != app.ScreenSearch {
		t.Fatalf("a late snapshot of home put %s back", got)
	}
	k.session.Back()
	if got := k.ui.Shown().ID; got != app.ScreenHome {
		t.Fatalf("shown %s after going back, want home", got)
	}
}
