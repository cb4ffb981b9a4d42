package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
)

// callStaffScreen draws the journey's call to the staff and says what
// really happened: "已通知工作人员" only when the call reached someone,
// "工作人员正在赶来" once staff accepted it at the window;
// otherwise where help is, the 网办优先窗口 and the hotline, shown and
// spoken. Showing the screen raises the call, once per visit.
type callStaffScreen struct {
	u *UI
	j *journey.CallStaff
}

func newCallStaffScreen(u *UI, _ app.Screen) *callStaffScreen {
	return &callStaffScreen{u: u, j: u.staffCall()}
}

func (s *callStaffScreen) build() *View {
	u, j := s.u, s.j
	st := u.style()
	b := u.builder()
	ok := b.button("好的", kindPrimary, RoleButton, u.goBack)
	ok.MinWidth = 320
	state := j.State()
	instruction, headline, note := s.texts(state)
	col := theme.ColorNamePrimary
	switch state {
	case journey.CallReached, journey.CallAccepted:
		col = theme.ColorNameSuccess
	case journey.CallNoLink, journey.CallFailed:
		col = ""
	}
	head := emphText(st, headline, theme.SizeNameHeadingText, col)
	head.Align = fyne.TextAlignCenter
	v := &View{
		Title:       "呼叫工作人员",
		Instruction: instruction,
		Help:        u.spoken(u.windowOrHotline()) + "点“好的”回到刚才的页面。",
		Body: container.NewVBox(layout.NewSpacer(), container.NewCenter(head),
			container.NewCenter(body(st, note, 900)),
			spacer(st, 0, 40), container.NewCenter(ok), layout.NewSpacer()),
		Items: b.items,
	}
	for _, st := range []journey.CallState{journey.CallCalling, journey.CallReached, journey.CallAccepted, journey.CallNoLink} {
		text, _, _ := s.texts(st)
		v.Prompts = append(v.Prompts, u.spoken(text))
	}
	v.OnShow = func() {
		u.announceSpoken(v)
		if !u.dry {
			j.Call() // once per visit: not again when 长辈版 is switched on here
		}
	}
	return v
}

// texts are the call-staff screen's instruction (shown and spoken),
// headline and note in a state of the call.
func (s *callStaffScreen) texts(state journey.CallState) (instruction, head, note string) {
	u := s.u
	h := u.hotline()
	switch state {
	case journey.CallAccepted:
		return "工作人员正在赶来，请在这里稍候。也可以直接去网办优先窗口，或拨打政务服务热线" + h + "。",
			"工作人员正在赶来，请稍候",
			"也可以直接去网办优先窗口，或拨打政务服务热线 " + h + "。"
	case journey.CallReached:
		return "已通知工作人员，请在这里稍候。也可以直接去网办优先窗口，或拨打政务服务热线" + h + "。",
			"已通知工作人员，请在这里稍候",
			"也可以直接去网办优先窗口，或拨打政务服务热线 " + h + "。"
	case journey.CallNoLink, journey.CallFailed:
		return "这台机器现在叫不到工作人员。" + u.windowOrHotline(),
			"请到网办优先窗口找工作人员",
			"这台机器现在叫不到工作人员。您也可以拨打政务服务热线 " + h + "。"
	}
	return "正在联系工作人员。您也可以到大厅的网办优先窗口找工作人员，或拨打政务服务热线" + h + "。",
		"正在联系工作人员……",
		"您也可以到网办优先窗口找工作人员，或拨打政务服务热线 " + h + "。"
}

// staffCall is the session's call to the staff, whose outcome redraws and
// announces the screen; a throwaway one while views are built only to
// read their texts.
func (u *UI) staffCall() *journey.CallStaff {
	if u.dry {
		j := journey.NewCallStaff(u.throwawayDeps())
		u.onLeave(j.Close)
		return j
	}
	j := u.journeys().CallStaff()
	u.follow(j, func(ev journey.Event) {
		if !ev.Done {
			return // the screen shows "正在联系" already
		}
		if ev.Err != nil {
			u.log.Info("staff call reached nobody", "err", ev.Err)
		} else {
			u.log.Info("staff call delivered")
		}
		u.rebuild(u.lastSnap)
	})
	return j
}
