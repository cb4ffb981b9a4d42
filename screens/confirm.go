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

// buildConfirm lists what the citizen entered, masked, each with 修改,
// and submits only on "确认提交" (WCAG 3.3.4: checked and confirmed).
func buildConfirm(u *UI, s app.Screen) *View {
	j := u.applying(s.Param)
	if j == nil {
		return buildMissing(u, s)
	}
	j.Prefill()
	return u.confirmView(j)
}

// confirmView is the review of the journey's form.
func (u *UI) confirmView(j *journey.Apply) *View {
	b := u.builder()
	form := j.Form()
	v := &View{Title: "核对信息", Step: stageText(j, journey.Step{Kind: journey.StepReview})}
	v.Instruction = "请核对以下信息，无误后点击“确认提交”。要改哪一项，点它右边的“修改”。"
	askedIndex := map[int]int{}
	for n, i := range j.Asked() {
		askedIndex[i] = n
	}
	problems := map[string]*app.FieldError{}
	for _, p := range j.FormErrors() {
		problems[p.Field.Key] = p
	}
	var rows []fyne.CanvasObject
	var spoken []string
	perPage := 6
	if u.lastSnap.Mode.Elder {
		perPage = 4
	}
	page := u.pageOf((len(form.Fields) + perPage - 1) / perPage)
	for i, f := range form.Fields {
		val := journey.Masked(f, j.Value(f.Key))
		if val == "" {
			val = "（未填写）"
		}
		spoken = append(spoken, f.Label+val)
		if i/perPage != page {
			continue
		}
		line := container.NewHBox(newText(f.Label+"：", theme.SizeNameText, ColorNameMuted), newText(val, theme.SizeNameText, ""))
		var right fyne.CanvasObject = layout.NewSpacer()
		if n, ok := askedIndex[i]; ok {
			n := n
			edit := b.button("修改", kindPlain, RoleButton, func() { j.Edit(n) })
			b.items[len(b.items)-1].Name = "修改" + f.Label
			b.items[len(b.items)-1].Hint = "现在是" + val
			b.items[len(b.items)-1].Private = true
			right = edit
		} else {
			right = newText("来自身份证", theme.SizeNameCaptionText, ColorNameMuted)
		}
		row := container.NewBorder(nil, nil, nil, right, line)
		if p := problems[f.Key]; p != nil {
			row = container.NewBorder(nil, newText(p.Problem+"。"+p.Fix, theme.SizeNameCaptionText, theme.ColorNameError), nil, nil, row)
		}
		rows = append(rows, row)
	}
	pages := (len(form.Fields) + perPage - 1) / perPage
	list := vbox(rows...)
	if pages > 1 {
		prev := b.button("上一页", kindPlain, RoleButton, func() { u.turnPage(-1, pages) })
		next := b.button("下一页", kindPlain, RoleButton, func() { u.turnPage(1, pages) })
		if page == 0 {
			prev.Hide()
		}
		if page == pages-1 {
			next.Hide()
		}
		b.items = withoutHidden(b.items)
		list.Add(container.NewHBox(layout.NewSpacer(), prev, next, layout.NewSpacer()))
	}
	submit := b.button("确认提交", kindAccent, RoleButton, j.Submit)
	submit.TitleSize = theme.SizeNameHeadingText
	submit.MinWidth, submit.MinHeight = 480, 110
	var status fyne.CanvasObject = spacer(0, 0)
	switch {
	case j.Running(journey.BusySubmit):
		submit.Hide()
		b.items = withoutHidden(b.items)
		status = newBusyLine("正在提交，请稍候……", u)
		v.Instruction = "正在提交，请稍候。"
	case j.Err() != nil:
		status = newText(submitProblem(j.Err()), theme.SizeNameSubHeadingText, theme.ColorNameError)
		v.Instruction = submitProblem(j.Err())
	}
	v.Body = container.NewBorder(nil, vbox(container.NewCenter(status), container.NewCenter(submit)), nil, nil,
		card(container.NewPadded(list)))
	// Reading the summary back is personal data: only in voice navigation.
	v.OnShow = func() { u.sayPrivate("您填写的信息是", spoken...) }
	v.Items = b.items
	return v
}

// submitProblem puts a failed submission into words: what happened and
// what to do next; the citizen's input is kept.
func submitProblem(err error) string {
	if errors.Is(err, app.ErrMissingMaterial) {
		return materialProblem(err)
	}
	if errors.Is(err, app.ErrNoQueue) {
		return "本机暂时不能保存申请，您的信息没有提交。请到网办优先窗口办理，或拨打12345咨询。"
	}
	return "没有保存成功，您的信息还在。请再点一次“确认提交”，或呼叫工作人员。"
}

// buildResult tells the citizen where the application stands: 已受理 with
// the portal's 受理号, or 已保存 with the kiosk's 凭证号 while offline.
func buildResult(u *UI, s app.Screen) *View {
	b := u.builder()
	sub := u.deps.Session.Data().Submission()
	if sub == nil {
		return buildMissing(u, s)
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
	v.Instruction = fmt.Sprintf("%s，%s %s。%s", headline, label, number, note)
	v.Private = true // the number is the citizen's own
	big := newText(headline, SizeNameTitle, theme.ColorNameSuccess)
	if r.State == outbox.StateParked {
		big.ColorName = theme.ColorNameError
	}
	big.Align = fyne.TextAlignCenter
	num := newText(label+"："+number, theme.SizeNameHeadingText, "")
	num.Align = fyne.TextAlignCenter
	j := u.applying(sub.Service.Code)
	printBtn := b.button("打印回执", kindAccent, RoleButton, func() {
		if j != nil {
			j.Print()
			u.redraw()
			if st, _ := j.PrintState(); st == journey.PrintFailed {
				u.say(u.printMessage(j))
			}
		}
	})
	printBtn.TitleSize = theme.SizeNameSubHeadingText
	printBtn.MinWidth, printBtn.MinHeight = 400, 100
	rate := b.button("评价本次服务", kindPrimary, RoleButton, func() {
		if j != nil {
			j.OpenRating()
		}
	})
	rate.MinWidth, rate.MinHeight = 400, 100
	printStatus := newText(u.printMessage(j), theme.SizeNameText, ColorNameMuted)
	printStatus.Align = fyne.TextAlignCenter
	noteWidth := min(float32(1100), u.contentWidth())
	v.Body = container.NewVBox(layout.NewSpacer(), big, num,
		container.NewCenter(body(note, noteWidth)), spacer(0, 24),
		container.NewCenter(container.NewHBox(printBtn, rate)), printStatus, layout.NewSpacer())
	if preview := u.receiptPreview(); preview != nil {
		if u.portrait {
			v.Body = container.NewBorder(nil, container.NewCenter(preview), nil, nil, v.Body)
		} else {
			v.Body = container.New(&splitLayout{ratio: 0.7}, v.Body, preview)
		}
	}
	v.Items = b.items
	v.OnShow = func() {
		// As loud as the rest (a citizen in 长辈版 needs the number too),
		// but never into the prompt cache.
		u.speak(public(headline, label), private(speech.Code(number)), public(note))
	}
	return v
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
func (u *UI) receiptPreview() fyne.CanvasObject {
	if u.deps.Demo == nil || u.deps.Demo.LatestReceipt == nil || u.printMessage(u.watched) == "" {
		return nil
	}
	img := u.deps.Demo.LatestReceipt()
	if img == nil {
		return nil
	}
	pic := canvas.NewImageFromImage(img)
	pic.FillMode = canvas.ImageFillContain
	z := currentZoom()
	pic.SetMinSize(fyne.NewSize(360*z, 640*z))
	return vbox(newText("打印预览（模拟打印机）", theme.SizeNameCaptionText, ColorNameMuted), card(pic))
}

// buildRating is 好差评: five levels; a low rating asks why. Storing it is
// the journey's: the citizen is thanked only once it is stored.
func buildRating(u *UI, s app.Screen) *View {
	j := u.applying(s.Param)
	if j == nil {
		return buildMissing(u, s)
	}
	b := u.builder()
	v := &View{Title: "评价本次服务", Instruction: "您对这次办事满意吗？请选一项。"}
	var status fyne.CanvasObject = spacer(0, 0)
	switch {
	case j.Running(journey.BusyRate):
		status = newBusyLine("正在保存您的评价……", u)
		v.Instruction = "正在保存您的评价，请稍候。"
	case j.Err() != nil && !errors.Is(j.Err(), journey.ErrNoReason):
		v.Instruction = rateProblem(j.Err())
		status = newText(v.Instruction, theme.SizeNameSubHeadingText, theme.ColorNameError)
	}
	if journey.NeedsReason(u.flow.rating) {
		v.Instruction = "很抱歉。请告诉我们哪里不好（可选多项），再点“提交评价”。"
		var chips []fyne.CanvasObject
		for _, r := range journey.RatingReasons() {
			r := r
			kind := kindPlain
			if u.flow.reasons[r.Code] {
				kind = kindPrimary
			}
			chip := b.button(r.Name, kind, RoleToggle, func() {
				if u.flow.reasons == nil {
					u.flow.reasons = map[string]bool{}
				}
				u.flow.reasons[r.Code] = !u.flow.reasons[r.Code]
				u.redraw()
			})
			chip.MinHeight = 90
			b.items[len(b.items)-1].State = func() string {
				if u.flow.reasons[r.Code] {
					return "已选中"
				}
				return "未选中"
			}
			chips = append(chips, chip)
		}
		send := b.button("提交评价", kindAccent, RoleButton, func() { u.sendRating(j) })
		send.MinWidth, send.MinHeight = 400, 100
		if errors.Is(j.Err(), journey.ErrNoReason) {
			status = newText("请至少选一项原因。", theme.SizeNameSubHeadingText, theme.ColorNameError)
		}
		v.Body = vbox(grid(2, chips...), status, container.NewCenter(send))
		v.Items = b.items
		return v
	}
	var btns []fyne.CanvasObject
	for _, l := range journey.RatingLevels() {
		l := l
		btn := b.button(l.Name, kindPlain, RoleButton, func() {
			u.flow.rating = l.Level
			if !journey.NeedsReason(l.Level) {
				u.sendRating(j)
				return
			}
			u.rebuild(u.lastSnap)
		})
		btn.TitleSize = theme.SizeNameSubHeadingText
		btn.MinHeight = 110
		btns = append(btns, btn)
	}
	v.Body = container.NewVBox(layout.NewSpacer(), grid(5, btns...), status, layout.NewSpacer())
	if u.portrait || u.lastSnap.Mode.Elder {
		v.Body = vbox(grid(1, btns...), status)
	}
	v.Items = b.items
	return v
}

// sendRating hands the chosen rating to the journey, which stores it and
// ends the session with thanks.
func (u *UI) sendRating(j *journey.Apply) {
	var reasons []string
	for code, on := range u.flow.reasons {
		if on {
			reasons = append(reasons, code)
		}
	}
	j.Rate(u.flow.rating, reasons)
	if errors.Is(j.Err(), journey.ErrNoReason) {
		u.redraw()
		u.say("请至少选一项原因")
	}
}

// rateProblem puts a rating that was not stored into words.
func rateProblem(err error) string {
	if errors.Is(err, app.ErrNoQueue) {
		return "本机暂时不能保存评价。您可以在手机上评价，或告诉网办优先窗口的工作人员。"
	}
	return "评价没有保存成功，您的选择还在。请再点一次，或到网办优先窗口评价。"
}
