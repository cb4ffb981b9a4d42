package screens

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hallkiosk/app"
	"hallkiosk/app/audit"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/app/pinyin"
	"hallkiosk/app/staff"
	"hallkiosk/app/staffmenu"
	"hallkiosk/devices"
	"hallkiosk/screens/typeset"
	"hallkiosk/speech/speechtest"
)

// staffKiosk is a test kiosk with a staff menu over real accounts and a
// real audit log.
type staffKiosk struct {
	*testKiosk
	menu  *staffmenu.Menu
	audit *audit.Log
	left  bool
}

func newStaffKiosk(t *testing.T) *staffKiosk {
	t.Helper()
	a := test.NewTempApp(t)
	cfg := config.Default()
	clk := clock.NewFake(time.Date(2026, 11, 28, 9, 30, 0, 0, time.Local))
	s := app.NewSession(clk, app.SessionConfig{
		IdleTimeout: cfg.Session.IdleTimeout.D(), ElderIdleTimeout: cfg.Session.ElderIdleTimeout.D(),
		Warning: cfg.Session.Warning.D(), Ending: cfg.Session.Ending.D(), TempBase: t.TempDir(),
	})
	t.Cleanup(s.Close)
	demo, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.New(demo, pinyin.Speller{})
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := typeset.LoadFonts(cfg.Kiosk.Font, fontCacheDir, cfg.Kiosk.HallName+cat.Text())
	if err != nil {
		fonts = nil
	}
	dir := t.TempDir()
	al, err := audit.Open(filepath.Join(dir, audit.FileName), audit.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { al.Close() })
	st, err := staff.Open(filepath.Join(dir, staff.FileName), staff.Options{Audit: al, Now: clk.Now,
		Params: staff.Params{Time: 1, MemoryKiB: 64, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.Add(context.Background(), "1001", staff.RoleAssistant, "480215", "test")
	st.Add(context.Background(), "9001", staff.RoleAdmin, "735190", "test")
	k := &staffKiosk{audit: al}
	k.menu, err = staffmenu.New(staffmenu.Deps{
		Desk:     staff.NewDesk(staff.DeskOptions{Audit: al, Clock: clk, Terminal: "T"}),
		Checker:  st,
		Devices:  map[devices.Kind]func() devices.Status{devices.KindReceipt: func() devices.Status { return devices.Status{State: devices.UserError, Paper: devices.PaperOut} }},
		Leave:    func() error { k.left = true; return nil },
		Terminal: "T",
	})
	if err != nil {
		t.Fatal(err)
	}
	win := test.NewTempWindow(t, nil)
	size := fyne.NewSize(landscapeW, landscapeH)
	win.Resize(size)
	voice := speechtest.NewSpeaker(t, speechtest.Options{})
	sub := &app.Submitter{Session: s, Queue: &fakeQueue{}, DeviceID: "T"}
	ui := New(a, win, Deps{Session: s, Catalog: cat, Config: cfg, Fonts: fonts, Clock: clk, Voice: voice.Speaker, Inline: true,
		Submitter: sub, StaffMenu: k.menu})
	ctx, cancel := context.WithCancel(context.Background())
	ui.Start(ctx)
	win.Resize(size)
	t.Cleanup(func() { cancel(); ui.Stop() })
	k.testKiosk = &testKiosk{ui: ui, session: s, clock: clk, win: win, voice: voice}
	return k
}

// staffButton finds a button of the staff layer by its title.
func staffButton(t *testing.T, k *staffKiosk, title string) *tapButton {
	t.Helper()
	var found *tapButton
	var titles []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *tapButton:
			titles = append(titles, v.Title)
			if v.Title == title && found == nil {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(k.ui.staffLayer)
	if found == nil {
		t.Fatalf("no staff button %q; buttons: %v", title, titles)
	}
	return found
}

func (k *staffKiosk) typeSequence() {
	for _, r := range config.Default().Staff.MenuSequence {
		k.focused().TypedRune(r)
	}
}

// focused is what takes keys now: the focused widget, else the kiosk's
// key catcher (as on a kiosk, where a key always reaches the window).
func (k *staffKiosk) focused() fyne.Focusable {
	if f := k.win.Canvas().Focused(); f != nil {
		return f
	}
	return k.ui.keys
}

func (k *staffKiosk) menuOpen() bool {
	_, menu := k.ui.StaffOpen()
	_, in := k.menu.Current()
	return menu || in
}

func TestStaffMenuNeedsAPIN(t *testing.T) {
	k := newStaffKiosk(t)
	if open, _ := k.ui.StaffOpen(); open {
		t.Fatal("staff layer open at start")
	}
	k.typeSequence()
	open, menu := k.ui.StaffOpen()
	if !open || menu {
		t.Fatalf("the sequence should ask for a PIN: open %v menu %v", open, menu)
	}
	// A wrong PIN typed on the keypad: refused, said so, no menu.
	for _, r := range "1001" {
		k.rune(r)
	}
	k.key(fyne.KeyReturn)
	for _, r := range "000111" {
		k.rune(r)
	}
	k.key(fyne.KeyReturn)
	if k.menuOpen() || k.ui.staff.msg != "工号或密码不正确" {
		t.Fatalf("wrong PIN: menu %v, message %q", k.menuOpen(), k.ui.staff.msg)
	}
	if len(k.ui.staff.pin) != 0 {
		t.Fatal("the PIN typed was kept")
	}
	// The right one on the screen's number pad opens the menu.
	for _, d := range "480215" {
		test.Tap(staffButton(t, k, string(d)))
	}
	test.Tap(staffButton(t, k, "登录"))
	if !k.menuOpen() {
		t.Fatalf("right PIN: no menu (%q)", k.ui.staff.msg)
	}
	// Device health with the action needed; no leaving for an assistant.
	staffButton(t, k, "打印测试页")
	if k.ui.staff.health[1].Action != "装入打印纸" {
		t.Fatalf("health %+v", k.ui.staff.health)
	}
	test.Tap(staffButton(t, k, "打印测试页"))
	if k.ui.staff.msg != "本机没有这个部件" {
		t.Fatalf("a test print without a printer says %q", k.ui.staff.msg)
	}
	if staffButtonQuiet(k, "退出自助终端") {
		t.Fatal("an assistant sees 退出自助终端")
	}
	// Two idle minutes end the login and close the layer.
	k.clock.Advance(staff.DefaultIdle + time.Second)
	if open, _ := k.ui.StaffOpen(); open || k.menuOpen() {
		t.Fatal("still open after two idle minutes")
	}
	rows, _ := k.audit.Last(context.Background(), 50)
	var got []string
	for _, r := range rows[2:] {
		got = append(got, r.Actor+" "+r.Action)
	}
	if w := "1001 staff.login_refused,1001 staff.login,1001 device.test,1001 staff.logout"; strings.Join(got, ",") != w {
		t.Fatalf("audit %v", got)
	}
}

// staffButtonQuiet reports whether the staff layer has a button titled
// title.
func staffButtonQuiet(k *staffKiosk, title string) bool {
	found := false
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *tapButton:
			found = found || v.Title == title
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		}
	}
	walk(k.ui.staffLayer)
	return found
}

func TestAdminLeavesTheKiosk(t *testing.T) {
	k := newStaffKiosk(t)
	k.ui.openStaff() // as Ctrl+Alt+S does
	for _, r := range "9001" {
		k.rune(r)
	}
	k.key(fyne.KeyReturn)
	for _, r := range "735190" {
		k.rune(r)
	}
	k.key(fyne.KeyReturn)
	if !k.menuOpen() {
		t.Fatal("no menu")
	}
	test.Tap(staffButton(t, k, "退出自助终端"))
	if !k.left {
		t.Fatalf("did not leave: %q", k.ui.staff.msg)
	}
}

// TestCitizenCannotReachTheStaffMenu: thousands of taps and keys a
// citizen can make (on every screen, on the PIN pad when the sequence
// happens to come up, the sequence itself) never open the menu.
func TestCitizenCannotReachTheStaffMenu(t *testing.T) {
	k := newStaffKiosk(t)
	rng := rand.New(rand.NewPCG(16, 2026))
	runes := []rune("0123456789*#+-")
	keys := []fyne.KeyName{fyne.KeyTab, fyne.KeyReturn, fyne.KeyEscape, fyne.KeyBackspace, fyne.KeyF1, fyne.KeyF5,
		fyne.KeyUp, fyne.KeyDown, fyne.KeyLeft, fyne.KeyRight, fyne.KeySpace}
	sawPad := 0
	for i := range 1200 {
		switch n := rng.IntN(20); {
		case n == 0:
			k.typeSequence()
		case n < 8:
			k.focused().TypedRune(runes[rng.IntN(len(runes))])
		case n < 11:
			k.focused().TypedKey(&fyne.KeyEvent{Name: keys[rng.IntN(len(keys))]})
		case n == 11:
			k.clock.Advance(time.Duration(rng.IntN(90)) * time.Second)
		default:
			if open, _ := k.ui.StaffOpen(); open {
				sawPad++
				var btns []*tapButton
				var walk func(o fyne.CanvasObject)
				walk = func(o fyne.CanvasObject) {
					switch v := o.(type) {
					case *tapButton:
						btns = append(btns, v)
					case *fyne.Container:
						for _, c := range v.Objects {
							walk(c)
						}
					}
				}
				walk(k.ui.staffLayer)
				if len(btns) > 0 {
					test.Tap(btns[rng.IntN(len(btns))])
				}
			} else if items := k.ui.Items(); len(items) > 0 {
				if tp, ok := items[rng.IntN(len(items))].Object.(fyne.Tappable); ok {
					test.Tap(tp)
				}
			}
		}
		if k.menuOpen() {
			t.Fatalf("step %d: the staff menu opened without a staff PIN", i)
		}
	}
	if sawPad == 0 {
		t.Fatal("the walk never met the PIN pad; the test proves nothing")
	}
	t.Logf("the PIN pad came up; %d taps on it", sawPad)
}

// TestAssistKeepsTheLoginForOneCitizen: 开始帮办 gives the screens back to
// the citizen with a banner, the member of staff stays logged in while the
// citizen works (their taps count as activity), and the login ends with
// the citizen's session.
func TestAssistKeepsTheLoginForOneCitizen(t *testing.T) {
	k := newStaffKiosk(t)
	k.typeSequence()
	for _, r := range "1001" {
		k.rune(r)
	}
	k.key(fyne.KeyReturn)
	for _, r := range "480215" {
		k.rune(r)
	}
	k.key(fyne.KeyReturn)
	test.Tap(staffButton(t, k, "开始帮办"))
	if open, _ := k.ui.StaffOpen(); open || !k.ui.Assisting() {
		t.Fatalf("assist: layer open %v, assisting %v", open, k.ui.Assisting())
	}
	if st := k.session.Snapshot().State; st != app.StateHome {
		t.Fatalf("the citizen's session did not start: %v", st)
	}
	// Three times fifty seconds of the citizen's work: still logged in.
	for range 3 {
		k.clock.Advance(50 * time.Second)
		k.rune('2') // a key on the keypad
		if _, ok := k.menu.Current(); !ok {
			t.Fatal("logged out while the citizen was busy")
		}
	}
	k.session.Finish()
	if _, ok := k.menu.Current(); ok || k.ui.Assisting() {
		t.Fatal("the login outlived the citizen's session")
	}
	rows, _ := k.audit.Last(context.Background(), 10)
	var got []string
	for _, r := range rows {
		got = append(got, r.Action+" "+r.Detail)
	}
	if s := strings.Join(got, ","); !strings.Contains(s, "assist.start at T,staff.logout assist end; at T") {
		t.Fatalf("audit %s", s)
	}
}
