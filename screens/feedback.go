package screens

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
)

// feedbackScreen is 意见建议: choose a topic, then a ready phrase; the
// journey stores it through the outbox, without personal data, and the
// screen thanks the citizen only once it is stored. The topic and the
// phrase chosen are the journey's.
type feedbackScreen struct {
	u *UI
	j *journey.Feedback

	writing bool       // the citizen writes their own words (feedback_text.go)
	phone   bool       // the number pad for a phone is up instead of the letters
	pad     *pinyinPad // the pinyin keyboard over the journey's draft
}

func newFeedbackScreen(u *UI, _ app.Screen) *feedbackScreen {
	s := &feedbackScreen{u: u, j: u.feedbackJourney()}
	s.pad = &pinyinPad{u: u, get: s.j.Draft, put: s.j.SetDraft}
	return s
}

func (s *feedbackScreen) build() *View {
	u, j := s.u, s.j
	st := u.style()
	b := u.builder()
	v := &View{Title: "意见建议", Instruction: "请先选一个方面，再选一句最接近您想说的话。"}
	v.Prompts = []string{feedbackThanks, feedbackBusy, u.spoken(s.problem(app.ErrNoQueue)), feedbackRetry}
	switch {
	case j.Sent():
		v.Instruction = feedbackThanks
		done := b.button("回到首页", kindPrimary, RoleButton, u.deps.Session.Home)
		done.MinWidth = 400
		v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(u.text(v.Instruction, theme.SizeNameHeadingText, theme.ColorNameSuccess)),
			container.NewCenter(done), layout.NewSpacer())
		v.Items = b.items
		return v
	case j.Running(journey.BusyFeedback):
		v.Instruction = feedbackBusy
		v.Body = container.NewVBox(layout.NewSpacer(), newBusyLine("正在提交……", u), layout.NewSpacer())
		return v
	case errors.Is(j.Err(), app.ErrNoQueue):
		// Trying again cannot help: say where the words can go instead.
		v.Instruction = s.problem(j.Err())
		problem := u.text(v.Instruction, theme.SizeNameSubHeadingText, theme.ColorNameError)
		problem.WrapWidth = 820
		home := b.button("回到首页", kindPrimary, RoleButton, u.deps.Session.Home)
		home.MinWidth = 400
		v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(card0(st, container.NewPadded(problem), 880)),
			spacer(st, 0, 24), container.NewCenter(home), layout.NewSpacer())
		v.Items = b.items
		v.OnShow = func() { u.announceSpoken(v) }
		return v
	}
	chosen, picked := j.Topic()
	var topicBtns []fyne.CanvasObject
	for _, t := range j.Topics() {
		t := t
		on := picked && chosen.Code == t.Code
		kind := kindPlain
		if on {
			kind = kindPrimary
		}
		btn := b.button(t.Name, kind, RoleButton, func() { s.onTopic(t.Code) })
		btn.MinHeight = 100
		b.items[len(b.items)-1].State = func() string {
			if on {
				return "已选中"
			}
			return ""
		}
		topicBtns = append(topicBtns, btn)
	}
	content := vbox(subheading(st, "哪个方面"), grid(4, topicBtns...))
	var fill fyne.CanvasObject // a body that takes the whole page (the keyboard at the bottom)
	if picked && s.writing {
		v.Instruction = "请用拼音键盘写下您的话，上面的话可以点一下加进来；写好后点“提交意见”。"
		fill = s.writingView(b, v, chosen, grid(4, topicBtns...))
	} else if picked {
		v.Instruction = "请选一句话，选好就会提交；也可以点“自己写几句”。"
		var phrases []fyne.CanvasObject
		for _, p := range chosen.Phrases {
			p := p
			// The phrase that could not be stored stays marked, to be
			// tapped again.
			tried := j.Err() != nil && j.Text() == p
			kind := kindPlain
			if tried {
				kind = kindPrimary
			}
			btn := b.button(p, kind, RoleButton, func() { s.onPhrase(p) })
			btn.MinHeight = 100
			if tried {
				b.items[len(b.items)-1].State = func() string { return "已选中" }
			}
			phrases = append(phrases, btn)
		}
		content.Add(subheading(st, "想说的话"))
		content.Add(grid(2, phrases...))
		write := b.button("自己写几句", kindAccent, RoleButton, s.onWrite)
		b.items[len(b.items)-1].Hint = "用拼音键盘写下您的话，可以留电话"
		write.MinWidth, write.MinHeight = 400, 100
		content.Add(container.NewCenter(write))
		content.Add(centered(u.text(hotlineLine(u), theme.SizeNameText, ColorNameMuted)))
	}
	if err := j.Err(); err != nil {
		v.Instruction = s.problem(err)
		problem := u.text(v.Instruction, theme.SizeNameSubHeadingText, theme.ColorNameError)
		problem.WrapWidth = u.contentWidth()
		content = vbox(problem, content)
		if fill != nil {
			fill = container.NewBorder(problem, nil, nil, nil, fill)
		}
	}
	v.Body = content
	if fill != nil {
		v.Body = fill
	}
	v.Items = b.items
	return v
}

// feedbackJourney is the citizen's 意见建议, its slow work redrawing and
// announcing the screen; a throwaway one while views are built only to
// read their texts.
func (u *UI) feedbackJourney() *journey.Feedback {
	if u.dry {
		j := journey.NewFeedback(u.throwawayDeps())
		u.onLeave(j.Close)
		return j
	}
	j := u.journeys().Feedback()
	u.follow(j, func(ev journey.Event) {
		if ev.Done && ev.Err != nil {
			u.log.Warn("feedback not queued", "err", ev.Err)
		}
		u.rebuild(u.lastSnap) // its entry says busy, thanks or the problem
	})
	return j
}

// Texts of the feedback screen while it sends, once it has, and when it
// could not but trying again may help.
const (
	feedbackBusy   = "正在提交您的意见，请稍候。"
	feedbackThanks = "谢谢您的意见，我们会认真改进。"
	feedbackRetry  = "没有提交成功，请再点一次您选的那句话，或到网办优先窗口留言。"
)

// onTopic chooses a topic, to choose a phrase of it.
func (s *feedbackScreen) onTopic(code string) {
	if s.j.Choose(code) == nil {
		s.u.redraw()
	}
}

// onPhrase hands the chosen phrase to the journey, which stores it in the
// background; a problem found before any work (no outbox) is shown at
// once.
func (s *feedbackScreen) onPhrase(phrase string) {
	if err := s.j.Send(phrase); err != nil {
		s.u.log.Warn("feedback not queued", "err", err)
		s.u.rebuild(s.u.lastSnap)
	}
}

// problem says, for the citizen, that the feedback was not submitted and
// what to do now.
func (s *feedbackScreen) problem(err error) string {
	var fe *app.FieldError
	switch {
	case errors.Is(err, journey.ErrNoText):
		return "您还没有写内容。请用拼音键盘写几句，或点上面的话。"
	case errors.As(err, &fe):
		return "联系电话不对：" + fe.Error() + "不想留电话可以点“清空”。"
	}
	if errors.Is(err, app.ErrNoQueue) {
		return "这台机器现在存不了意见，您的意见没有提交。请到网办优先窗口留言，或拨打政务服务热线" + s.u.hotline() + "。"
	}
	return feedbackRetry
}
