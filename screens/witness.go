package screens

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/staff"
)

// witnessScreen is the staff-witnessed identity check: a member of staff
// who saw the citizen confirms who they are. Where staff can sign in at
// this kiosk, the kiosk calls them over the hall bus (and says so only
// once the window stored the call); the member of staff types their ID
// and PIN here, confirms they compared the card with the person, and the
// journey goes on. Elsewhere the screen says plainly to go to the
// 网办优先窗口 — it never claims someone is coming.
type witnessScreen struct {
	u       *UI
	j       withoutFace // nil for a parameter that is neither a service nor a purpose
	codePad             // the staff's number pad (set when j is)
}

func newWitnessScreen(u *UI, s app.Screen) *witnessScreen {
	scr := &witnessScreen{u: u, j: u.withoutFaceFor(s.Param)}
	if scr.j != nil {
		j := scr.j
		scr.codePad = codePad{u: u, typed: func() string {
			id, n, pin := j.WitnessTyped()
			if pin {
				return strings.Repeat("*", n)
			}
			return id
		}, key: j.TypeWitness}
		if !u.dry {
			u.onLeave(j.ForgetWitnessPIN)
		}
	}
	return scr
}

func (s *witnessScreen) build() *View {
	u, j := s.u, s.j
	st := u.style()
	if j == nil {
		return missingView(st)
	}
	b := u.builder()
	v := &View{Title: "工作人员核验本人", Step: stepText(j.Stage(journey.Step{Kind: journey.StepWitness}))}
	if !j.WitnessHere() {
		return s.atWindow(b, v)
	}
	call, _ := j.WitnessCall()
	callLine := ""
	switch call {
	case journey.CallNone, journey.CallCalling:
		callLine = "正在通知工作人员……"
		v.Instruction = "正在通知工作人员，请稍候。"
	case journey.CallReached, journey.CallAccepted:
		callLine = "已通知工作人员，请在这里稍候。"
		v.Instruction = "请在这里稍候。工作人员到了以后，会当面核对您和您的身份证，并在本机确认。"
	case journey.CallNoLink:
		callLine = "这台机器现在联系不上工作人员。"
		v.Instruction = "这台机器现在联系不上工作人员。请到大厅的网办优先窗口请工作人员过来，或拨打政务服务热线" + u.hotline() + "。您填写的内容都会保留。"
	default:
		callLine = "没能通知到工作人员。"
		v.Instruction = "没能通知到工作人员。请点“再次通知”，或到网办优先窗口请工作人员过来。您填写的内容都会保留。"
	}
	v.Help = "工作人员当面看过您和您的身份证后，在本机输入工号和密码确认，您就可以继续办理。点“返回刷脸”可以换别的方式，已经填写的内容不会丢失。"
	callText := u.text(callLine, theme.SizeNameSubHeadingText, theme.ColorNamePrimary)
	if call == journey.CallNoLink || call == journey.CallFailed {
		callText = u.text(callLine, theme.SizeNameSubHeadingText, theme.ColorNameError)
	}
	callText.WrapWidth = 780
	top := []fyne.CanvasObject{callText}
	if call == journey.CallFailed {
		top = append(top, b.button("再次通知", kindPrimary, RoleButton, j.CallWitness))
	}

	// The staff's part: their ID, their PIN (never shown), the check that
	// they compared the card with the person.
	id, pinLen, pinField := j.WitnessTyped()
	field := func(label, value string, on bool, pin bool) fyne.CanvasObject {
		title := label + value
		if on {
			title = "▶ " + title
		}
		btn := b.button(title, kindPlain, RoleEntry, func() { j.WitnessField(pin); u.redraw() })
		b.items[len(b.items)-1].Name = label
		b.items[len(b.items)-1].Value = func() string {
			if pin {
				return "已输入" + strconv.Itoa(pinLen) + "位"
			}
			return value
		}
		btn.MinWidth = 560
		return btn
	}
	idBtn := field("工号：", id, !pinField, false)
	pinBtn := field("密码：", strings.Repeat("●", pinLen), pinField, true)
	seenTitle, seenKind := "点此确认：我已当面核对身份证与本人", kindPlain
	if j.WitnessSeen() {
		seenTitle, seenKind = "已确认当面核对身份证与本人（点此取消）", kindPrimary
	}
	seen := b.button(seenTitle, seenKind, RoleButton, func() { j.SetWitnessSeen(!j.WitnessSeen()); u.redraw() })
	seen.MinWidth = 560
	var status fyne.CanvasObject = spacer(st, 0, 0)
	switch {
	case j.Running(journey.BusyWitness):
		status = newBusyLine("正在核验……", u)
	case j.Err() != nil:
		msg := witnessProblem(j.Err())
		v.Instruction = msg
		t := u.text(msg, theme.SizeNameText, theme.ColorNameError)
		t.WrapWidth = 560
		status = t
	}
	ok := b.button("确认核验", kindAccent, RoleButton, s.onConfirm)
	ok.MinWidth, ok.MinHeight = 400, 100
	back := b.button("返回刷脸", kindPlain, RoleButton, u.deps.Session.Back)
	staffPart := vbox(muted(st, "以下由工作人员操作", 560), idBtn, pinBtn, seen, status, container.NewHBox(ok, back))
	keys := s.keys(b)
	v.Prompts = []string{u.spoken(v.Instruction)}
	v.Body = container.NewVBox(vbox(top...), spacer(st, 0, 16), s.body(staffPart, keys))
	v.Items = b.items
	v.Delete = s.onDelete
	return v
}

// onConfirm is 确认核验: a check that cannot start (no tick, no ID or PIN)
// is shown and spoken at once; the rest comes as the journey's event.
func (s *witnessScreen) onConfirm() {
	s.j.Witness()
	if err := s.j.Err(); errors.Is(err, journey.ErrNotSeen) || errors.Is(err, journey.ErrWitnessIncomplete) || isMethodRefused(err) {
		s.u.redraw()
		s.u.say(witnessProblem(err))
	}
}

// atWindow is the screen of a kiosk where no staff can sign in: the check
// is at the 网办优先窗口.
func (s *witnessScreen) atWindow(b *viewBuilder, v *View) *View {
	u := s.u
	st := u.style()
	v.Instruction = "请带上身份证到大厅的网办优先窗口，工作人员当面核验您的身份后为您办理。"
	v.Help = v.Instruction + "也可以拨打政务服务热线" + u.hotline() + "咨询。"
	info := vbox(body(st, "请带上身份证到大厅的网办优先窗口。", 820),
		body(st, "工作人员当面核验您的身份后，为您办理这项业务。", 820),
		body(st, "也可以拨打政务服务热线 "+u.hotline()+" 咨询。", 820))
	home := b.button("回到首页", kindPrimary, RoleButton, u.deps.Session.Home)
	home.MinWidth = 400
	back := b.button("返回刷脸", kindPlain, RoleButton, u.deps.Session.Back)
	v.Prompts = []string{u.spoken(v.Instruction)}
	v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(card0(st, container.NewPadded(info), 880)),
		spacer(st, 0, 24), container.NewCenter(container.NewHBox(home, back)), layout.NewSpacer())
	v.Items = b.items
	return v
}

// witnessProblem puts a failed staff check into words (for the member of
// staff, and the citizen beside them).
func witnessProblem(err error) string {
	var le *staff.LockedError
	switch {
	case err == nil:
		return ""
	case isMethodRefused(err):
		return "这项业务不能由工作人员代为核验，请到网办优先窗口办理。"
	case errors.Is(err, journey.ErrNotSeen):
		return "请工作人员当面核对身份证与本人后，点“我已当面核对身份证与本人”确认。"
	case errors.Is(err, journey.ErrWitnessIncomplete):
		return "请工作人员输入工号和密码。"
	case errors.As(err, &le):
		return "密码错误次数过多，该工号暂时锁定，请稍后再试或换一位工作人员。"
	case errors.Is(err, staff.ErrWrongPIN):
		return "工号或密码不正确，请重新输入。"
	case errors.Is(err, staff.ErrDisabled):
		return "该工号已停用，请换一位工作人员。"
	case errors.Is(err, staff.ErrForbidden):
		return "该工号不能核验身份，请换一位工作人员。"
	}
	return "核验没有完成，请再试一次，或到网办优先窗口办理。您填写的内容都会保留。"
}
