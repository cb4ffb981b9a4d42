package screens

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/speech"
)

// supplementView is 现在补交材料 for application a, waiting for a 补正:
// capture the missing material, submit it, and be told its number.
func (s *progressScreen) supplementView(v *View, b *viewBuilder, a portal.ApplicationStatus) *View {
	u, j := s.u, s.j
	st := u.style()
	v.Title = "补交材料：" + a.ServiceName
	content := vbox()
	leave := func() {
		j.StopSupplement()
		u.rebuild(u.lastSnap)
	}
	switch {
	case j.SupplementDone() != nil:
		sub := j.SupplementDone()
		label, number := "凭证号", sub.Receipt.Voucher
		v.Instruction = "补正材料已保存，网络恢复后会自动提交。凭证号 " + number + "。"
		if sub.Receipt.State == outbox.StateSent {
			label, number = "受理号", sub.Receipt.ApplicationID
			v.Instruction = "补正材料已提交，受理号 " + number + "。工作人员会和原来的申请一起处理。"
		}
		big := u.text("补正材料已提交", SizeNameTitle, theme.ColorNameSuccess)
		if sub.Receipt.State != outbox.StateSent {
			big.Text = "补正材料已保存"
		}
		content.Add(container.NewCenter(big))
		content.Add(container.NewCenter(u.text(label+"："+number, theme.SizeNameHeadingText, "")))
		back := b.button("返回列表", kindPrimary, RoleButton, func() { leave(); s.open = "" })
		back.MinWidth = 400
		content.Add(container.NewCenter(back))
		v.OnShow = func() { u.speak(public(big.Text, label), private(speech.Code(number))) }
	case j.Running(journey.BusyCapture):
		v.Instruction = "正在拍照，请不要移动材料。"
		content.Add(newBusyLine("正在拍照……", u))
	case j.Running(journey.BusySubmit):
		v.Instruction = "正在提交补正材料，请稍候。"
		content.Add(newBusyLine("正在提交……", u))
	default:
		v.Instruction = "还缺：" + missingOf(a) + "。请把材料放在高拍仪下，点“拍照”。"
		if err := j.Err(); err != nil {
			v.Instruction = supplementProblem(err)
			problem := u.text(v.Instruction, theme.SizeNameSubHeadingText, theme.ColorNameError)
			problem.WrapWidth = u.contentWidth() - 80
			content.Add(problem)
		}
		var row []fyne.CanvasObject
		if j.SupplementCaptured() {
			if j.Err() == nil {
				v.Instruction = "已拍好。确认无误后点“提交补正材料”，也可以重拍。"
			}
			content.Add(container.NewCenter(u.text("已拍好", theme.SizeNameHeadingText, theme.ColorNameSuccess)))
			send := b.button("提交补正材料", kindAccent, RoleButton, j.SubmitSupplement)
			send.MinWidth, send.MinHeight = 400, 100
			again := b.button("重拍", kindPlain, RoleButton, j.CaptureSupplement)
			again.MinWidth = 240
			row = append(row, send, again)
		} else {
			capture := b.button("拍照", kindAccent, RoleButton, j.CaptureSupplement)
			capture.MinWidth, capture.MinHeight = 400, 100
			row = append(row, capture)
		}
		stop := b.button("不补了", kindPlain, RoleButton, leave)
		stop.MinWidth = 240
		content.Add(body(st, "补交的材料会作为这件事的补正申请提交，您会拿到新的受理号。", u.contentWidth()-80))
		content.Add(container.NewCenter(container.NewHBox(append(row, stop)...)))
	}
	v.Body = container.NewVBox(layout.NewSpacer(), content, layout.NewSpacer())
	v.Items = b.items
	return v
}

// supplementProblem puts a failed capture or submission of a 补正 into words.
func supplementProblem(err error) string {
	if errors.Is(err, app.ErrNoQueue) {
		return submitProblem(err)
	}
	return materialProblem(err)
}
