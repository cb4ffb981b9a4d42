package screens

import (
	"context"
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/app/reach"
	"hallkiosk/devices/idcard/idcardsim"
)

// fakeQueue acknowledges every submission at once.
type fakeQueue struct{ n int }

func (q *fakeQueue) Submit(ctx context.Context, within time.Duration, a portal.Application, mats ...outbox.Material) (outbox.Receipt, error) {
	q.n++
	return outbox.Receipt{Key: "k", Voucher: "20261128-000001", State: outbox.StateSent, ApplicationID: fmt.Sprintf("SL2026%06d", q.n)}, nil
}
func (q *fakeQueue) AddRating(context.Context, portal.Rating) (outbox.Receipt, error) {
	return outbox.Receipt{}, nil
}
func (q *fakeQueue) AddFeedback(context.Context, portal.Feedback) (outbox.Receipt, error) {
	return outbox.Receipt{}, nil
}

// auditScreens is every registered screen (SampleScreens) plus the states
// that look different: a card read, every kind of form field, the SMS
// code, the submission result.
func auditScreens(k *testKiosk) []app.Screen {
	out := k.ui.SampleScreens()
	for _, code := range []string{"GJJ-0301", "GA-0501", "QYKB-0001"} {
		for i := range k.ui.applying(code).Asked() {
			out = append(out, app.Screen{ID: app.ScreenForm, Param: code, Index: i})
		}
	}
	return append(out, app.Screen{ID: app.ScreenSMS, Param: "GJJ-0301"})
}

// prepare puts a citizen into the session so screens that need one
// (card, submission) show their real content.
func prepare(t *testing.T, k *testKiosk) {
	card := idcardsim.SampleCards()[0]
	k.session.Data().SetCard(card)
	k.session.Data().SetIdentity("token")
	sub := &app.Submitter{Session: k.session, Queue: &fakeQueue{}, DeviceID: "T"}
	k.ui.deps.Submitter = sub
	it, _ := k.ui.deps.Catalog.Get("BDC-0401")
	form := k.ui.deps.Catalog.FormOf(it)
	k.ui.applying(it.Code).Prefill()
	k.session.Data().SetField("purpose", "个人了解")
	if _, problems, err := sub.Submit(context.Background(), it, form, nil); err != nil {
		t.Fatalf("submit: %v %v", err, problems)
	}
}

// TestAccessibilityAudit walks every screen in every look and fails when an
// interactive object has no spoken label, a target is smaller than the
// theme minimum, a tappable widget cannot be reached by the keyboard, or a
// screen has nothing to say on entry. Contrast is checked per look too.
func TestAccessibilityAudit(t *testing.T) {
	looks := []struct {
		name string
		mode app.Mode
		min  float64
	}{
		{"standard", app.Mode{}, 4.5},
		{"长辈版", app.Mode{Elder: true}, 4.5},
		{"high contrast", app.Mode{HighContrast: true}, 7},
		{"长辈版 high contrast voice", app.Mode{Elder: true, HighContrast: true, Voice: true}, 7},
	}
	for _, look := range looks {
		t.Run(look.name, func(t *testing.T) {
			k := newTestKiosk(t)
			seen := map[app.ScreenID]bool{}
			for _, scr := range auditScreens(k) {
				showScreen(k, scr)
				k.session.SetMode(look.mode)
				if scr.ID != app.ScreenAttract && scr.ID != app.ScreenEnding {
					prepare(t, k)
					k.ui.rebuild(k.session.Snapshot())
				}
				seen[scr.ID] = true
				auditScreen(t, k, look.name+" "+string(scr.ID)+" "+scr.Param)
			}
			for id := range registry() {
				if !seen[id] {
					t.Errorf("screen %s is registered but not audited", id)
				}
			}
			th := fyne.CurrentApp().Settings().Theme()
			for _, p := range ContrastPairs() {
				if c := Contrast(th.Color(p.Text, theme.VariantLight), th.Color(p.Back, theme.VariantLight)); c < look.min {
					t.Errorf("%s: %s contrast %.2f:1 < %.1f:1", look.name, p.Name, c, look.min)
				}
			}
		})
	}
}

func auditScreen(t *testing.T, k *testKiosk, where string) {
	t.Helper()
	v := k.ui.view
	if v.Title == "" || v.Instruction == "" {
		t.Errorf("%s: a screen must say its title and what to do (title %q, instruction %q)", where, v.Title, v.Instruction)
	}
	min := fyne.CurrentApp().Settings().Theme().Size(SizeNameTarget)
	reachable := map[fyne.CanvasObject]bool{}
	for _, it := range k.ui.Items() {
		reachable[it.Object] = true
		if it.Name == "" || it.Role == "" {
			t.Errorf("%s: an item has no spoken name or role: %+v", where, it)
		}
		if it.Role != RoleEntry && it.Role != RoleText && it.Activate == nil {
			t.Errorf("%s: %q cannot be activated with Enter", where, it.Name)
		}
		if it.Object == nil || !it.Object.Visible() {
			t.Errorf("%s: %q is not on screen", where, it.Name)
			continue
		}
		s := it.Object.Size()
		if s.Width < min || s.Height < min {
			t.Errorf("%s: %q is %.0fx%.0f, below the %.0f minimum", where, it.Name, s.Width, s.Height, min)
		}
	}
	tappables := 0
	for _, o := range test.LaidOutObjects(k.ui.root) {
		switch o.(type) {
		case *backgroundTapper, *backgroundStarter, *keyCatcher:
			continue
		}
		if _, ok := o.(fyne.Tappable); ok && o.Visible() {
			tappables++
			if !reachable[o] {
				t.Errorf("%s: a tappable %T is not in the focus order, so keyboard users cannot reach it", where, o)
			}
		}
	}
	if tappables < len(k.ui.Items())-1 {
		t.Errorf("%s: the walk found %d tappables for %d items; the audit is blind", where, tappables, len(k.ui.Items()))
	}
}

// TestEveryScreenFitsEveryShape shows every audited screen on a wide and an
// upright kiosk, in the standard look and in 长辈版, and fails when
// something focusable on the page reaches off the screen or into the
// footer, where a finger could not find it.
func TestEveryScreenFitsEveryShape(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(landscapeW, landscapeH), fyne.NewSize(portraitW, portraitH)} {
		for _, mode := range []app.Mode{{}, {Elder: true}} {
			k := newTestKioskSized(t, size)
			for _, scr := range auditScreens(k) {
				if scr.ID == app.ScreenAttract || scr.ID == app.ScreenEnding {
					continue // bare screens: no footer to measure against
				}
				showScreen(k, scr)
				k.session.SetMode(mode)
				prepare(t, k)
				k.ui.rebuild(k.session.Snapshot())
				requireAboveFooter(t, k, fmt.Sprintf("%.0fx%.0f elder=%v %s %s", size.Width, size.Height, mode.Elder, scr.ID, scr.Param))
			}
		}
	}
}

// TestActionsWithinReach shows every audited screen on an upright and a
// wide kiosk, in the standard look and in 长辈版, and fails when an
// interactive item (button, tile, toggle, key, entry) lies outside the
// reach zone of the configured mount (app/reach: 380-1200 mm above the
// floor). Upright, with the default mount (a 32" panel whose picture's
// lower edge is 700 mm up), that is the lower 71% of the screen: actions,
// keyboards and keypads there, the content above. Wide, the same rule
// holds with the panel turned on its side (picture 9/16 as high): at the
// default mount its picture spans 700-1098 mm, all within reach, so there
// the rule is only that every item is wholly on screen.
func TestActionsWithinReach(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(portraitW, portraitH), fyne.NewSize(landscapeW, landscapeH)} {
		for _, mode := range []app.Mode{{}, {Elder: true}} {
			k := newTestKioskSized(t, size)
			band := k.ui.reachBand()
			if size.Height > size.Width && band.Top < 0.2 {
				t.Fatalf("the default mount puts the whole upright screen within reach (band %+v): the test would be blind", band)
			}
			for _, scr := range auditScreens(k) {
				showScreen(k, scr)
				k.session.SetMode(mode)
				if scr.ID != app.ScreenAttract && scr.ID != app.ScreenEnding {
					prepare(t, k)
				}
				k.ui.rebuild(k.session.Snapshot())
				requireWithinReach(t, k, band, fmt.Sprintf("%.0fx%.0f elder=%v %s %s", size.Width, size.Height, mode.Elder, scr.ID, scr.Param))
			}
		}
	}
}

// requireWithinReach fails for every item on show outside the band.
func requireWithinReach(t *testing.T, k *testKiosk, band reach.Band, where string) {
	t.Helper()
	root := k.ui.root.Size()
	for _, it := range k.ui.Items() {
		if it.Role == RoleText || it.Object == nil || !it.Object.Visible() {
			continue
		}
		pos, size := absPos(it.Object, k.ui.root), it.Object.Size()
		if !band.Contains(pos.Y, pos.Y+size.Height, root.Height) {
			t.Errorf("%s: %q spans y=%.0f..%.0f, outside the reach zone %.0f..%.0f", where, it.Name,
				pos.Y, pos.Y+size.Height, band.Top*root.Height, band.Bottom*root.Height)
		}
		if pos.X < -0.5 || pos.X+size.Width > root.Width+0.5 {
			t.Errorf("%s: %q spans x=%.0f..%.0f, off the %.0f wide screen", where, it.Name, pos.X, pos.X+size.Width, root.Width)
		}
	}
}
