package screens

import (
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
	if u.flow.sent {
		v.Instruction = "谢谢您的意见，我们会认真改进。"
		done := b.button("回到首页", kindPrimary, RoleButton, u.deps.Session.Home)
		done.MinWidth = 400
		v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(newText(v.Instruction, theme.SizeNameHeadingText, theme.ColorNameSuccess)),
			container.NewCenter(done), layout.NewSpacer())
		v.Items = b.items
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
				if u.deps.Submitter != nil {
					if err := u.deps.Submitter.Feedback(u.ctx, portal.Feedback{Category: t.code, Text: p}); err != nil {
						u.log.Warn("feedback not queued", "err", err)
					}
				}
				u.flow.sent = true
				u.rebuild(u.lastSnap)
			})
			btn.MinHeight = 100
			phrases = append(phrases, btn)
		}
		content.Add(subheading("想说的话"))
		content.Add(grid(2, phrases...))
	}
	v.Body = content
	v.Items = b.items
	return v
}
