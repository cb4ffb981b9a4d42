package screens

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
)

// idCodeScreen checks who the citizen is without their face: a code the
// portal texts to the phone it holds for them (they never type the
// number; it is shown masked once the code went out). It serves a citizen
// who chose "不方便刷脸？", a kiosk without a camera, and one without an
// ID card (身份证补领). The code is masked and never spoken.
type idCodeScreen struct {
	u       *UI
	j       withoutFace // nil for a parameter that is neither a service nor a purpose
	codePad             // its number pad (set when j is)
}

func newIDCodeScreen(u *UI, s app.Screen) *idCodeScreen {
	scr := &idCodeScreen{u: u, j: u.withoutFaceFor(s.Param)}
	if scr.j != nil {
		scr.codePad = codePad{u: u, typed: scr.j.IDCodeTyped, key: scr.j.TypeIDCode}
	}
	return scr
}

func (s *idCodeScreen) build() *View {
	u, j := s.u, s.j
	st := u.style()
	if j == nil {
		return missingView(st)
	}
	b := u.builder()
	sent, masked := j.IDCodeSent()
	v := &View{Title: "短信核验本人", Step: stepText(j.Stage(journey.Step{Kind: journey.StepIDCode}))}
	v.Instruction = "我们会给您在政务服务平台登记的手机发一条验证码，请点“发送验证码”。"
	if sent {
		v.Instruction = fmt.Sprintf("验证码已发送到您登记的手机 %s，请输入收到的%d位数字。", masked, journey.SMSCodeLen)
		v.Private = true // a phone number, masked
	}
	v.Help = "验证码会发到您以前在政务服务平台登记的手机上。手机号不对或收不到短信，请到网办优先窗口由工作人员核验。"
	codeBox := s.box(b, st)
	var status fyne.CanvasObject = spacer(st, 0, 0)
	switch {
	case j.Running(journey.BusyIDCode):
		status = newBusyLine("请稍候……", u)
	case j.Err() != nil:
		msg := idCodeProblem(j.Err())
		v.Instruction, v.Private = msg, false
		t := u.text(msg, theme.SizeNameSubHeadingText, theme.ColorNameError)
		t.WrapWidth = 780
		status = t
	}
	send := b.button("发送验证码", kindPrimary, RoleButton, j.SendIDCode)
	if sent {
		send.Title = "重新发送"
		b.items[len(b.items)-1].Name = send.Title
	}
	keys := s.keys(b)
	verify := b.button("验证", kindAccent, RoleButton, s.onVerify)
	verify.MinWidth, verify.MinHeight = 400, 100
	left := vbox(u.text("发到登记手机的验证码", theme.SizeNameSubHeadingText, ColorNameMuted), codeBox, status, send, verify)
	v.Body = s.body(left, keys)
	v.Items = b.items
	v.Delete = s.onDelete
	return v
}

// onVerify checks the code; one too short is shown and spoken at once.
func (s *idCodeScreen) onVerify() {
	s.j.VerifyIDCode()
	if errors.Is(s.j.Err(), journey.ErrSMSShort) {
		s.u.redraw()
		s.u.say(idCodeProblem(s.j.Err()))
	}
}

// idCodeProblem puts a failed check by the phone on file into words.
func idCodeProblem(err error) string {
	switch {
	case errors.Is(err, app.ErrNoPhoneOnFile):
		return "政务服务平台没有您登记的手机号码，不能用短信核验。请到网办优先窗口，由工作人员核验后办理。"
	case errors.Is(err, app.ErrMethodNotAllowed), errors.Is(err, journey.ErrMethodNotOffered):
		return "这项业务不能用短信核验本人。请到网办优先窗口办理。"
	case errors.Is(err, app.ErrNoHolder):
		return "还没有填写身份证号码和姓名，请返回填写。"
	case errors.Is(err, app.ErrNoIdentityCheck):
		return "这台机器现在不能核验本人，请到网办优先窗口办理。"
	case portal.CodeOf(err) == "invalid_identity":
		return "身份证号码或姓名不对，请返回核对。"
	}
	return smsProblem(err)
}
