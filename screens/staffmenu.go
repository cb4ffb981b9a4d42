package screens

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hallkiosk/app"
	"hallkiosk/app/clock"
	"hallkiosk/app/outbox"
	"hallkiosk/app/staff"
	"hallkiosk/app/staffmenu"
	"hallkiosk/devices"
	"hallkiosk/internal/privacy"
)

// The staff menu's way in: the keypad sequence of [staff] menu_sequence
// typed with at most staffSeqGap between two keys, or Ctrl+Alt+S on a
// service keyboard. Either only asks for a staff id and PIN; only a good
// PIN opens the menu. The login pane closes by itself after
// staffLoginIdle without a key.
const (
	staffSeqGap    = 3 * time.Second
	staffLoginIdle = time.Minute
	maxStaffID     = 32
)

// staffPane is what the staff layer shows.
type staffPane int

const (
	paneLogin staffPane = iota
	paneDevices
	paneOutbox
)

// staffLayer is the staff's side of the kiosk, drawn over everything else
// (the citizen's screens and the idle warning): the login with its number
// pad, then the menu (app/staffmenu). It has its own buttons, which act on
// the first tap whatever the citizen's voice mode, and takes every key
// while it is open.
type staffLayer struct {
	u    *UI
	menu *staffmenu.Menu

	pane     staffPane
	pinField bool   // typing the PIN (else the id)
	id       []byte // the id typed
	pin      []byte // the PIN typed; wiped after each try
	msg      string // the last outcome, in words
	busy     bool
	health   []staffmenu.Health
	items    []staffmenu.Item
	idle     clock.Timer
}

// staffSequence follows the keypad for the menu sequence; it reports
// whether r completed it (and the login was opened).
func (u *UI) staffSequence(r rune) bool {
	seq := u.deps.Config.Staff.MenuSequence
	if seq == "" || u.deps.StaffMenu == nil {
		return false
	}
	now := u.deps.Clock.Now()
	if now.Sub(u.staffSeqAt) > staffSeqGap {
		u.staffSeq = u.staffSeq[:0]
	}
	u.staffSeqAt = now
	u.staffSeq = append(u.staffSeq, r)
	if len(u.staffSeq) > len(seq) {
		u.staffSeq = u.staffSeq[len(u.staffSeq)-len(seq):]
	}
	if string(u.staffSeq) != seq {
		return false
	}
	u.staffSeq = u.staffSeq[:0]
	u.openStaff()
	return true
}

// staffShortcut is the service keyboard's chord for the staff login.
var staffShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierControl | fyne.KeyModifierAlt}

// openStaff shows the staff login (or the menu, when someone is still
// logged in).
func (u *UI) openStaff() {
	m := u.deps.StaffMenu
	if m == nil {
		return
	}
	if u.staff == nil {
		u.staff = &staffLayer{u: u, menu: m}
	}
	if _, ok := m.Current(); ok {
		u.staff.pane = paneDevices
		u.staff.refresh()
	} else {
		u.staff.pane = paneLogin
		u.staff.armLoginIdle()
	}
	u.staff.draw()
}

// closeStaff takes the staff layer (or the 帮办 banner) away (after a
// logout, or the login given up).
func (u *UI) closeStaff() {
	s := u.staff
	if s == nil && !u.assisting {
		return
	}
	if s != nil {
		s.wipe()
		if s.idle != nil {
			s.idle.Stop()
		}
	}
	u.staff, u.assisting = nil, false
	u.staffLayer.Objects = nil
	u.staffLayer.Refresh()
	u.focusKeys()
}

// StaffOpen reports whether the staff layer is on screen, and whether it
// shows the menu (someone logged in) rather than the login.
func (u *UI) StaffOpen() (open, menu bool) {
	if u.staff == nil {
		return false, false
	}
	return true, u.staff.pane != paneLogin
}

func (s *staffLayer) wipe() {
	privacy.Wipe(s.pin)
	s.pin = s.pin[:0]
}

func (s *staffLayer) armLoginIdle() {
	if s.idle != nil {
		s.idle.Stop()
	}
	s.idle = s.u.deps.Clock.AfterFunc(staffLoginIdle, func() {
		fyne.Do(func() {
			if s.u.staff == s && s.pane == paneLogin && !s.busy {
				s.u.closeStaff()
			}
		})
	})
}

// activity is a tap or key on the staff layer.
func (s *staffLayer) activity() {
	if s.pane == paneLogin {
		s.armLoginIdle()
		return
	}
	s.menu.Touch()
}

// rune is a key typed while the layer is open: digits (and, on a
// service keyboard, an id's letters) go to the field.
func (s *staffLayer) rune(r rune) {
	s.activity()
	if s.pane != paneLogin || s.busy {
		return
	}
	if r < 0x80 && (r >= '0' && r <= '9' || (!s.pinField && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_'))) {
		s.typeChar(byte(r))
	}
}

// key is a non-printing key while the layer is open.
func (s *staffLayer) key(n fyne.KeyName) {
	s.activity()
	switch n {
	case fyne.KeyEscape:
		if s.pane == paneLogin {
			s.u.closeStaff()
		}
	case fyne.KeyBackspace:
		s.deleteChar()
	case fyne.KeyReturn, fyne.KeyEnter:
		if s.pane == paneLogin {
			s.next()
		}
	case fyne.KeyTab:
		if s.pane == paneLogin {
			s.pinField = !s.pinField
			s.draw()
		}
	}
}

func (s *staffLayer) typeChar(c byte) {
	if s.pinField {
		if len(s.pin) < staff.MaxPINLen {
			s.pin = append(s.pin, c)
		}
	} else if len(s.id) < maxStaffID {
		s.id = append(s.id, c)
	}
	s.msg = ""
	s.draw()
}

func (s *staffLayer) deleteChar() {
	if s.pane != paneLogin || s.busy {
		return
	}
	if s.pinField && len(s.pin) > 0 {
		s.pin[len(s.pin)-1] = 0
		s.pin = s.pin[:len(s.pin)-1]
	} else if !s.pinField && len(s.id) > 0 {
		s.id = s.id[:len(s.id)-1]
	}
	s.draw()
}

// next is 下一步 on the id, 登录 on the PIN.
func (s *staffLayer) next() {
	if s.busy {
		return
	}
	if !s.pinField {
		if len(s.id) > 0 {
			s.pinField = true
		}
		s.draw()
		return
	}
	if len(s.pin) == 0 {
		return
	}
	id, pin := string(s.id), string(s.pin)
	s.wipe()
	s.busy, s.msg = true, "正在验证…"
	s.draw()
	s.run(func(ctx context.Context) func() {
		_, err := s.menu.LogIn(ctx, id, pin)
		return func() {
			s.busy = false
			if err != nil {
				s.msg = loginError(err, s.u.deps.Clock.Now())
				s.draw()
				return
			}
			if s.idle != nil {
				s.idle.Stop()
			}
			// A member of staff now has the terminal: a citizen's session
			// under the layer ends (and its data is wiped).
			if st := s.u.lastSnap.State; st != app.StateAttract && st != app.StateEnding {
				s.u.deps.Session.Finish()
			}
			s.id, s.pinField, s.msg = s.id[:0], false, ""
			s.pane = paneDevices
			s.refresh()
			s.draw()
		}
	})
}

// loginError puts a refused login into words.
func loginError(err error, now time.Time) string {
	var le *staff.LockedError
	switch {
	case errors.As(err, &le):
		return fmt.Sprintf("密码错误次数过多，请 %d 秒后再试", int(le.Until.Sub(now).Seconds()+0.999))
	case errors.Is(err, staff.ErrWrongPIN):
		return "工号或密码不正确"
	case errors.Is(err, staff.ErrDisabled):
		return "该账号已停用，请联系管理员"
	}
	return "暂时无法验证，请稍后再试"
}

// run does slow work (a PIN check, printing, the outbox) off Fyne's
// goroutine, then applies what it returns on it; inline in tests.
func (s *staffLayer) run(work func(ctx context.Context) func()) {
	ctx := s.u.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	if s.u.deps.Inline {
		work(ctx)()
		return
	}
	go func() {
		apply := work(ctx)
		fyne.Do(apply)
	}()
}

// refresh reads the menu's device health and outbox items.
func (s *staffLayer) refresh() {
	s.health, _ = s.menu.Health()
	if items, err := s.menu.Items(s.u.ctxOrBackground()); err == nil {
		s.items = items
	} else {
		s.items = nil
	}
}

func (u *UI) ctxOrBackground() context.Context {
	if u.ctx == nil {
		return context.Background()
	}
	return u.ctx
}

// act runs a menu act and shows its outcome: done only when it was.
func (s *staffLayer) act(done string, f func(ctx context.Context) error) {
	s.activity()
	if s.busy {
		return
	}
	s.busy, s.msg = true, "正在处理…"
	s.draw()
	s.run(func(ctx context.Context) func() {
		err := f(ctx)
		return func() {
			s.busy = false
			if s.u.staff != s {
				return // logged out meanwhile
			}
			if err != nil {
				s.msg = actError(err)
			} else {
				s.msg = done
			}
			s.refresh()
			s.draw()
		}
	})
}

// actError puts a failed act into words.
func actError(err error) string {
	switch {
	case errors.Is(err, staff.ErrForbidden):
		return "您的角色不能做这件事"
	case errors.Is(err, staff.ErrNotLoggedIn):
		return "已退出登录"
	case errors.Is(err, staffmenu.ErrMissing):
		return "本机没有这个部件"
	case errors.Is(err, staffmenu.ErrNoCard):
		return "读卡器上没有卡"
	case errors.Is(err, app.ErrNothingToPrint):
		return "还没有可重打的回执"
	case errors.Is(err, app.ErrPrinterPaper):
		return "打印机缺纸"
	case errors.Is(err, app.ErrPrinterCover):
		return "打印机盖未合上"
	case errors.Is(err, app.ErrPrinterMissing):
		return "没有连接打印机"
	}
	return "未完成：" + err.Error()
}

// staffButton is a button of the staff layer: it acts on the first tap.
func (s *staffLayer) button(title string, kind buttonKind, f func()) *tapButton {
	return newTapButton(s.u.style(), title, kind, func() {
		s.activity()
		f()
	})
}

// draw builds the layer for its pane.
func (s *staffLayer) draw() {
	u := s.u
	st := u.style()
	var content fyne.CanvasObject
	if s.pane == paneLogin {
		content = s.loginView()
	} else {
		content = s.menuView()
	}
	shade := canvas.NewRectangle(color.NRGBA{A: 0xE8})
	u.staffLayer.Objects = []fyne.CanvasObject{shade, newStaffBackdrop(s), container.NewCenter(card(container.NewVBox(content, spacer(st, 0, 8))))}
	u.staffLayer.Refresh()
	u.focusKeys()
}

func (s *staffLayer) loginView() fyne.CanvasObject {
	st := s.u.style()
	field := func(label, value string, on bool, pick func()) *tapButton {
		if on {
			label = "▶ " + label
		}
		b := s.button(label+value, kindPlain, pick)
		b.MinWidth = 560
		return b
	}
	idBtn := field("工号：", string(s.id), !s.pinField, func() { s.pinField = false; s.draw() })
	pinBtn := field("密码：", strings.Repeat("●", len(s.pin)), s.pinField, func() { s.pinField = true; s.draw() })
	var keys []fyne.CanvasObject
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "清空", "0", "删除"} {
		k := k
		keys = append(keys, s.button(k, kindPlain, func() {
			switch k {
			case "清空":
				if s.pinField {
					s.wipe()
				} else {
					s.id = s.id[:0]
				}
				s.draw()
			case "删除":
				s.deleteChar()
			default:
				if !s.busy {
					s.typeChar(k[0])
				}
			}
		}))
	}
	nextTitle := "下一步"
	if s.pinField {
		nextTitle = "登录"
	}
	next := s.button(nextTitle, kindAccent, s.next)
	cancel := s.button("取消", kindPlain, s.u.closeStaff)
	msg := s.u.text(s.msg, theme.SizeNameText, theme.ColorNameError)
	return container.NewVBox(heading(st, "工作人员登录"), muted(st, "仅限工作人员使用。市民请点“取消”。", 560),
		idBtn, pinBtn, msg, grid(3, keys...), grid(2, cancel, next))
}

func (s *staffLayer) menuView() fyne.CanvasObject {
	st := s.u.style()
	l, _ := s.menu.Current()
	role := "帮办"
	if l.Role == staff.RoleAdmin {
		role = "管理员"
	}
	tabs := []fyne.CanvasObject{
		s.button("设备状态", kindPrimaryIf(s.pane == paneDevices), func() { s.pane = paneDevices; s.refresh(); s.draw() }),
		s.button(fmt.Sprintf("待发送（%d）", len(s.items)), kindPrimaryIf(s.pane == paneOutbox), func() { s.pane = paneOutbox; s.refresh(); s.draw() }),
		s.button("重打回执", kindPlain, func() { s.act("已重打上一张回执", s.menu.Reprint) }),
	}
	if s.menu.Can(staff.PermAssist) {
		tabs = append(tabs, s.button("开始帮办", kindAccent, s.startAssist))
	}
	if s.menu.Can(staff.PermLeave) {
		tabs = append(tabs, s.button("退出自助终端", kindPlain, func() { s.act("正在退出自助终端", s.menu.Leave) }))
	}
	logout := s.button("退出登录", kindPlain, func() { s.menu.LogOut(s.u.ctxOrBackground()) })
	var pane fyne.CanvasObject
	if s.pane == paneOutbox {
		pane = s.outboxView()
	} else {
		pane = s.devicesView()
	}
	msg := s.u.text(s.msg, theme.SizeNameText, theme.ColorNamePrimary)
	return container.NewVBox(
		container.NewBorder(nil, nil, nil, logout, subheading(st, fmt.Sprintf("工作人员菜单 · 工号 %s（%s）", l.ID, role))),
		muted(st, "两分钟无操作将自动退出登录；每项操作都记入审计日志。", 900),
		grid(len(tabs), tabs...), pane, msg)
}

func kindPrimaryIf(on bool) buttonKind {
	if on {
		return kindPrimary
	}
	return kindPlain
}

// stateWords is a device state for staff.
var stateWords = map[devices.State]string{
	devices.Online: "正常", devices.Offline: "离线", devices.Busy: "忙", devices.HardwareError: "故障",
	devices.UserError: "需处理", devices.NoDevice: "未连接",
}

func (s *staffLayer) devicesView() fyne.CanvasObject {
	st := s.u.style()
	rows := []fyne.CanvasObject{}
	for _, h := range s.health {
		words := stateWords[h.Status.State]
		if h.Status.Paper == devices.PaperOut {
			words = "缺纸"
		}
		line := fmt.Sprintf("%s：%s", h.Name, words)
		if h.Status.Detail != "" {
			line += "（" + h.Status.Detail + "）"
		}
		rows = append(rows, body(st, line, 900))
		if h.Action != "" {
			rows = append(rows, s.u.text("→ "+h.Action, theme.SizeNameText, theme.ColorNameWarning))
		}
	}
	tests := grid(3,
		s.button("打印测试页", kindPlain, func() { s.act("测试页已打印", s.menu.TestPrint) }),
		s.button("读卡测试", kindPlain, func() { s.act("读卡器看到了卡", s.menu.TestCard) }),
		s.button("语音测试", kindPlain, func() { s.act("语音已播放", s.menu.TestSpeech) }))
	return container.NewVBox(append(rows, tests)...)
}

// Reasons staff give for a retry or a discard (the kiosk has no keyboard
// for free text; `hallkiosk outbox` takes any reason).
const (
	reasonRetry        = "问题已解决，重新提交"
	reasonWindow       = "市民改到窗口办理"
	reasonDuplicate    = "重复提交"
	maxStaffMenuOutbox = 6
)

func (s *staffLayer) outboxView() fyne.CanvasObject {
	st := s.u.style()
	if len(s.items) == 0 {
		return body(st, "没有待发送或被退回的申请。", 900)
	}
	rows := []fyne.CanvasObject{}
	for i, it := range s.items {
		if i == maxStaffMenuOutbox {
			rows = append(rows, muted(st, fmt.Sprintf("另有 %d 项，请在命令行用 hallkiosk outbox list 查看", len(s.items)-i), 900))
			break
		}
		state := "待发送"
		if it.State == outbox.StateParked {
			state = "被退回"
		}
		rows = append(rows, body(st, fmt.Sprintf("凭证号 %s · %s · %s · 已试 %d 次", it.Voucher, it.ServiceCode, state, it.Attempts), 900))
		if it.LastError != "" {
			rows = append(rows, muted(st, it.LastError, 900))
		}
		if it.State == outbox.StateParked {
			key := it.Key
			rows = append(rows, grid(3,
				s.button("重新提交", kindPlain, func() {
					s.act("已重新排队提交", func(ctx context.Context) error { return s.menu.Retry(ctx, key, reasonRetry) })
				}),
				s.button("放弃（改窗口办理）", kindPlain, func() {
					s.act("已放弃这项申请", func(ctx context.Context) error { return s.menu.Discard(ctx, key, reasonWindow) })
				}),
				s.button("放弃（重复提交）", kindPlain, func() {
					s.act("已放弃这项申请", func(ctx context.Context) error { return s.menu.Discard(ctx, key, reasonDuplicate) })
				})))
		}
	}
	return container.NewVBox(rows...)
}

// startAssist begins 帮办代办: the layer gives way to the citizen's
// screens with a banner naming the member of staff, who stays logged in
// (every tap and key counts as their activity) until the citizen's
// session ends.
func (s *staffLayer) startAssist() {
	u := s.u
	if err := s.menu.StartAssist(u.ctxOrBackground()); err != nil {
		s.msg = actError(err)
		s.draw()
		return
	}
	l, _ := s.menu.Current()
	s.wipe()
	u.staff, u.assisting = nil, true
	banner := card(u.text(fmt.Sprintf("帮办中 · 工号 %s · 市民本人确认后提交", l.ID), theme.SizeNameText, theme.ColorNamePrimary))
	u.staffLayer.Objects = []fyne.CanvasObject{container.NewVBox(container.NewHBox(layout.NewSpacer(), banner, layout.NewSpacer()))}
	u.staffLayer.Refresh()
	u.focusKeys()
	if st := u.lastSnap.State; st == app.StateAttract || st == app.StateEnding {
		u.deps.Session.Start()
	}
}

// followAssist ends 帮办代办 when the citizen's session ends.
func (u *UI) followAssist(prev, s app.Snapshot) {
	if !u.assisting || u.deps.StaffMenu == nil {
		return
	}
	if ended := s.State == app.StateAttract || s.State == app.StateEnding; ended && prev.State != s.State {
		u.deps.StaffMenu.EndAssist(u.ctxOrBackground())
		u.closeStaff()
	}
}

// Assisting reports whether a member of staff is helping the citizen
// (帮办代办) on this terminal now.
func (u *UI) Assisting() bool { return u.assisting }

// staffBackdrop takes every tap that hits no button of the staff layer,
// so nothing under it is reached.
type staffBackdrop struct {
	widget.BaseWidget
	s *staffLayer
}

func newStaffBackdrop(s *staffLayer) *staffBackdrop {
	b := &staffBackdrop{s: s}
	b.ExtendBaseWidget(b)
	return b
}

func (b *staffBackdrop) Tapped(*fyne.PointEvent) { b.s.activity() }

func (b *staffBackdrop) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}
