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

	"hallkiosk/app"
	"hallkiosk/app/pinyin"
	"hallkiosk/app/portal"
)

// textInput is the pinyin keyboard of a Chinese text field: letters, the
// syllables typed so far, and the words they may stand for. Choosing a word
// adds it to the field and keeps the letters it did not use, so a phrase
// is built word by word (sfz → 身份证) or character by character.
func (s *formScreen) textInput(b *viewBuilder, f portal.Field) fyne.CanvasObject {
	u := s.u
	st := u.style()
	dict, err := u.pinyinDict()
	if err != nil {
		if !u.dry {
			u.log.Error("pinyin keyboard unavailable", "err", err)
		}
		return vbox(subheading(st, "拼音键盘"), body(st, "拼音键盘暂时无法使用。请到网办优先窗口，请工作人员帮您填写。", 760))
	}

	typed := s.typed
	perPage := 5
	if u.lastSnap.Mode.Elder {
		perPage = 3
	}
	var cands []pinyin.Candidate
	if typed != "" {
		cands = dict.Candidates(s.pinyinField(f), typed, (s.candPage+1)*perPage+1)
	}
	first := min(s.candPage*perPage, len(cands))
	shown := cands[first:min(first+perPage, len(cands))]
	more := len(cands) > first+perPage

	composing := "拼音键盘：点字母输入拼音，例如 sfz 或 shenfenzheng"
	if typed != "" {
		composing = "拼音：" + strings.Join(dict.Syllables(typed), " ")
	}
	out := vbox(u.text(composing, theme.SizeNameSubHeadingText, theme.ColorNamePrimary))

	// The words come first in focus order: after typing, Tab reaches them.
	// Their row keeps its height when empty, so the letter keys never move
	// under the finger.
	var prev, next fyne.CanvasObject = layout.NewSpacer(), layout.NewSpacer()
	if s.candPage > 0 {
		prev = u.keyButton(b, "←", "上一组候选", func() { s.onTurnCandidates(-1) })
	}
	var words []fyne.CanvasObject
	for i, c := range shown {
		c := c
		btn := b.button(c.Text, kindPrimary, RoleButton, func() { s.onCandidate(c) })
		btn.TitleSize = theme.SizeNameSubHeadingText
		btn.MinHeight = keyHeight
		b.items[len(b.items)-1].Hint = fmt.Sprintf("第%d个候选", first+i+1)
		// The words spell what the citizen types, maybe their name.
		b.items[len(b.items)-1].Private = true
		words = append(words, btn)
	}
	if more {
		next = u.keyButton(b, "→", "下一组候选", func() { s.onTurnCandidates(1) })
	}
	var row fyne.CanvasObject
	switch {
	case typed == "":
		row = muted(st, "输入拼音后，这里出现可选的字词。", 760)
	case len(shown) == 0:
		row = body(st, "没有这个拼音的字，请删除后重新输入。", 760)
	default:
		row = container.NewBorder(nil, nil, prev, next, grid(perPage, words...))
	}
	out.Add(container.NewStack(spacer(st, 0, keyHeight+8), row))

	rows := strings.Fields(keyboardRows)
	if f.Type == portal.FieldAddress {
		rows = append([]string{"1234567890"}, rows...)
	}
	sep := u.keyButton(b, "'", "分隔符", func() { s.onKey('\'') })
	b.items[len(b.items)-1].Hint = "分开两个音节，例如 xi'an 是西安"
	dot := u.keyButton(b, "·", "间隔号", func() { s.insert("·") })
	b.items[len(b.items)-1].Hint = "少数民族和外国人姓名中间的点"
	del := u.keyButton(b, "删除", "删除一个", func() { s.onDeleteTyped() })
	clear := u.keyButton(b, "清空", "清空", s.onClear)
	del.MinWidth, clear.MinWidth = keyWidth*1.6, keyWidth*1.6
	for i, keys := range rows {
		var line []fyne.CanvasObject
		last := i == len(rows)-1
		if last {
			line = append(line, sep)
		}
		for _, r := range keys {
			r := r
			name := "字母" + string(r)
			if !unicode.IsLetter(r) {
				name = "数字" + string(r)
			}
			line = append(line, u.keyButton(b, string(r), name, func() { s.onKey(r) }))
		}
		switch {
		case last:
			line = append(line, dot, clear)
		case i == len(rows)-2:
			line = append(line, del)
		}
		out.Add(container.NewCenter(container.NewHBox(line...)))
	}
	return out
}

// keyHeight and keyWidth are the logical size of a keyboard key: ten keys
// fill the keyboard's half of a landscape screen.
const keyHeight, keyWidth = 72, 86

// keyButton is one key of the pinyin keyboard, spoken as name.
func (u *UI) keyButton(b *viewBuilder, title, name string, action func()) *tapButton {
	k := b.button(title, kindPlain, RoleButton, action)
	b.items[len(b.items)-1].Name = name
	k.TitleSize = theme.SizeNameSubHeadingText
	k.MinWidth, k.MinHeight = keyWidth, keyHeight
	return k
}

// pinyinDict loads the pinyin engine on first use in a session (see
// letCitizenGo): the dictionary, the catalog's words and the card's
// address, in a pinyin session that remembers this citizen's words until
// it ends. Runs on the Fyne main goroutine.
func (u *UI) pinyinDict() (*pinyin.Session, error) {
	if u.pinyin == nil && u.pinyinErr == nil {
		path := u.deps.PinyinPath
		if path == "" {
			path = pinyin.DefaultPath
		}
		eng, err := pinyin.LoadEngine(path)
		if err != nil {
			u.pinyinErr = err
			return nil, err
		}
		u.pinyin = eng.WithCatalog(u.deps.Catalog.Words()).NewSession()
		if c := u.deps.Session.Data().Card(); c != nil {
			u.pinyin.SetCardAddress(c.Address)
		}
	}
	return u.pinyin, u.pinyinErr
}

// pinyinField tells the pinyin engine the kind of field f (name, address,
// other text) and its text so far.
func (s *formScreen) pinyinField(f portal.Field) pinyin.Field {
	return pinyin.Field{Kind: pinyin.KindOf(f.Type, f.Prefill), Before: s.u.deps.Session.Data().Field(f.Key)}
}

// onKey takes a letter, a digit or the syllable separator typed on the
// pinyin keyboard (on screen or a hardware one).
func (s *formScreen) onKey(r rune) {
	u := s.u
	switch {
	case r >= '0' && r <= '9':
		if s.typed != "" {
			u.say("请先选字，再输入数字")
			return
		}
		s.insert(string(r))
		return
	case r == '\'':
		if s.typed == "" || strings.HasSuffix(s.typed, "'") {
			return
		}
	case r < utf8.RuneSelf && unicode.IsLetter(r):
		r = unicode.ToLower(r)
	default:
		return
	}
	if len(s.typed) >= maxTyped {
		u.say("拼音太长了，请先选字")
		return
	}
	s.typed += string(r)
	s.candPage = 0
	u.deps.Session.Touch()
	u.redraw()
	s.speakTyped()
}

// maxTyped bounds the letters typed before a word is chosen.
const maxTyped = 40

// speakTyped tells a voice user the syllables and the first word.
func (s *formScreen) speakTyped() {
	u := s.u
	if !u.lastSnap.Mode.Voice {
		return
	}
	dict, err := u.pinyinDict()
	if err != nil {
		return
	}
	text := "拼音 " + strings.Join(dict.Syllables(s.typed), " ")
	if c := dict.Candidates(s.pinyinField(s.field), s.typed, 1); len(c) > 0 {
		text += "，第一个候选 " + c[0].Text
	}
	// What a citizen types may be their name: never into the prompt cache.
	u.sayPrivate("", text)
}

// onCandidate adds a word to the field and keeps the letters it did not
// use.
func (s *formScreen) onCandidate(c pinyin.Candidate) {
	pf := s.pinyinField(s.field)
	if !s.insert(c.Text) {
		return
	}
	if p, err := s.u.pinyinDict(); err == nil {
		p.Commit(pf, s.typed, c) // ranks first when typed again this session
	}
	rest := s.typed[min(c.Consumed, len(s.typed)):]
	s.typed = strings.TrimLeft(rest, "'")
	s.candPage = 0
	s.u.redraw()
}

// insert appends text to the field's value, within its length limit.
func (s *formScreen) insert(text string) bool {
	u, f := s.u, s.field
	cur := u.deps.Session.Data().Field(f.Key)
	if f.MaxLen > 0 && utf8.RuneCountInString(cur)+utf8.RuneCountInString(text) > f.MaxLen {
		s.fieldErr = &app.FieldError{Field: f, Problem: fmt.Sprintf("最多只能填%d个字", f.MaxLen), Fix: "请删除一些再输入"}
		u.redraw()
		u.say(s.fieldErr.Error())
		return false
	}
	s.setValue(f, cur+text)
	if app.IsPersonal(f) {
		u.sayPrivate(fmt.Sprintf("已输入%d个字", utf8.RuneCountInString(cur+text)), "已输入"+text)
	} else {
		u.sayPrivate("", "已输入"+text)
	}
	return true
}

// onTurnCandidates shows the next or previous group of words.
func (s *formScreen) onTurnCandidates(delta int) {
	s.candPage = max(0, s.candPage+delta)
	s.u.deps.Session.Touch()
	s.u.redraw()
}

// onDeleteTyped removes the last letter typed, or else the last character
// of the field, and reports whether there was one.
func (s *formScreen) onDeleteTyped() bool {
	if s.typed != "" {
		s.typed = s.typed[:len(s.typed)-1]
		s.candPage = 0
		s.u.deps.Session.Touch()
		s.u.redraw()
		return true
	}
	r := []rune(s.u.deps.Session.Data().Field(s.field.Key))
	if len(r) == 0 {
		return false
	}
	s.setValue(s.field, string(r[:len(r)-1]))
	return true
}

// onClear empties both the letters typed and the field.
func (s *formScreen) onClear() {
	s.typed, s.candPage = "", 0
	s.setValue(s.field, "")
}
