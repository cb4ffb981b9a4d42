package window

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hallkiosk/app"
	"hallkiosk/app/assist"
	"hallkiosk/app/staff"
	"hallkiosk/internal/logging"
)

// Assist is what the 帮办代办 page needs of app/assist; *assist.Desk has
// it.
type Assist interface {
	State() assist.State
	LogIn(ctx context.Context, id, pin string) error
	LogOut(ctx context.Context)
	Start(ctx context.Context) error
	End()
	OnChange(f func())
}

var _ Assist = (*assist.Desk)(nil)

// AssistDeps is what the 帮办代办 page is built from. Assist and Journey
// are required.
type AssistDeps struct {
	Assist Assist
	// Journey is the kiosk's screens hosted on this page
	// (screens.UI.Content with Deps.Embedded): the citizen's journey on
	// the window's own card reader and printer.
	Journey fyne.CanvasObject
	// OnJourney, if set, hears whether the journey is on show (to hand
	// the theme and the keys to the kiosk's screens: screens.UI.SetShown),
	// on Fyne's goroutine.
	OnJourney func(shown bool)
	Log       *slog.Logger
}

// AssistPage is the window terminal's 帮办代办 page: until a member of
// staff has logged in and started 帮办 it shows the login (staff id and
// PIN) or the start over the journey, so no journey can be begun here
// without them; while one runs, a bar names the member of staff, reminds
// that the citizen confirms, and ends it. It draws app/assist's State and
// calls its methods off Fyne's goroutine (a PIN check takes a while).
type AssistPage struct {
	d AssistDeps

	root    *fyne.Container
	bar     *fyne.Container
	gate    *fyne.Container
	id, pin *widget.Entry

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu    sync.Mutex
	msg   string // the last outcome, in staff's words
	busy  bool
	shown bool // the page's tab is on show
	sig   string
	told  int // what OnJourney was told last: 0 nothing yet, 1 hidden, 2 shown
}

// NewAssist builds the page; Start begins following app/assist.
func NewAssist(d AssistDeps) *AssistPage {
	if d.Log == nil {
		d.Log = logging.Discard()
	}
	p := &AssistPage{d: d, bar: container.NewStack(), gate: container.NewStack()}
	p.id = widget.NewEntry()
	p.id.SetPlaceHolder("工号")
	p.id.OnChanged = func(s string) {
		if len(s) > staff.MaxIDLen {
			p.id.SetText(s[:staff.MaxIDLen])
		}
	}
	p.pin = widget.NewPasswordEntry()
	p.pin.SetPlaceHolder(fmt.Sprintf("密码（%d-%d 位数字）", staff.MinPINLen, staff.MaxPINLen))
	p.pin.OnChanged = func(s string) {
		if len(s) > staff.MaxPINLen {
			p.pin.SetText(s[:staff.MaxPINLen])
		}
	}
	p.pin.OnSubmitted = func(string) { p.LogIn() }
	p.root = container.NewBorder(p.bar, nil, nil, nil, container.NewStack(d.Journey, p.gate))
	return p
}

// Object is the page's content, for a tab of the window terminal.
func (p *AssistPage) Object() fyne.CanvasObject { return p.root }

// Start draws the page now and after every change of app/assist's state
// until Stop (or ctx ends). Call it on Fyne's goroutine.
func (p *AssistPage) Start(ctx context.Context) {
	p.ctx, p.cancel = context.WithCancel(ctx)
	p.d.Assist.OnChange(func() { fyne.Do(p.draw) })
	p.draw()
}

// Stop waits for the staff actions under way.
func (p *AssistPage) Stop() {
	if p.cancel != nil {
		p.cancel()
	}
	p.wg.Wait()
}

// Shown tells the page whether its tab is on show; call it on Fyne's
// goroutine.
func (p *AssistPage) Shown(on bool) {
	p.mu.Lock()
	p.shown = on
	p.mu.Unlock()
	p.draw()
}

// LogIn checks the staff id and PIN typed; the PIN field is emptied.
func (p *AssistPage) LogIn() {
	id, pin := p.id.Text, p.pin.Text
	p.pin.SetText("")
	if id == "" || pin == "" {
		p.say("请输入工号和密码")
		return
	}
	p.act("登录", func(ctx context.Context) error { return p.d.Assist.LogIn(ctx, id, pin) })
}

// StartAssist begins 帮办 for the citizen at the window.
func (p *AssistPage) StartAssist() {
	p.act("开始帮办", func(ctx context.Context) error { return p.d.Assist.Start(ctx) })
}

// EndAssist ends the journey under way (the citizen's data is wiped).
func (p *AssistPage) EndAssist() {
	p.act("结束帮办", func(context.Context) error { p.d.Assist.End(); return nil })
}

// LogOut ends the staff login (and a journey under way with it).
func (p *AssistPage) LogOut() {
	p.act("退出登录", func(ctx context.Context) error { p.d.Assist.LogOut(ctx); return nil })
}

func (p *AssistPage) say(msg string) {
	p.mu.Lock()
	p.msg = msg
	p.mu.Unlock()
	p.draw()
}

// act runs a staff action off Fyne's goroutine, one at a time, and draws
// again with its outcome.
func (p *AssistPage) act(what string, f func(ctx context.Context) error) {
	p.mu.Lock()
	if p.busy || p.ctx == nil {
		p.mu.Unlock()
		return
	}
	p.busy, p.msg = true, ""
	p.mu.Unlock()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
		defer cancel()
		err := f(ctx)
		p.mu.Lock()
		p.busy = false
		if err != nil {
			p.msg = what + "没有成功：" + assistWords(err)
			p.d.Log.Warn("staff action failed", "action", what, "err", err)
		}
		p.mu.Unlock()
		fyne.Do(p.draw)
	}()
}

// assistWords is a failure of a 帮办 action in staff's words.
func assistWords(err error) string {
	var locked *staff.LockedError
	switch {
	case errors.As(err, &locked):
		return fmt.Sprintf("密码错误次数过多，请 %s 后再试", locked.Until.Local().Format("15:04:05"))
	case errors.Is(err, staff.ErrWrongPIN):
		return "工号或密码不对"
	case errors.Is(err, staff.ErrDisabled):
		return "这个工号已停用"
	case errors.Is(err, staff.ErrNotLoggedIn):
		return "请先登录"
	case errors.Is(err, staff.ErrForbidden):
		return "这个工号没有帮办权限"
	case errors.Is(err, assist.ErrBusy):
		return "本窗口正在为一位市民办理"
	}
	return "请稍后再试（详情见日志）"
}

// draw puts the state on screen; on Fyne's goroutine.
func (p *AssistPage) draw() {
	st := p.d.Assist.State()
	p.mu.Lock()
	msg, busy, shown := p.msg, p.busy, p.shown
	p.mu.Unlock()
	sig := fmt.Sprint(st, msg, busy, shown)
	if sig == p.sig {
		return
	}
	p.sig = sig
	if st.Active {
		p.gate.Hide()
		p.bar.Objects = []fyne.CanvasObject{p.activeBar(st, msg)}
		p.bar.Show()
		p.d.Journey.Show()
	} else {
		// The journey's screens are not drawn (nor reached) under the gate.
		p.d.Journey.Hide()
		p.bar.Hide()
		bg := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
		p.gate.Objects = []fyne.CanvasObject{bg, container.NewCenter(widget.NewCard("", "", p.gateView(st, msg, busy)))}
		p.gate.Show()
		p.gate.Refresh()
	}
	p.bar.Refresh()
	on := shown && st.Active
	if tell := map[bool]int{false: 1, true: 2}[on]; p.d.OnJourney != nil && tell != p.told {
		p.told = tell
		p.d.OnJourney(on)
	}
}

func (p *AssistPage) activeBar(st assist.State, msg string) fyne.CanvasObject {
	who := widget.NewLabelWithStyle(fmt.Sprintf("帮办中 · 工号 %s · 请市民本人核对并确认后提交", st.StaffID), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	who.Importance, who.Wrapping = widget.HighImportance, fyne.TextWrapWord // narrow on an upright screen
	end := widget.NewButton("结束帮办", p.EndAssist)
	out := widget.NewButton("退出登录", p.LogOut)
	row := container.NewBorder(nil, nil, nil, container.NewHBox(end, out), who)
	if msg != "" {
		return container.NewVBox(row, coloured(msg, theme.ColorNameError, false))
	}
	return card(row)
}

func (p *AssistPage) gateView(st assist.State, msg string, busy bool) fyne.CanvasObject {
	box := container.NewVBox(heading("帮办代办"),
		widget.NewLabel("工作人员登录后，用本窗口的读卡器和打印机为市民办理。\n市民本人在屏幕上核对确认后才提交；申请注明帮办工号，全程记入审计日志。"))
	switch {
	case !st.LoggedIn:
		login := widget.NewButton("登录", p.LogIn)
		login.Importance = widget.HighImportance
		if busy {
			login.Disable()
		}
		form := container.New(layout.NewFormLayout(), widget.NewLabel("工号"), p.id, widget.NewLabel("密码"), p.pin)
		box.Add(form)
		box.Add(login)
	default:
		role := "帮办"
		if st.Role == staff.RoleAdmin {
			role = "管理员"
		}
		box.Add(coloured(fmt.Sprintf("工号 %s（%s）已登录 · %s无操作自动退出", st.StaffID, role, durationWords(st.IdleLogout)), theme.ColorNameSuccess, true))
		row := container.NewHBox()
		if st.CanAssist {
			start := widget.NewButton("开始帮办", p.StartAssist)
			start.Importance = widget.HighImportance
			if busy {
				start.Disable()
			}
			row.Add(start)
		} else {
			box.Add(coloured("这个工号没有帮办权限", theme.ColorNameError, false))
		}
		row.Add(widget.NewButton("退出登录", p.LogOut))
		box.Add(row)
	}
	if st.Ended != "" {
		box.Add(widget.NewLabel("上一位市民的办理已结束（" + endedWords(st) + "），信息已清除。"))
	}
	if msg != "" {
		box.Add(coloured(msg, theme.ColorNameError, false))
	}
	return box
}

// endedWords is how the last journey ended, for staff.
func endedWords(st assist.State) string {
	switch st.Ended {
	case assist.EndedFinished:
		return "已结束办理"
	case assist.EndedNotStarted:
		return "没有开始：已有另一位市民在办理"
	case string(app.EndCancelled):
		return "已取消"
	case string(app.EndTimeout):
		return "无人操作超时"
	case assist.EndedStaffIdle:
		return "工作人员" + durationWords(st.IdleLogout) + "无操作，已自动退出"
	case assist.EndedStaffLogout:
		return "工作人员已退出登录"
	}
	return st.Ended
}

// durationWords is d in words: "两分钟", "90秒".
func durationWords(d time.Duration) string {
	switch {
	case d == 2*time.Minute:
		return "两分钟"
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%d分钟", int(d/time.Minute))
	}
	return fmt.Sprintf("%d秒", int(d.Round(time.Second)/time.Second))
}
