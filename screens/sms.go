package screens

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
	"hallkiosk/internal/privacy"
)

// smsScreen confirms the phone with a texted code. The code is masked on
// screen and never spoken: only "已输入第3位" (EN 301 549 5.1.3.8). The
// digits typed are the journey's.
type smsScreen struct {
	u       *UI
	j       *journey.Apply // nil for a code the catalog does not have
	codePad                // its number pad (set when j is)
}

func newSMSScreen(u *UI, s app.Screen) *smsScreen {
	scr := &smsScreen{u: u, j: u.applying(s.Param)}
	if scr.j != nil {
		scr.codePad = codePad{u: u, typed: scr.j.SMSTyped, key: scr.j.TypeSMS}
	}
	return scr
}

func (s *smsScreen) build() *View {
	u, j := s.u, s.j
	st := u.style()
	if j == nil {
		return missingView(st)
	}
	b := u.builder()
	phone := j.Phone()
	v := &View{Title: "短信验证", Step: stageText(j, journey.Step{Kind: journey.StepSMS})}
	v.Instruction = fmt.Sprintf("验证码已发送到 %s，请输入收到的%d位数字。", privacy.MaskPhone(phone), journey.SMSCodeLen)
	if !j.SMSSent() {
		v.Instruction = fmt.Sprintf("我们会给 %s 发一条短信验证码，请点“发送验证码”。", privacy.MaskPhone(phone))
	}
	v.Private = true // the citizen's phone number, masked
	codeBox := s.box(b, st)
	var status fyne.CanvasObject = spacer(st, 0, 0)
	switch {
	case j.Running(journey.BusySMS):
		status = u.text("请稍候……", theme.SizeNameSubHeadingText, theme.ColorNamePrimary)
	case j.Err() != nil:
		msg := smsProblem(j.Err())
		v.Instruction, v.Private = msg, false
		t := u.text(msg, theme.SizeNameSubHeadingText, theme.ColorNameError)
		t.WrapWidth = 780
		status = t
	}
	send := b.button("发送验证码", kindPrimary, RoleButton, j.SendSMS)
	if j.SMSSent() {
		send.Title = "重新发送"
		b.items[len(b.items)-1].Name = send.Title
	}
	keys := s.keys(b)
	verify := b.button("验证", kindAccent, RoleButton, s.onVerify)
	verify.MinWidth, verify.MinHeight = 400, 100
	left := vbox(u.text("短信验证码", theme.SizeNameSubHeadingText, ColorNameMuted), codeBox, status, send, verify)
	v.Body = s.body(left, keys)
	v.Items = b.items
	v.Delete = s.onDelete
	return v
}

// onVerify checks the code typed; one too short is shown and spoken at
// once.
func (s *smsScreen) onVerify() {
	s.j.VerifySMS()
	if errors.Is(s.j.Err(), journey.ErrSMSShort) {
		s.u.redraw()
		s.u.say(smsProblem(s.j.Err()))
	}
}

// smsProblem puts a failed SMS step into words for the citizen.
func smsProblem(err error) string {
	switch {
	case errors.Is(err, journey.ErrSMSShort):
		return fmt.Sprintf("验证码是%d位数字，还没有输完。", journey.SMSCodeLen)
	case errors.Is(err, app.ErrSMSWrong):
		return "验证码不对。请核对短信，重新输入。"
	case errors.Is(err, app.ErrSMSLocked):
		return "验证码错误次数太多。请点“重新发送”，用新的验证码。"
	case portal.IsRetryable(err):
		return "网络不太好，请稍后再试一次。"
	}
	return "短信验证没有完成，请点“重新发送”再试。"
}
