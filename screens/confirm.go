package screens

import (
	"errors"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
)

// confirmScreen lists what the citizen entered, masked, each with 修改,
// and submits only on "确认提交" (WCAG 3.3.4: checked and confirmed). It
// keeps its page while the citizen changes a field and comes back.
type confirmScreen struct {
	u    *UI
	code string // the service applied for
	page int    // the page of fields on show, from 0
}

func newConfirmScreen(u *UI, s app.Screen) *confirmScreen { return &confirmScreen{u: u, code: s.Param} }

func (s *confirmScreen) keepsPlace() {}

func (s *confirmScreen) build() *View {
	// The journey is asked for on every build: the citizen may have
	// started the service afresh since the page was last on show.
	j := s.u.applying(s.code)
	if j == nil {
		return missingView(s.u.style())
	}
	if !s.u.dry {
		j.Prefill()
	}
	return s.view(j)
}

// view is the review of the journey's form.
func (s *confirmScreen) view(j *journey.Apply) *View {
	u := s.u
	st := u.style()
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
	pages := pageCount(len(form.Fields), perPage)
	page := pageShown(s.page, pages)
	for i, f := range form.Fields {
		val := journey.Masked(f, j.Value(f.Key))
		if val == "" {
			val = "（未填写）"
		}
		spoken = append(spoken, f.Label+val)
		if i/perPage != page {
			continue
		}
		line := container.NewHBox(u.text(f.Label+"：", theme.SizeNameText, ColorNameMuted), u.text(val, theme.SizeNameText, ""))
		var right fyne.CanvasObject = layout.NewSpacer()
		if n, ok := askedIndex[i]; ok {
			n := n
			edit := b.button("修改", kindPlain, RoleButton, func() { j.Edit(n) })
			b.items[len(b.items)-1].Name = "修改" + f.Label
			b.items[len(b.items)-1].Hint = "现在是" + val
			b.items[len(b.items)-1].Private = true
			right = edit
		} else {
			right = u.text("来自身份证", theme.SizeNameCaptionText, ColorNameMuted)
		}
		row := container.NewBorder(nil, nil, nil, right, line)
		if p := problems[f.Key]; p != nil {
			row = container.NewBorder(nil, u.text(p.Problem+"。"+p.Fix, theme.SizeNameCaptionText, theme.ColorNameError), nil, nil, row)
		}
		rows = append(rows, row)
	}
	list := vbox(rows...)
	if turn, words := u.pageTurn(b, page, pages, func(delta int) { s.page = turnedPage(page, delta, pages) }); turn != nil {
		list.Add(turn)
		v.Instruction += words
	}
	submit := b.button("确认提交", kindAccent, RoleButton, j.Submit)
	submit.TitleSize = theme.SizeNameHeadingText
	submit.MinWidth, submit.MinHeight = 480, 110
	var status fyne.CanvasObject = spacer(st, 0, 0)
	var action fyne.CanvasObject = container.NewCenter(submit)
	switch {
	case j.Running(journey.BusySubmit):
		// The moving line takes the button's place and size, so nothing
		// above it moves: the frame that shows it redraws that place only.
		place := canvas.NewRectangle(color.Transparent)
		place.SetMinSize(submit.MinSize())
		submit.Hide()
		b.items = withoutHidden(b.items)
		action = container.NewStack(container.NewCenter(place), container.NewCenter(newBusyLine("正在提交，请稍候……", u)))
		v.Instruction = "正在提交，请稍候。"
	case j.Err() != nil:
		status = u.text(submitProblem(j.Err()), theme.SizeNameSubHeadingText, theme.ColorNameError)
		v.Instruction = submitProblem(j.Err())
	}
	v.Body = container.NewBorder(nil, vbox(container.NewCenter(status), action), nil, nil,
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
