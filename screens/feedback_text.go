package screens

import (
	"fmt"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app/journey"
)

// 意见建议 in the citizen's own words: what they write on the pinyin
// keyboard, the ready phrases as shortcuts into it, an optional phone for
// a reply (masked on screen), 12345 beside it.

// hotlineLine tells where else a citizen can say it.
func hotlineLine(u *UI) string {
	return "也可以拨打政务服务热线" + u.hotline() + "反映。"
}

// writingView is the feedback screen while the citizen writes: the topic
// chosen, the text so far, the phrases, the phone, the keyboard (or the
// number pad for the phone) and 提交意见 at the bottom.
func (s *feedbackScreen) writingView(b *viewBuilder, v *View, chosen journey.FeedbackTopic, topics fyne.CanvasObject) fyne.CanvasObject {
	u, j := s.u, s.j
	draft := j.Draft()
	shown := draft
	if shown == "" {
		shown = "（还没有写）"
	}
	if s.pad.typed != "" {
		shown += " " + s.pad.typed
	}
	text := u.text(shown, theme.SizeNameSubHeadingText, "")
	text.WrapWidth = u.contentWidth() - 80
	count := u.text(fmt.Sprintf("%s · 已写%d个字，最多%d个字", chosen.Name, utf8.RuneCountInString(draft), journey.MaxFeedbackRunes),
		theme.SizeNameCaptionText, ColorNameMuted)

	var phrases []fyne.CanvasObject
	for _, p := range chosen.Phrases {
		p := p
		btn := b.button("＋"+p, kindPlain, RoleButton, func() { s.onAddPhrase(p) })
		b.items[len(b.items)-1].Name = p
		b.items[len(b.items)-1].Hint = "加到您写的话里"
		phrases = append(phrases, btn)
	}
	phoneText := "留个电话，方便回复（可不填）"
	if j.Phone() != "" {
		phoneText = "联系电话：" + j.PhoneMasked()
	}
	phoneBtn := b.button(phoneText, kindPlain, RoleButton, s.onPhone)
	phoneItem := b.items[len(b.items)-1]
	phoneItem.Name = "联系电话"
	phoneItem.Private = true
	phoneItem.Value = func() string {
		if j.Phone() == "" {
			return "没有填写，可以不填"
		}
		return "已输入" + fmt.Sprint(len(j.Phone())) + "位"
	}

	var keys fyne.CanvasObject
	if s.phone {
		keys = s.phonePad(b)
	} else {
		keys = s.pad.view(b)
		v.Letter = s.pad.key
		v.Delete = s.pad.del
	}
	send := b.button("提交意见", kindAccent, RoleButton, s.onSubmit)
	send.TitleSize = theme.SizeNameSubHeadingText
	send.MinWidth, send.MinHeight = 400, 100
	hot := u.text(hotlineLine(u), theme.SizeNameCaptionText, ColorNameMuted)

	if !u.portrait {
		// Wide: what is written and the actions on the left, the keys on
		// the right.
		hot.WrapWidth = 640
		left := vbox(card(vbox(text, count)), grid(1, phrases...), container.NewHBox(phoneBtn), container.NewHBox(send), hot)
		return container.New(&splitLayout{ratio: 0.4}, left, vbox(topics, keys))
	}
	top := vbox(topics, card(vbox(text, count)), grid(len(phrases), phrases...), container.NewHBox(phoneBtn))
	bottom := vbox(keys, container.NewHBox(container.NewCenter(send), container.NewCenter(hot)))
	return container.NewBorder(top, bottom, nil, nil)
}

// phonePad is the number pad of the phone for a reply.
func (s *feedbackScreen) phonePad(b *viewBuilder) fyne.CanvasObject {
	keys := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "清空", "0", "删除"}
	var cells []fyne.CanvasObject
	for _, k := range keys {
		k := k
		btn := b.button(k, kindPlain, RoleButton, func() { s.onPhoneKey(k) })
		btn.TitleSize = theme.SizeNameHeadingText
		btn.MinWidth, btn.MinHeight = 150, keyHeight
		if k == "删除" {
			b.items[len(b.items)-1].Name = "删除一位"
		}
		cells = append(cells, btn)
	}
	done := b.button("电话填好了", kindPrimary, RoleButton, s.onPhone)
	done.MinWidth = 300
	cols := 3
	if !s.u.portrait {
		cols = 6 // wide screens are short: two rows of keys
	}
	return vbox(grid(cols, cells...), container.NewCenter(done))
}

// onWrite opens the keyboard for the citizen's own words.
func (s *feedbackScreen) onWrite() {
	s.writing, s.phone = true, false
	s.u.deps.Session.Touch()
	s.u.redraw()
}

// onAddPhrase adds a ready phrase to what the citizen writes.
func (s *feedbackScreen) onAddPhrase(p string) {
	if !s.j.AddPhrase(p) {
		s.u.say("字数到上限了，请删除一些再写")
	}
	s.u.redraw()
}

// onPhone shows or hides the number pad for the phone.
func (s *feedbackScreen) onPhone() {
	s.phone = !s.phone
	s.u.redraw()
	if !s.phone && s.j.Phone() != "" {
		s.u.say("电话已填好，屏幕上只显示部分号码")
	}
}

// onPhoneKey types on the phone's number pad; the digits are read back
// only in voice navigation (headphones).
func (s *feedbackScreen) onPhoneKey(k string) {
	if k == "清空" {
		s.j.ClearPhone()
		s.u.redraw()
		return
	}
	if s.j.TypePhone(k) {
		s.u.redraw()
		if n := len(s.j.Phone()); k != "删除" && n > 0 {
			s.u.sayPrivate(fmt.Sprintf("已输入第%d位", n), k)
		}
	}
}

// onSubmit stores what the citizen wrote; a problem (nothing written, a
// phone that is not a mobile number, no outbox) is shown and spoken.
func (s *feedbackScreen) onSubmit() {
	s.pad.typed = ""
	if err := s.j.Submit(); err != nil {
		s.u.log.Warn("feedback not queued", "err", err)
		s.u.rebuild(s.u.lastSnap)
		s.u.say(s.problem(err))
	}
}
