package window

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hallkiosk/app"
	"hallkiosk/app/assist"
	"hallkiosk/app/audit"
	"hallkiosk/app/clock"
	"hallkiosk/app/staff"
)

// assistRig is the 帮办代办 page on Fyne's test driver, over a real
// app/assist desk (a real session, staff accounts and audit log in
// SQLite files); the journey is a stand-in label.
type assistRig struct {
	t       *testing.T
	page    *AssistPage
	win     fyne.Window
	session *app.Session
	desk    *assist.Desk
	shown   []bool
}

func newAssistRig(t *testing.T) *assistRig {
	t.Helper()
	test.NewTempApp(t)
	dir := t.TempDir()
	al, err := audit.Open(filepath.Join(dir, audit.FileName), audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { al.Close() })
	st, err := staff.Open(filepath.Join(dir, staff.FileName), staff.Options{Audit: al})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	if err := st.Add(ctx, "1001", staff.RoleAssistant, "480215", "cli:root"); err != nil {
		t.Fatal(err)
	}
	session := app.NewSession(clock.Real{}, app.SessionConfig{IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour,
		Warning: time.Minute, Ending: time.Hour, TempBase: dir})
	t.Cleanup(session.Close)
	desk, err := assist.New(assist.Options{Session: session, Desk: staff.NewDesk(staff.DeskOptions{Audit: al, Terminal: "W1"}),
		Checker: st, Audit: al, Terminal: "W1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(desk.Close)
	r := &assistRig{t: t, session: session, desk: desk}
	r.page = NewAssist(AssistDeps{Assist: desk, Journey: widget.NewLabel("市民的办理页面"),
		OnJourney: func(on bool) { r.shown = append(r.shown, on) }})
	r.win = test.NewTempWindow(t, r.page.Object())
	r.win.Resize(fyne.NewSize(1280, 800))
	r.page.Start(ctx)
	r.page.Shown(true)
	t.Cleanup(r.page.Stop)
	return r
}

// texts is every label and button on the page that is visible.
func (r *assistRig) texts() string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "|")
		case *widget.Button:
			b.WriteString("[" + w.Text + "]|")
		case *widget.Card:
			walk(w.Content)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(r.page.Object())
	return b.String()
}

func (r *assistRig) button(text string) *widget.Button {
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() || found != nil {
			return
		}
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == text {
				found = w
			}
		case *widget.Card:
			walk(w.Content)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(r.page.Object())
	return found
}

func (r *assistRig) waitText(want string) {
	r.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var got string
		fyne.DoAndWait(func() { got = r.texts() })
		if strings.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("the page never showed %q; it shows %s", want, got)
		}
	}
}

// TestAssistPage: the page shows only the login until a member of staff
// logs in (no start button, the journey covered), refuses a wrong PIN in
// staff's words and forgets the PIN typed, offers 开始帮办 after a good
// one, hands the screen to the journey with the staff id on a bar while it
// runs, and covers it again once 结束帮办 ended (and wiped) it.
func TestAssistPage(t *testing.T) {
	r := newAssistRig(t)
	r.waitText("[登录]")
	if got := r.texts(); strings.Contains(got, "开始帮办") {
		t.Fatalf("before a login: %s", got)
	}
	if !r.page.gate.Visible() || r.page.d.Journey.Visible() {
		t.Fatal("the journey is not covered before a login")
	}
	test.Type(r.page.id, "1001")
	test.Type(r.page.pin, "000000")
	test.Tap(r.button("登录"))
	r.waitText("工号或密码不对")
	if r.page.pin.Text != "" {
		t.Fatal("the PIN typed stays in its field")
	}
	if r.button("开始帮办") != nil {
		t.Fatal("a wrong PIN offers 开始帮办")
	}
	test.Type(r.page.pin, "480215")
	test.Tap(r.button("登录"))
	r.waitText("工号 1001（帮办）已登录")
	test.Tap(r.button("开始帮办"))
	r.waitText("帮办中 · 工号 1001 · 请市民本人核对并确认后提交")
	if r.page.gate.Visible() || !r.page.d.Journey.Visible() {
		t.Fatal("the journey stays covered while 帮办 runs")
	}
	if s := r.session.Snapshot(); s.State != app.StateHome {
		t.Fatalf("the citizen's session: %v", s.State)
	}
	var shown []bool
	fyne.DoAndWait(func() { shown = append(shown, r.shown...) })
	if len(shown) == 0 || !shown[len(shown)-1] {
		t.Fatalf("the journey was not handed the screen: %v", shown)
	}
	test.Tap(r.button("结束帮办"))
	r.waitText("上一位市民的办理已结束（已结束办理），信息已清除。")
	if !r.page.gate.Visible() || r.session.Snapshot().State != app.StateEnding {
		t.Fatal("the journey was not ended and covered")
	}
	fyne.DoAndWait(func() { shown = append(shown[:0], r.shown...) })
	if shown[len(shown)-1] {
		t.Fatal("the journey keeps the screen after the end")
	}
	test.Tap(r.button("退出登录"))
	r.waitText("[登录]")
}
