package screens

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/portal"
)

// feedbackTopics are the kinds of 意见建议, each with ready phrases so
// nobody has to type.
func feedbackTopics() []struct {
	code, name string
	phrases    []string
} {
	return []struct {
		code, name string
		phrases    []string
	}{
		{"service", "服务态度", []string{"工作人员很热情", "希望工作人员多帮老年人"}},
		{"efficiency", "办事效率", []string{"办得很快", "等待时间太长"}},
		{"device", "设备问题", []string{"屏幕不好点", "打印机不出纸", "读不了身份证"}},
		{"other", "其他建议", []string{"希望增加更多服务", "说明文字再简单些"}},
	}
}

// buildFeedback is 意见建议: choose a topic, then a ready phrase; it goes
// to the portal through the outbox, without personal data.
func buildFeedback(u *UI, s app.Screen) *View {
	b := u.builder()
	v := &View{Title: "意见建议", Instruction: "请先选一个方面，再选一句最接近您想说的话。"}
	topics := feedbackTopics()
	v.Prompts = []string{feedbackThanks, feedbackBusy, u.spoken(u.feedbackProblem(app.ErrNoQueue)), feedbackRetry}
	switch {
	case u.flow.sent:
		v.Instruction = feedbackThanks
		done := b.button("回到首页", kindPrimary, RoleButton, u.deps.Session.Home)
		done.MinWidth = 400
		v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(newText(v.Instruction, theme.SizeNameHeadingText, theme.ColorNameSuccess)),
			container.NewCenter(done), layout.NewSpacer())
		v.Items = b.items
		return v
	case u.flow.busy:
		v.Instruction = feedbackBusy
		v.Body = container.NewCenter(newText("正在提交……", theme.SizeNameHeadingText, theme.ColorNamePrimary))
		return v
	case errors.Is(u.flow.err, app.ErrNoQueue):
		// Trying again cannot help: say where the words can go instead.
		v.Instruction = u.feedbackProblem(u.flow.err)
		problem := newText(v.Instruction, theme.SizeNameSubHeadingText, theme.ColorNameError)
		problem.WrapWidth = 820
		home := b.button("回到首页", kindPrimary, RoleButton, u.deps.Session.Home)
		home.MinWidth = 400
		v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(card0(container.NewPadded(problem), 880)),
			spacer(0, 24), container.NewCenter(home), layout.NewSpacer())
		v.Items = b.items
		v.OnShow = func() { u.announceSpoken(v) }
		return v
	}
	var topicBtns []fyne.CanvasObject
	for i, t := range topics {
		i := i
		kind := kindPlain
		if u.flow.rating == i+1 {
			kind = kindPrimary
		}
		btn := b.button(t.name, kind, RoleButton, func() {
			u.flow.rating = i + 1
			u.redraw()
		})
		btn.MinHeight = 100
		b.items[len(b.items)-1].State = func() string {
			if u.flow.rating == i+1 {
				return "已选中"
			}
			return ""
		}
		topicBtns = append(topicBtns, btn)
	}
	content := vbox(subheading("哪个方面"), grid(4, topicBtns...))
	if u.flow.rating > 0 {
		t := topics[u.flow.rating-1]
		v.Instruction = "请选一句话，选好就会提交。"
		var phrases []fyne.CanvasObject
		for _, p := range t.phrases {
			p := p
			btn := b.button(p, kindPlain, RoleButton, func() {
				u.sendFeedback(portal.Feedback{Category: t.code, Text: p})
			})
			btn.MinHeight = 100
			phrases = append(phrases, btn)
		}
		content.Add(subheading("想说的话"))
		content.Add(grid(2, phrases...))
	}
	if u.flow.err != nil {
		v.Instruction = u.feedbackProblem(u.flow.err)
		problem := newText(v.Instruction, theme.SizeNameSubHeadingText, theme.ColorNameError)
		problem.WrapWidth = u.contentWidth()
		content = vbox(problem, content)
	}
	v.Body = content
	v.Items = b.items
	return v
}

// Texts of the feedback screen while it sends, once it has, and when it
// could not but trying again may help.
const (
	feedbackBusy   = "正在提交您的意见，请稍候。"
	feedbackThanks = "谢谢您的意见，我们会认真改进。"
	feedbackRetry  = "没有提交成功，请再点一次您选的那句话，或到网办优先窗口留言。"
)

// sendFeedback stores the 意见建议 in the background, and thanks the
// citizen only once it is stored; a failure is shown and spoken with what
// to do next.
func (u *UI) sendFeedback(f portal.Feedback) {
	if u.flow.busy || u.flow.sent {
		return
	}
	if u.deps.Submitter == nil {
		u.feedbackDone(app.ErrNoQueue)
		return
	}
	u.flow.busy, u.flow.err = true, nil
	u.rebuild(u.lastSnap)
	seq, scr := u.lastSnap.Seq, u.lastSnap.Screen
	u.background(func(ctx context.Context) error {
		return u.deps.Submitter.Feedback(ctx, f)
	}, func(err error) {
		if u.lastSnap.Seq != seq || u.lastSnap.Screen != scr {
			return // the citizen left meanwhile
		}
		u.feedbackDone(err)
	})
}

func (u *UI) feedbackDone(err error) {
	u.flow.busy, u.flow.err = false, err
	if err != nil {
		u.log.Warn("feedback not queued", "err", err)
		u.rebuild(u.lastSnap) // its entry says the problem
		return
	}
	u.flow.sent = true
	u.rebuild(u.lastSnap)
}

// feedbackProblem says, for the citizen, that the feedback was not
// submitted and what to do now.
func (u *UI) feedbackProblem(err error) string {
	if errors.Is(err, app.ErrNoQueue) {
		return "这台机器现在存不了意见，您的意见没有提交。请到网办优先窗口留言，或拨打政务服务热线" + u.hotline() + "。"
	}
	return feedbackRetry
}
