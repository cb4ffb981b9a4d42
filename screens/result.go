package screens

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/outbox"
	"hallkiosk/speech"
)

// resultScreen tells the citizen where the application stands: 已受理 with
// the portal's 受理号, or 已保存 with the kiosk's 凭证号 while offline; it
// prints the receipt and leads to the rating.
type resultScreen struct {
	u *UI
	j *journey.Apply // the journey of the submission on show (set by build)
}

// The result page's layout: the share of the width its column takes beside
// the receipt's preview, the side of the phone's QR code, and the room the
// gaps between its parts take (logical units).
const (
	resultSplit  = 0.7
	resultQRSide = 180
	resultGaps   = 40
)

func newResultScreen(u *UI, _ app.Screen) *resultScreen { return &resultScreen{u: u} }

func (s *resultScreen) build() *View {
	u := s.u
	st := u.style()
	b := u.builder()
	sub := u.deps.Session.Data().Submission()
	if sub == nil {
		return missingView(st)
	}
	v := &View{Title: "提交结果", NoBack: true}
	var headline, number, label, note string
	r := sub.Receipt
	switch r.State {
	case outbox.StateSent:
		headline, label, number = "已受理", "受理号", r.ApplicationID
		note = fmt.Sprintf("承诺时限：%s。可凭受理号在手机上或本机“进度查询”查看进度。", sub.Service.OnlineTimeLimit)
	case outbox.StateParked:
		headline, label, number = "提交未成功", "凭证号", r.Voucher
		note = "门户没有接受这份申请。请带上凭证号到网办优先窗口，工作人员会帮您处理。"
	default:
		headline, label, number = "已保存", "凭证号", r.Voucher
		note = "本机已保存您的申请，网络恢复后会自动提交，您可以先离开。请保管好凭证号，可凭它到网办优先窗口查询。"
	}
	s.j = u.applying(sub.Service.Code)
	reward := rewardLine(s.j)
	if reward != "" {
		note += reward
	}
	v.Instruction = fmt.Sprintf("%s，%s %s。%s", headline, label, number, note)
	v.Private = true // the number is the citizen's own
	big := u.text(headline, SizeNameTitle, theme.ColorNameSuccess)
	if r.State == outbox.StateParked {
		big.ColorName = theme.ColorNameError
	}
	big.Align = fyne.TextAlignCenter
	num := u.text(label+"："+number, theme.SizeNameHeadingText, "")
	num.Align = fyne.TextAlignCenter
	printBtn := b.button("打印回执", kindAccent, RoleButton, s.onPrint)
	printBtn.TitleSize = theme.SizeNameSubHeadingText
	printBtn.MinWidth, printBtn.MinHeight = 400, 100
	rate := b.button("评价本次服务", kindPrimary, RoleButton, s.onRate)
	rate.MinWidth, rate.MinHeight = 400, 100
	guide := u.guideButton(b, s.j)
	printStatus := u.text(joinLines(u.printMessage(s.j), u.guideMessage(s.j)), theme.SizeNameText, ColorNameMuted)
	printStatus.Align = fyne.TextAlignCenter
	// Beside the receipt's preview and the phone's QR code the column is
	// narrower than the page: the note wraps to it, and the guide's
	// button goes below the other two when the three do not fit in a row
	// (they spilled over the screen's left edge).
	qr, preview := u.mobileQR(s.j, resultQRSide), s.receiptPreview()
	avail := u.contentWidth() / u.zoom // logical, as the widths below
	if preview != nil && !u.portrait {
		avail = avail*resultSplit - resultGaps
	}
	if qr != nil {
		avail -= resultQRSide + 60 + resultGaps // the code and its caption
	}
	noteWidth := min(float32(1100), avail)
	buttons := container.NewHBox(printBtn, rate)
	if u.portrait || printBtn.MinWidth+rate.MinWidth+guide.MinWidth+resultGaps > avail {
		buttons = container.NewVBox(buttons, container.NewCenter(guide))
	} else {
		buttons.Add(guide)
	}
	v.Body = container.NewVBox(layout.NewSpacer(), big, num,
		container.NewCenter(body(st, note, noteWidth)), spacer(st, 0, 24),
		container.NewCenter(buttons), printStatus, layout.NewSpacer())
	if qr != nil {
		v.Body = container.NewBorder(nil, nil, nil, qr, v.Body)
		v.Prompts = append(v.Prompts, mobileLine)
	}
	if preview != nil {
		if u.portrait {
			v.Body = container.NewBorder(nil, container.NewCenter(preview), nil, nil, v.Body)
		} else {
			v.Body = container.New(&splitLayout{ratio: resultSplit}, v.Body, preview)
		}
	}
	v.Items = b.items
	v.OnShow = func() {
		// As loud as the rest (a citizen in 长辈版 needs the number too),
		// but never into the prompt cache.
		tail := public(note)
		if s.j != nil && s.j.MobileURL() != "" {
			tail = public(note, mobileLine)
		}
		u.speak(public(headline, label), private(speech.Code(number)), tail)
	}
	return v
}

// onPrint prints the 受理回执 in the background; a failure known at once
// (no printer) is shown and spoken at once.
func (s *resultScreen) onPrint() {
	if s.j == nil {
		return
	}
	s.j.Print()
	s.u.redraw()
	if st, _ := s.j.PrintState(); st == journey.PrintFailed {
		s.u.say(s.u.printMessage(s.j))
	}
}

// onRate opens 好差评.
func (s *resultScreen) onRate() {
	if s.j != nil {
		s.j.OpenRating()
	}
}

// printMessage says where printing the receipt stands ("" before the
// citizen asked for it).
func (u *UI) printMessage(j *journey.Apply) string {
	if j == nil {
		return ""
	}
	switch st, err := j.PrintState(); st {
	case journey.PrintPrinting:
		return "正在打印……"
	case journey.PrintDone:
		return "回执已打印，请取走。"
	case journey.PrintFailed:
		return u.printProblem(err)
	}
	return ""
}

// printProblem puts a printing error into words for the citizen.
func (u *UI) printProblem(err error) string {
	switch {
	case errors.Is(err, app.ErrPrinterPaper):
		return "打印机没有纸了，没有打印。请记下号码，工作人员换纸后可以补打。"
	case errors.Is(err, app.ErrPrinterCover):
		return "打印机盖子没有关好，没有打印。请呼叫工作人员。"
	case errors.Is(err, app.ErrPrinterMissing):
		return "本机暂时不能打印。请记下号码，或到网办优先窗口打印。"
	}
	return "打印没有完成，请记下号码，或呼叫工作人员。"
}

// receiptPreview shows, in the demo, what the simulated printer printed.
func (s *resultScreen) receiptPreview() fyne.CanvasObject {
	u := s.u
	if u.deps.Demo == nil || u.deps.Demo.LatestReceipt == nil || u.printMessage(s.j) == "" {
		return nil
	}
	img := u.deps.Demo.LatestReceipt()
	if img == nil {
		return nil
	}
	pic := canvas.NewImageFromImage(img)
	pic.FillMode = canvas.ImageFillContain
	pic.SetMinSize(fyne.NewSize(u.style().Scale(360), u.style().Scale(640)))
	return vbox(u.text("打印预览（模拟打印机）", theme.SizeNameCaptionText, ColorNameMuted), card(pic))
}

// joinLines joins the non-empty lines.
func joinLines(lines ...string) string {
	out := ""
	for _, l := range lines {
		if l == "" {
			continue
		}
		if out != "" {
			out += "\n"
		}
		out += l
	}
	return out
}
