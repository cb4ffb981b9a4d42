package screens

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app/pinyin"
)

// pinyinPad is the pinyin keyboard over any text a screen keeps (the
// form's fields have their own, textInput): letters, the syllables typed
// so far, and the words they may stand for. Choosing a word adds it to
// the text and keeps the letters it did not use. The text itself is the
// caller's: get reads it, put replaces it and reports whether it fit.
type pinyinPad struct {
	u        *UI
	typed    string // letters typed, not yet turned into a word
	candPage int
	get      func() string
	put      func(s string) bool
}

// field is what the engine is told about the text: plain Chinese text.
func (p *pinyinPad) field() pinyin.Field {
	return pinyin.Field{Kind: pinyin.KindText, Before: p.get()}
}

// view draws the keyboard; its keys are registered with b in order: the
// words first, then the letters.
func (p *pinyinPad) view(b *viewBuilder) fyne.CanvasObject {
	u := p.u
	st := u.style()
	dict, err := u.pinyinDict()
	if err != nil {
		return vbox(subheading(st, "拼音键盘"), body(st, "拼音键盘暂时无法使用。您可以选上面的话，或拨打政务服务热线"+u.hotline()+"。", 760))
	}
	perPage := 5
	if u.lastSnap.Mode.Elder {
		perPage = 3
	}
	var cands []pinyin.Candidate
	if p.typed != "" {
		cands = dict.Candidates(p.field(), p.typed, (p.candPage+1)*perPage+1)
	}
	first := min(p.candPage*perPage, len(cands))
	shown := cands[first:min(first+perPage, len(cands))]
	composing := "点字母输入拼音，例如 kuai 是“快”"
	if p.typed != "" {
		composing = "拼音：" + strings.Join(dict.Syllables(p.typed), " ")
	}
	out := vbox(u.text(composing, theme.SizeNameText, theme.ColorNamePrimary))
	var prev, next fyne.CanvasObject = layout.NewSpacer(), layout.NewSpacer()
	if p.candPage > 0 {
		prev = u.keyButton(b, "←", "上一组候选", func() { p.turn(-1) })
	}
	var words []fyne.CanvasObject
	for i, c := range shown {
		c := c
		btn := b.button(c.Text, kindPrimary, RoleButton, func() { p.choose(c) })
		btn.TitleSize = theme.SizeNameSubHeadingText
		btn.MinHeight = keyHeight
		b.items[len(b.items)-1].Hint = fmt.Sprintf("第%d个候选", first+i+1)
		b.items[len(b.items)-1].Private = true
		words = append(words, btn)
	}
	if len(cands) > first+perPage {
		next = u.keyButton(b, "→", "下一组候选", func() { p.turn(1) })
	}
	var row fyne.CanvasObject
	switch {
	case p.typed == "":
		row = muted(st, "输入拼音后，这里出现可选的字词。", 760)
	case len(shown) == 0:
		row = body(st, "没有这个拼音的字，请删除后重新输入。", 760)
	default:
		row = container.NewBorder(nil, nil, prev, next, grid(perPage, words...))
	}
	out.Add(container.NewStack(spacer(st, 0, keyHeight+8), row))
	rows := strings.Fields(keyboardRows)
	del := u.keyButton(b, "删除", "删除一个", func() { p.del() })
	del.MinWidth = keyWidth * 1.6
	comma := u.keyButton(b, "，", "逗号", func() { p.insert("，") })
	stop := u.keyButton(b, "。", "句号", func() { p.insert("。") })
	for i, keys := range rows {
		var line []fyne.CanvasObject
		for _, r := range keys {
			r := r
			line = append(line, u.keyButton(b, string(r), "字母"+string(r), func() { p.key(r) }))
		}
		switch i {
		case len(rows) - 2:
			line = append(line, del)
		case len(rows) - 1:
			line = append(line, comma, stop)
		}
		out.Add(container.NewCenter(container.NewHBox(line...)))
	}
	return out
}

// maxPadTyped bounds the letters typed before a word is chosen.
const maxPadTyped = 40

// key takes a letter typed (on screen or on a hardware keyboard) and
// reports whether it did.
func (p *pinyinPad) key(r rune) bool {
	if r >= utf8.RuneSelf || !unicode.IsLetter(r) {
		return false
	}
	if len(p.typed) >= maxPadTyped {
		p.u.say("拼音太长了，请先选字")
		return true
	}
	p.typed += string(unicode.ToLower(r))
	p.candPage = 0
	p.u.deps.Session.Touch()
	p.u.redraw()
	if p.u.lastSnap.Mode.Voice {
		if dict, err := p.u.pinyinDict(); err == nil {
			text := "拼音 " + strings.Join(dict.Syllables(p.typed), " ")
			if c := dict.Candidates(p.field(), p.typed, 1); len(c) > 0 {
				text += "，第一个候选 " + c[0].Text
			}
			p.u.sayPrivate("", text)
		}
	}
	return true
}

// choose adds a word to the text and keeps the letters it did not use.
func (p *pinyinPad) choose(c pinyin.Candidate) {
	f := p.field()
	if !p.insert(c.Text) {
		return
	}
	if d, err := p.u.pinyinDict(); err == nil {
		d.Commit(f, p.typed, c)
	}
	p.typed = strings.TrimLeft(p.typed[min(c.Consumed, len(p.typed)):], "'")
	p.candPage = 0
	p.u.redraw()
}

// insert appends text; too long is said, not done.
func (p *pinyinPad) insert(text string) bool {
	if !p.put(p.get() + text) {
		p.u.say("字数到上限了，请删除一些再写")
		return false
	}
	p.u.sayPrivate("", "已输入"+text)
	p.u.redraw()
	return true
}

// turn shows the next or previous group of words.
func (p *pinyinPad) turn(delta int) {
	p.candPage = max(0, p.candPage+delta)
	p.u.deps.Session.Touch()
	p.u.redraw()
}

// del removes the last letter typed, or else the last character of the
// text, and reports whether there was one.
func (p *pinyinPad) del() bool {
	if p.typed != "" {
		p.typed, p.candPage = p.typed[:len(p.typed)-1], 0
		p.u.redraw()
		return true
	}
	r := []rune(p.get())
	if len(r) == 0 {
		return false
	}
	p.put(string(r[:len(r)-1]))
	p.u.redraw()
	return true
}
