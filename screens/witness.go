package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
)

// witnessScreen is the staff-witnessed identity check: a member of staff
// who saw the citizen confirms who they are. Where staff can sign in at
// this kiosk, the citizen asks them here; elsewhere the screen says
// plainly to go to the 网办优先窗口 — it never claims someone is coming.
type witnessScreen struct {
	u *UI
	j *journey.Apply
}

func newWitnessScreen(u *UI, s app.Screen) *witnessScreen {
	return &witnessScreen{u: u, j: u.applying(s.Param)}
}

func (s *witnessScreen) build() *View {
	u, j := s.u, s.j
	st := u.style()
	if j == nil {
		return missingView(st)
	}
	b := u.builder()
	v := &View{Title: "工作人员核验本人", Step: stageText(j, journey.Step{Kind: journey.StepWitness})}
	var info fyne.CanvasObject
	var buttons []fyne.CanvasObject
	if j.WitnessHere() {
		v.Instruction = "请工作人员来到本机，登录后确认您的身份。"
		v.Help = "工作人员当面看过您和您的身份证后，在本机登录确认，就可以继续办理。"
		var status fyne.CanvasObject = spacer(st, 0, 0)
		switch {
		case j.Running(journey.BusyWitness):
			status = newBusyLine("请工作人员登录确认……", u)
		case j.Err() != nil:
			v.Instruction = witnessProblem(j.Err())
			t := u.text(v.Instruction, theme.SizeNameSubHeadingText, theme.ColorNameError)
			t.WrapWidth = 820
			status = t
		}
		info = vbox(body(st, "工作人员当面核对您和身份证后，在本机确认。", 820), status)
		ok := b.button("工作人员确认", kindAccent, RoleButton, j.Witness)
		ok.MinWidth, ok.MinHeight = 480, 120
		buttons = append(buttons, ok)
	} else {
		v.Instruction = "请带上身份证到大厅的网办优先窗口，工作人员当面核验您的身份后为您办理。"
		v.Help = v.Instruction + "也可以拨打政务服务热线" + u.hotline() + "咨询。"
		info = vbox(body(st, "请带上身份证到大厅的网办优先窗口。", 820),
			body(st, "工作人员当面核验您的身份后，为您办理这项业务。", 820),
			body(st, "也可以拨打政务服务热线 "+u.hotline()+" 咨询。", 820))
		home := b.button("回到首页", kindPrimary, RoleButton, u.deps.Session.Home)
		home.MinWidth = 400
		buttons = append(buttons, home)
	}
	back := b.button("返回刷脸", kindPlain, RoleButton, u.deps.Session.Back)
	buttons = append(buttons, back)
	v.Prompts = []string{u.spoken(v.Instruction)}
	v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(card0(st, container.NewPadded(info), 880)),
		spacer(st, 0, 24), container.NewCenter(container.NewHBox(buttons...)), layout.NewSpacer())
	v.Items = b.items
	return v
}

// witnessProblem puts a failed staff check into words.
func witnessProblem(err error) string {
	switch {
	case err == nil:
		return ""
	case isMethodRefused(err):
		return "这项业务不能由工作人员代为核验，请到网办优先窗口办理。"
	}
	return "工作人员没有确认成功，请再试一次，或到网办优先窗口办理。"
}
