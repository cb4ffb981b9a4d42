// Package window is the window terminal's screens: the staff's terminal
// at the 网办优先窗口, a Fyne app of its own beside the kiosk's screens.
// It draws what app/hall's Window holds (the calls, every terminal's
// device health, the live view of the kiosk staff watch) and calls its
// methods; it never talks to the bus itself.
//
// What it draws is gathered off Fyne's goroutine into a Model (the call
// store is SQLite) and drawn in one go with fyne.Do: at once after a call
// or a live view changed, and once a second for the terminals' statuses
// and the waiting times, so fifty kiosks publishing every two seconds cost
// one redraw a second. Staff actions (accept, close, watch, point) run in
// goroutines of their own, never on Fyne's.
package window

import (
	"context"
	"fmt"
	"image/color"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"hallkiosk/app/hall"
	"hallkiosk/devices"
	"hallkiosk/internal/logging"
)

// Deps is what the window terminal's screens need. Window is required.
type Deps struct {
	Window   *hall.Window
	HallName string
	// Stale is how long a terminal may stay silent before it is shown
	// offline (three status intervals).
	Stale time.Duration
	Now   func() time.Time
	Log   *slog.Logger
	// OnDrawn, if set, hears every model after it is drawn (tests and
	// benchmarks), on Fyne's goroutine.
	OnDrawn func(Model)
}

// Model is one drawing of the window terminal, gathered off Fyne's
// goroutine.
type Model struct {
	At        time.Time
	Connected bool
	Calls     []hall.StoredCall
	Terminals []hall.TerminalInfo
	// Watching is the kiosk whose live view is open ("" none); View its
	// view, nil until the first one arrives.
	Watching string
	View     *hall.LiveView
	// Err is the last failure of a staff action, in staff's words.
	Err string
}

// UI is the window terminal's content.
type UI struct {
	d   Deps
	win fyne.Window

	root *fyne.Container

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	kick   chan struct{}

	// The parts drawn, each replaced only when its signature changes.
	top, left, right          *fyne.Container
	portrait                  bool
	sigTop, sigLeft, sigRight string

	mu       sync.Mutex
	watching string
	err      string
}

// New builds the window terminal's UI in win; Start begins drawing.
func New(win fyne.Window, d Deps) *UI {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = logging.Discard()
	}
	if d.Stale <= 0 {
		d.Stale = 3 * hall.DefaultInterval
	}
	u := &UI{d: d, win: win, root: container.NewStack(), kick: make(chan struct{}, 1)}
	win.SetContent(u.root)
	return u
}

// Start draws now and after every change until Stop (or ctx ends).
func (u *UI) Start(ctx context.Context) {
	u.ctx, u.cancel = context.WithCancel(ctx)
	u.d.Window.OnChange(func(c hall.Change) {
		if c.Kind != hall.ChangeStatus { // statuses wait for the next second
			u.redraw()
		}
	})
	u.wg.Add(1)
	go u.loop()
	u.redraw()
}

// Stop ends drawing and the staff actions under way.
func (u *UI) Stop() {
	if u.cancel != nil {
		u.cancel()
	}
	u.wg.Wait()
}

// redraw asks for a drawing soon; it never blocks.
func (u *UI) redraw() {
	select {
	case u.kick <- struct{}{}:
	default:
	}
}

func (u *UI) loop() {
	defer u.wg.Done()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-u.ctx.Done():
			return
		case <-u.kick:
		case <-tick.C:
		}
		m := u.gather()
		fyne.DoAndWait(func() { u.draw(m) })
	}
}

// gather reads what to draw (the call store is SQLite: never on Fyne's
// goroutine).
func (u *UI) gather() Model {
	w := u.d.Window
	m := Model{At: u.d.Now(), Connected: w.Connected(), Terminals: w.Terminals()}
	ctx, cancel := context.WithTimeout(u.ctx, 2*time.Second)
	calls, err := w.Calls(ctx)
	cancel()
	if err != nil {
		u.d.Log.Error("reading the calls", "err", err)
	}
	m.Calls = calls
	u.mu.Lock()
	m.Watching, m.Err = u.watching, u.err
	u.mu.Unlock()
	if m.Watching != "" {
		if v, ok := w.View(m.Watching); ok {
			m.View = &v
		}
	}
	return m
}

// action runs a staff action off Fyne's goroutine and draws again; a
// failure is shown in staff's words.
func (u *UI) action(what string, f func(ctx context.Context) error) {
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		ctx, cancel := context.WithTimeout(u.ctx, 5*time.Second)
		defer cancel()
		err := f(ctx)
		u.mu.Lock()
		if err != nil {
			u.err = what + "没有成功：" + staffWords(err)
			u.d.Log.Warn("staff action failed", "action", what, "err", err)
		} else {
			u.err = ""
		}
		u.mu.Unlock()
		u.redraw()
	}()
}

func staffWords(err error) string {
	if strings.Contains(err.Error(), hall.ErrDown.Error()) {
		return "这台终端现在连不上（大厅总线或终端不在线）"
	}
	return err.Error()
}

// Accept accepts a call: its kiosk shows 工作人员正在赶来.
func (u *UI) Accept(id string) {
	u.action("接单", func(ctx context.Context) error { return u.d.Window.Accept(ctx, id) })
}

// CloseCall marks a call handled.
func (u *UI) CloseCall(id string) {
	u.action("完成", func(ctx context.Context) error { return u.d.Window.CloseCall(ctx, id) })
}

// Watch opens the live view of a kiosk (closing the one open).
func (u *UI) Watch(id string) {
	u.mu.Lock()
	old := u.watching
	u.watching = id
	u.mu.Unlock()
	if old != "" && old != id {
		u.d.Window.Unwatch(old)
	}
	u.action("打开在线帮办", func(ctx context.Context) error {
		_, err := u.d.Window.Watch(ctx, id)
		return err
	})
}

// Unwatch closes the live view.
func (u *UI) Unwatch() {
	u.mu.Lock()
	old := u.watching
	u.watching = ""
	u.mu.Unlock()
	if old != "" {
		u.d.Window.Unwatch(old)
	}
	u.redraw()
}

// Point asks the watched kiosk to ring an item and say 请点这里.
func (u *UI) Point(id, item string) {
	u.action("指给群众看", func(context.Context) error { return u.d.Window.Point(id, "item:"+item) })
}

// draw puts a model on screen: calls and terminals beside (landscape) or
// above (portrait) the live view. A part whose words did not change is
// left as it is (statuses arrive every two seconds from every kiosk, and
// mostly say the same).
func (u *UI) draw(m Model) {
	portrait := false
	if sz := u.win.Canvas().Size(); sz.Height > sz.Width {
		portrait = true
	}
	if u.top == nil || portrait != u.portrait {
		u.portrait = portrait
		u.top, u.left, u.right = container.NewStack(), container.NewStack(), container.NewStack()
		u.sigTop, u.sigLeft, u.sigRight = "", "", ""
		left, right := container.NewVScroll(u.left), container.NewVScroll(u.right)
		var body fyne.CanvasObject
		if portrait {
			split := container.NewVSplit(left, right)
			split.Offset = 0.5
			body = split
		} else {
			split := container.NewHSplit(left, right)
			split.Offset = 0.5
			body = split
		}
		u.root.Objects = []fyne.CanvasObject{container.NewBorder(u.top, nil, nil, nil, body)}
		u.root.Refresh()
	}
	if sig := fmt.Sprint(m.Connected, m.At.Format("15:04"), m.Err); sig != u.sigTop {
		u.sigTop = sig
		var top fyne.CanvasObject = u.header(m)
		if m.Err != "" {
			top = container.NewVBox(top, coloured(m.Err, theme.ColorNameError, false))
		}
		u.top.Objects = []fyne.CanvasObject{top}
		u.top.Refresh()
	}
	calls, terms := u.callsPanel(m), u.terminalsPanel(m)
	if sig := signature(calls) + signature(terms); sig != u.sigLeft {
		u.sigLeft = sig
		u.left.Objects = []fyne.CanvasObject{container.NewVBox(calls, widget.NewSeparator(), terms)}
		u.left.Refresh()
	}
	live := u.livePanel(m)
	if sig := signature(live); sig != u.sigRight {
		u.sigRight = sig
		u.right.Objects = []fyne.CanvasObject{live}
		u.right.Refresh()
	}
	if u.d.OnDrawn != nil {
		u.d.OnDrawn(m)
	}
}

// signature is the words and buttons of a built panel, in order: the
// same signature draws the same.
func signature(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			fmt.Fprintf(&b, "L%d:%s|", w.Importance, w.Text)
		case *widget.Button:
			fmt.Fprintf(&b, "B%d:%s|", w.Importance, w.Text)
		case *fyne.Container:
			b.WriteString("(")
			for _, c := range w.Objects {
				walk(c)
			}
			b.WriteString(")")
		}
	}
	walk(o)
	return b.String()
}

func (u *UI) header(m Model) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(strings.TrimSpace(u.d.HallName+" 网办优先窗口"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	link := coloured("大厅总线已连接", theme.ColorNameSuccess, false)
	if !m.Connected {
		link = coloured("大厅总线未连接：呼叫和设备状态暂时收不到", theme.ColorNameError, true)
	}
	clock := widget.NewLabel(m.At.Format("15:04"))
	return container.NewPadded(container.NewHBox(title, layout.NewSpacer(), link, clock))
}

// callsPanel lists the calls not closed, oldest first: the unanswered
// stand out until someone accepts them.
func (u *UI) callsPanel(m Model) fyne.CanvasObject {
	open := 0
	for _, c := range m.Calls {
		if c.State == hall.CallOpen {
			open++
		}
	}
	box := container.NewVBox(heading(fmt.Sprintf("呼叫（%d个待接）", open)))
	if len(m.Calls) == 0 {
		add(box, widget.NewLabel("没有待处理的呼叫。"))
	}
	for _, c := range m.Calls {
		add(box, u.callCard(m, c))
	}
	return box
}

func (u *UI) callCard(m Model, c hall.StoredCall) fyne.CanvasObject {
	what := reasonName(c.Reason)
	switch {
	case c.Reason == hall.ReasonDevice:
		what += "：" + deviceName(c.Device)
		if c.Detail != "" {
			what += "（" + c.Detail + "）"
		}
	case c.ServiceName != "":
		what += "：" + c.ServiceName
		if c.Stages > 0 {
			what += fmt.Sprintf("，第%d步，共%d步 %s", c.Stage, c.Stages, c.StageName)
		}
	}
	line1 := widget.NewLabelWithStyle(c.Terminal+"  "+what, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	line1.Wrapping = fyne.TextWrapWord
	var state fyne.CanvasObject
	var buttons []fyne.CanvasObject
	id, term := c.ID, c.Terminal
	if c.State == hall.CallOpen {
		state = coloured("未接，已等"+ago(m.At, c.At), theme.ColorNameError, true)
		accept := widget.NewButton("接单", func() { u.Accept(id) })
		accept.Importance = widget.HighImportance
		buttons = append(buttons, accept)
	} else {
		state = coloured("已接单（"+c.Accepted.Local().Format("15:04")+"）", theme.ColorNameSuccess, false)
	}
	buttons = append(buttons, widget.NewButton("完成", func() { u.CloseCall(id) }))
	if c.Reason != hall.ReasonDevice {
		buttons = append(buttons, widget.NewButton("在线帮办", func() { u.Watch(term) }))
	}
	row := container.NewHBox(append([]fyne.CanvasObject{state, layout.NewSpacer()}, buttons...)...)
	return card(container.NewVBox(line1, row))
}

// terminalsPanel is the device health of the whole hall.
func (u *UI) terminalsPanel(m Model) fyne.CanvasObject {
	box := container.NewVBox(heading(fmt.Sprintf("大厅终端（%d台）", len(m.Terminals))))
	if len(m.Terminals) == 0 {
		add(box, widget.NewLabel("还没有收到任何终端的状态。"))
	}
	for _, ti := range m.Terminals {
		add(box, u.terminalRow(m, ti))
	}
	return box
}

func (u *UI) terminalRow(m Model, ti hall.TerminalInfo) fyne.CanvasObject {
	role := "自助终端"
	if ti.Role == hall.RoleWindow {
		role = "窗口终端"
	}
	online := m.At.Sub(ti.LastSeen) <= u.d.Stale
	var seen fyne.CanvasObject
	if online {
		where := "空闲"
		if ti.InSession {
			where = "有人在办：" + screenTitle(ti.Screen)
		}
		seen = widget.NewLabel(where)
	} else {
		seen = coloured("离线（最后联系 "+ti.LastSeen.Local().Format("15:04:05")+"）", theme.ColorNameError, true)
	}
	head := container.NewHBox(widget.NewLabelWithStyle(ti.Terminal+" "+role, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), seen, layout.NewSpacer())
	if ti.Role == hall.RoleKiosk {
		id := ti.Terminal
		add(head, widget.NewButton("在线帮办", func() { u.Watch(id) }))
	}
	rows := container.NewVBox(head)
	if len(ti.Devices) > 0 {
		add(rows, devicesLine(ti.Devices))
	}
	if ob := ti.Outbox; ob != nil {
		text := fmt.Sprintf("离线待发：%d件", ob.Depth)
		if ob.Parked > 0 {
			text += fmt.Sprintf("（%d件被退回，需处理）", ob.Parked)
		}
		if !ob.OldestPending.IsZero() {
			text += "，最早一件已等" + ago(m.At, ob.OldestPending)
		}
		add(rows, widget.NewLabel(text))
	}
	for _, f := range ti.Faults {
		add(rows, coloured(fmt.Sprintf("%s %s：%s %s", f.Since.Local().Format("15:04:05"), deviceName(f.Device),
			deviceState(devices.Status{State: f.State, Paper: f.Paper}), f.Detail), theme.ColorNameError, false))
	}
	return card(rows)
}

func devicesLine(devs map[devices.Kind]devices.Status) fyne.CanvasObject {
	kinds := make([]devices.Kind, 0, len(devs))
	for k := range devs {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kindOrder(kinds[i]) < kindOrder(kinds[j]) })
	box := container.NewHBox()
	for _, k := range kinds {
		st := devs[k]
		col := theme.ColorNameSuccess
		if !deviceOK(st) {
			col = theme.ColorNameError
		}
		add(box, coloured(deviceName(k)+" "+deviceState(st), col, !deviceOK(st)))
	}
	return box
}

func kindOrder(k devices.Kind) int {
	for i, kk := range devices.AllKinds() {
		if kk == k {
			return i
		}
	}
	return 99
}

// livePanel is 在线帮办: the watched kiosk's journey as a schematic, with
// the items staff may point at. Staff cannot type into it.
func (u *UI) livePanel(m Model) fyne.CanvasObject {
	if m.Watching == "" {
		return container.NewVBox(heading("在线帮办"),
			widget.NewLabel("点一台自助终端的“在线帮办”，就能看到群众在那台机器上办到哪一步。"))
	}
	closeBtn := widget.NewButton("关闭", u.Unwatch)
	box := container.NewVBox(container.NewHBox(heading("在线帮办："+m.Watching), layout.NewSpacer(), closeBtn))
	v := m.View
	if v == nil {
		add(box, widget.NewLabel("正在连接这台终端……"))
		return box
	}
	add(box, labelled("当前页面", screenTitle(v.Screen)))
	if !v.InSession {
		add(box, widget.NewLabel("现在没有人在使用这台终端。"))
	}
	if c := v.Call; c != "" {
		add(box, labelled("呼叫", callWords[c]))
	}
	if s := v.Journey; s != nil {
		if s.ServiceName != "" {
			add(box, labelled("事项", s.ServiceName))
		}
		if s.Stages > 0 {
			add(box, labelled("进度", fmt.Sprintf("第%d步，共%d步：%s", s.Stage, s.Stages, s.StageName)))
		}
		if s.Busy != "" {
			add(box, coloured(busyWords[s.Busy]+"……", theme.ColorNamePrimary, true))
		}
		if s.Waiting == "card" {
			add(box, coloured("等群众放身份证", theme.ColorNamePrimary, false))
		}
		for _, e := range s.Errors {
			add(box, coloured("提示群众："+e, theme.ColorNameError, false))
		}
		if s.Problem != "" && len(s.Errors) == 0 {
			add(box, coloured("上一步没有成功（"+s.Problem+"）", theme.ColorNameError, false))
		}
		if len(s.Fields) > 0 {
			add(box, widget.NewLabelWithStyle("表单（已遮蔽）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			for _, f := range s.Fields {
				value := f.Value
				if !f.Filled {
					value = "（未填）"
				}
				mark := ""
				if s.Field != nil && s.Field.Label == f.Label {
					mark = "▶ "
				}
				if f.FromCard {
					value += "（读卡）"
				}
				add(box, labelled(mark+f.Label, value))
			}
		}
		for _, mt := range s.Materials {
			state := "未拍"
			if mt.Captured {
				state = "已拍"
			}
			add(box, labelled("材料 "+mt.Name, state))
		}
		if s.Outbox != "" {
			add(box, labelled("申请", s.Outbox))
		}
	}
	if len(v.Devices) > 0 {
		add(box, devicesLine(v.Devices))
	}
	if len(v.Items) > 0 {
		add(box, widget.NewLabelWithStyle("指给群众看（终端上会圈出这一项并说“请点这里”）", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		grid := container.NewGridWrap(fyne.NewSize(220, 56))
		id := m.Watching
		for _, it := range v.Items {
			name := it
			add(grid, widget.NewButton(name, func() { u.Point(id, name) }))
		}
		add(box, grid)
	}
	return box
}

// add appends objs to c, a container not on screen yet, without laying it
// out: Container.Add lays out all it holds each time, so a panel of n
// rows built with it measured rows n²/2 times (the terminals panel of a
// 50-kiosk hall took most of the window's CPU, make bench-hall).
func add(c *fyne.Container, objs ...fyne.CanvasObject) {
	c.Objects = append(c.Objects, objs...)
}

func heading(s string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

func labelled(label, value string) fyne.CanvasObject {
	l := widget.NewLabel(label + "：" + value)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func coloured(s string, col fyne.ThemeColorName, bold bool) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: bold})
	l.Importance = importanceOf(col)
	return l
}

func importanceOf(col fyne.ThemeColorName) widget.Importance {
	switch col {
	case theme.ColorNameError:
		return widget.DangerImportance
	case theme.ColorNameSuccess:
		return widget.SuccessImportance
	case theme.ColorNamePrimary:
		return widget.HighImportance
	}
	return widget.MediumImportance
}

// card frames content on a slightly raised background.
func card(content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(color.NRGBA{A: 0x10})
	bg.CornerRadius = 8
	return container.NewStack(bg, container.NewPadded(content))
}
