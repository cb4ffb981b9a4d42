package screens

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/portal"
	"hallkiosk/internal/privacy"
)

// smsCodeLen is the length of the portal's SMS codes.
const smsCodeLen = 6

// smsPage confirms the phone with a texted code. The code is masked on
// screen and never spoken: only "已输入第3位" (EN 301 549 5.1.3.8).
func (u *UI) smsPage(it portal.ServiceItem, ref formRef, step, of int) *View {
	b := u.builder()
	data := u.deps.Session.Data()
	form, asked := u.askedFields(it)
	phone, phoneIndex := "", 0
	for n, i := range asked {
		if form.Fields[i].Type == portal.FieldPhone {
			phone, phoneIndex = data.Field(form.Fields[i].Key), n
		}
	}
	v := &View{Title: "短信验证", Step: stepText(step, of)}
	v.Instruction = fmt.Sprintf("验证码已发送到 %s，请输入收到的%d位数字。", privacy.MaskPhone(phone), smsCodeLen)
	if !u.flow.smsSent {
		v.Instruction = fmt.Sprintf("我们会给 %s 发一条短信验证码，请点“发送验证码”。", privacy.MaskPhone(phone))
	}
	v.Private = true // the citizen's phone number, masked
	code := u.flow.typed
	dots := ""
	for i := 0; i < smsCodeLen; i++ {
		if i < len(code) {
			dots += "＊ "
		} else {
			dots += "＿ "
		}
	}
	codeBox := newRingBox(card0(newText(dots, theme.SizeNameHeadingText, ""), 600))
	codeItem := &Item{Name: "验证码", Role: RoleEntry, Object: codeBox, Value: func() string {
		return fmt.Sprintf("已输入%d位，共%d位", len(u.flow.typed), smsCodeLen)
	}}
	b.add(codeItem)
	var status fyne.CanvasObject = spacer(0, 0)
	if u.flow.err != nil {
		msg := smsProblem(u.flow.err)
		v.Instruction, v.Private = msg, false
		t := newText(msg, theme.SizeNameSubHeadingText, theme.ColorNameError)
		t.WrapWidth = 780
		status = t
	}
	send := b.button("发送验证码", kindPrimary, RoleButton, func() { u.sendSMS(phone) })
	if u.flow.smsSent {
		send.Title = "重新发送"
		b.items[len(b.items)-1].Name = send.Title
	}
	var keys []fyne.CanvasObject
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "删除", "0", "清空"} {
		k := k
		btn := b.button(k, kindPlain, RoleButton, func() {
			switch k {
			case "删除":
				if n := len(u.flow.typed); n > 0 {
					u.flow.typed = u.flow.typed[:n-1]
				}
			case "清空":
				u.flow.typed = ""
			default:
				if len(u.flow.typed) < smsCodeLen {
					u.flow.typed += k
				}
			}
			u.deps.Session.Touch()
			u.redraw()
			if k != "删除" && k != "清空" {
				u.say(fmt.Sprintf("已输入第%d位", len(u.flow.typed)))
			}
		})
		btn.TitleSize = theme.SizeNameHeadingText
		btn.MinWidth, btn.MinHeight = 150, 90
		if k >= "0" && k <= "9" {
			// The digit itself is never spoken, not even on focus.
			b.items[len(b.items)-1].Name = "数字键"
		}
		keys = append(keys, btn)
	}
	verify := b.button("验证", kindAccent, RoleButton, func() { u.verifySMS(it, form, asked, phone, phoneIndex) })
	verify.MinWidth, verify.MinHeight = 400, 100
	left := vbox(newText("短信验证码", theme.SizeNameSubHeadingText, ColorNameMuted), codeBox, status, send, verify)
	if u.portrait {
		v.Body = vbox(left, grid(3, keys...))
	} else {
		v.Body = container.New(&splitLayout{ratio: 0.45}, left, grid(3, keys...))
	}
	v.Items = b.items
	v.Delete = func() bool {
		if n := len(u.flow.typed); n > 0 {
			u.flow.typed = u.flow.typed[:n-1]
			u.redraw()
			return true
		}
		return false
	}
	return v
}

func (u *UI) sendSMS(phone string) {
	u.flow.err = nil
	seq := u.lastSnap.Seq
	u.background(func(ctx context.Context) error {
		return u.deps.SMS.Send(ctx, phone)
	}, func(err error) {
		if u.lastSnap.Seq != seq {
			return
		}
		u.flow.err = err
		u.flow.smsSent = err == nil
		u.redraw()
		if err != nil {
			u.say(smsProblem(err))
		} else {
			u.say("验证码已发送，请输入")
		}
	})
}

func (u *UI) verifySMS(it portal.ServiceItem, form portal.Form, asked []int, phone string, phoneIndex int) {
	code := u.flow.typed
	if len(code) != smsCodeLen {
		u.flow.err = errSMSShort
		u.redraw()
		u.say(smsProblem(errSMSShort))
		return
	}
	seq := u.lastSnap.Seq
	u.background(func(ctx context.Context) error {
		return u.deps.SMS.Verify(ctx, phone, code)
	}, func(err error) {
		if u.lastSnap.Seq != seq {
			return
		}
		u.flow.typed = ""
		if err != nil {
			u.flow.err = err
			u.redraw()
			u.say(smsProblem(err))
			return
		}
		if phoneIndex+1 < len(asked) {
			u.deps.Session.Replace(app.Screen{ID: app.ScreenForm, Param: formRef{code: it.Code, index: phoneIndex + 1}.param()})
			return
		}
		u.deps.Session.Replace(u.afterForm(it))
	})
}

var errSMSShort = errors.New("sms code too short")

func smsProblem(err error) string {
	switch {
	case errors.Is(err, errSMSShort):
		return fmt.Sprintf("验证码是%d位数字，还没有输完。", smsCodeLen)
	case errors.Is(err, app.ErrSMSWrong):
		return "验证码不对。请核对短信，重新输入。"
	case errors.Is(err, app.ErrSMSLocked):
		return "验证码错误次数太多。请点“重新发送”，用新的验证码。"
	case portal.IsRetryable(err):
		return "网络不太好，请稍后再试一次。"
	}
	return "短信验证没有完成，请点“重新发送”再试。"
}
