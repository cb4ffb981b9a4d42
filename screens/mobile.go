package screens

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
)

// 扫码手机办: every service detail and result screen shows a QR code that
// opens the same service in the phone app, says so, and offers the
// 网办明白卡 on paper.

// mobileLine is what the QR code's caption says and the screen speaks.
const mobileLine = "用手机扫码，在家也能办"

// mobileQR is the QR code of the service in the phone app with its
// caption; nil when the journey knows no address for it.
func (u *UI) mobileQR(j *journey.Apply, side float32) fyne.CanvasObject {
	if j == nil || j.MobileURL() == "" {
		return nil
	}
	caption := u.text(mobileLine, theme.SizeNameText, "")
	caption.Align = fyne.TextAlignCenter
	caption.WrapWidth = side + 60
	return vbox(container.NewCenter(qrImage(u.style(), j.MobileURL(), side)), container.NewCenter(caption))
}

// guideButton is "打印网办明白卡": it prints the service's card for doing
// it on the phone next time.
func (u *UI) guideButton(b *viewBuilder, j *journey.Apply) *tapButton {
	btn := b.button("打印网办明白卡", kindPlain, RoleButton, func() { u.onPrintGuide(j) })
	b.items[len(b.items)-1].Hint = "手机办事步骤、材料和二维码"
	btn.MinWidth, btn.MinHeight = 360, 100
	return btn
}

// onPrintGuide prints the 网办明白卡; a failure known at once (no
// printer) is shown and spoken at once.
func (u *UI) onPrintGuide(j *journey.Apply) {
	if j == nil {
		return
	}
	j.PrintGuide()
	u.redraw()
	if st, _ := j.GuideState(); st == journey.PrintFailed {
		u.say(u.guideMessage(j))
	}
}

// guideMessage says where printing the 网办明白卡 stands ("" before the
// citizen asked for it).
func (u *UI) guideMessage(j *journey.Apply) string {
	if j == nil {
		return ""
	}
	switch st, err := j.GuideState(); st {
	case journey.PrintPrinting:
		return "正在打印网办明白卡……"
	case journey.PrintDone:
		return "网办明白卡已打印，请取走。"
	case journey.PrintFailed:
		return guideProblem(err)
	}
	return ""
}

// guideProblem puts a failure to print the 网办明白卡 into words.
func guideProblem(err error) string {
	switch {
	case errors.Is(err, app.ErrPrinterPaper):
		return "打印机没有纸了，明白卡没有打印。您可以直接用手机扫屏幕上的二维码。"
	case errors.Is(err, app.ErrPrinterCover):
		return "打印机盖子没有关好，明白卡没有打印。您可以直接用手机扫屏幕上的二维码。"
	case errors.Is(err, app.ErrPrinterMissing):
		return "本机暂时不能打印明白卡。您可以直接用手机扫屏幕上的二维码。"
	}
	return "明白卡没有打印成功。您可以直接用手机扫屏幕上的二维码，或呼叫工作人员。"
}

// rewardLine is what the result screen says of a 网办有礼 gift (""
// when the portal gave none): only what the portal said.
func rewardLine(j *journey.Apply) string {
	if j == nil {
		return ""
	}
	first, title := j.Reward()
	switch {
	case first && title != "":
		return "网办有礼：这是您第一次网上办事，送您" + title + "。点“打印回执”会一起打出礼券，凭券到网办优先窗口领取。"
	case first:
		return "这是您第一次网上办事，欢迎以后常用网上办。"
	}
	return ""
}
