package screens

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
)

// staffCall is the state of the call of the call-staff screen.
type staffCall int

const (
	staffNotCalled staffCall = iota
	staffCalling
	staffReached   // Deps.CallStaff returned nil: someone heard the call
	staffUnreached // it returned an error, or the kiosk has no staff link
)

// staffCallTimeout bounds one call, so a citizen is never left waiting on
// "正在联系" when the link hangs.
const staffCallTimeout = 10 * time.Second

// staffTexts are the call-staff screen's instruction (shown and spoken),
// headline and note in a state of the call.
func (u *UI) staffTexts(state staffCall) (instruction, head, note string) {
	h := u.hotline()
	switch state {
	case staffReached:
		return "已通知工作人员，请在这里稍候。也可以直接去网办优先窗口，或拨打政务服务热线" + h + "。",
			"已通知工作人员，请在这里稍候",
			"也可以直接去网办优先窗口，或拨打政务服务热线 " + h + "。"
	case staffUnreached:
		return "这台机器现在叫不到工作人员。" + u.windowOrHotline(),
			"请到网办优先窗口找工作人员",
			"这台机器现在叫不到工作人员。您也可以拨打政务服务热线 " + h + "。"
	}
	return "正在联系工作人员。您也可以到大厅的网办优先窗口找工作人员，或拨打政务服务热线" + h + "。",
		"正在联系工作人员……",
		"您也可以到网办优先窗口找工作人员，或拨打政务服务热线 " + h + "。"
}

// buildCallStaff raises a call to the staff and says what really
// happened: "已通知工作人员" only when the call reached someone; otherwise
// where help is, the 网办优先窗口 and the hotline, shown and spoken.
func buildCallStaff(u *UI, s app.Screen) *View {
	b := u.builder()
	ok := b.button("好的", kindPrimary, RoleButton, u.goBack)
	ok.MinWidth = 320
	state := u.flow.staff
	if u.deps.CallStaff == nil {
		state = staffUnreached
	}
	instruction, headline, note := u.staffTexts(state)
	col := theme.ColorNamePrimary
	switch state {
	case staffReached:
		col = theme.ColorNameSuccess
	case staffUnreached:
		col = ""
	}
	head := emphText(headline, theme.SizeNameHeadingText, col)
	head.Align = fyne.TextAlignCenter
	v := &View{
		Title:       "呼叫工作人员",
		Instruction: instruction,
		Help:        u.spoken(u.windowOrHotline()) + "点“好的”回到刚才的页面。",
		Body: container.NewVBox(layout.NewSpacer(), container.NewCenter(head),
			container.NewCenter(body(note, 900)),
			spacer(0, 40), container.NewCenter(ok), layout.NewSpacer()),
		Items: b.items,
	}
	for _, st := range []staffCall{staffCalling, staffReached, staffUnreached} {
		text, _, _ := u.staffTexts(st)
		v.Prompts = append(v.Prompts, u.spoken(text))
	}
	v.OnShow = func() {
		u.announceSpoken(v)
		u.raiseStaffCall()
	}
	return v
}

// raiseStaffCall calls the staff once per visit of the screen (not again
// when 长辈版 is switched on there), in the background, and shows what
// came of it.
func (u *UI) raiseStaffCall() {
	if u.flow.staff != staffNotCalled || u.deps.CallStaff == nil {
		return
	}
	u.flow.staff = staffCalling
	seq, scr := u.lastSnap.Seq, u.lastSnap.Screen
	u.background(func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, staffCallTimeout)
		defer cancel()
		return u.deps.CallStaff(ctx)
	}, func(err error) {
		if u.lastSnap.Seq != seq || u.lastSnap.Screen != scr {
			return // the citizen left meanwhile
		}
		if err != nil {
			u.log.Info("staff call reached nobody", "err", err)
			u.flow.staff = staffUnreached
		} else {
			u.log.Info("staff call delivered")
			u.flow.staff = staffReached
		}
		u.rebuild(u.lastSnap)
	})
}
