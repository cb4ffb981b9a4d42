package screens

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
	"hallkiosk/screens/typeset"
	"hallkiosk/speech"
)

// formScreen is one field of the service's form per page: fewer choices
// at a time, big keys, the value shown large, and a clear error per field.
// What is asked, what the card filled and what comes next are the
// journey's (app/journey); the screen keeps what the citizen is typing on
// the pinyin keyboard until a word is chosen.
type formScreen struct {
	u      *UI
	j      *journey.Apply // nil for a code the catalog does not have
	index  int            // which of the asked fields, from the screen's Index
	field  portal.Field   // the field on show (set by build)
	review *confirmScreen // the review instead, when the card filled every field

	typed    string          // pinyin typed on the keyboard, not yet chosen
	candPage int             // the group of candidate words shown for typed
	fieldErr *app.FieldError // a problem the keyboard found (too long)

	value   *typeset.Text // the value as shown (set by build)
	errLine *typeset.Text // the field's problem as shown (set by build)
}

func newFormScreen(u *UI, s app.Screen) *formScreen {
	return &formScreen{u: u, j: u.applying(s.Param), index: s.Index}
}

func (s *formScreen) build() *View {
	u, j := s.u, s.j
	st := u.style()
	if j == nil {
		return missingView(st)
	}
	if !u.dry {
		j.Prefill()
	}
	asked := j.Asked()
	if len(asked) == 0 {
		// Everything came from the card: straight to checking.
		if s.review == nil {
			s.review = &confirmScreen{u: u, code: j.Service().Code}
		}
		return s.review.view(j)
	}
	k := min(max(s.index, 0), len(asked)-1)
	f, _ := j.Field(k)
	s.field = f
	b := u.builder()
	data := u.deps.Session.Data()
	value := data.Field(f.Key)

	v := &View{Title: "填写表单", Step: stageText(j, journey.Step{Kind: journey.StepField, Field: k})}
	v.Instruction = fmt.Sprintf("第%d项，共%d项：%s。%s", k+1, len(asked), f.Label, fieldHint(f))
	v.Help = "每页填一项。填好后点“下一项”；要改上一项，点“返回”。"
	errLine := u.text("", theme.SizeNameSubHeadingText, theme.ColorNameError)
	errLine.WrapWidth = 780
	fe := j.FieldError()
	if fe == nil {
		fe = s.fieldErr
	}
	if fe != nil && fe.Field.Key == f.Key {
		errLine.Text = fe.Problem + "。" + fe.Fix
		v.Instruction = fe.Error()
	}

	shown := value
	if shown == "" {
		shown = "（还没有填写）"
	}
	s.value, s.errLine = u.text(shown, theme.SizeNameHeadingText, ""), errLine
	valueBox := newRingBox(card0(st, s.value, 720))
	label := u.text(f.Label, theme.SizeNameSubHeadingText, ColorNameMuted)

	next := func() { s.onNext(k) }
	var input fyne.CanvasObject
	switch {
	case f.Type == portal.FieldSelect:
		input = s.optionsInput(b, f, value, next)
	case isPadField(f):
		input = s.keypadInput(b, f)
	case f.Type == portal.FieldDate:
		input = s.dateInput(b, f, value)
	default:
		input = s.textInput(b, f)
	}
	nextBtn := b.button("下一项", kindAccent, RoleButton, next)
	if k == len(asked)-1 {
		nextBtn.Title = "填好了，去核对"
		b.items[len(b.items)-1].Name = nextBtn.Title
	}
	nextBtn.TitleSize = theme.SizeNameSubHeadingText
	nextBtn.MinWidth, nextBtn.MinHeight = 420, 100
	left := vbox(label, valueBox, errLine, spacer(st, 0, 16), nextBtn)
	if fromCard := fromCardSummary(j); fromCard != "" && k == 0 {
		left.Add(spacer(st, 0, 16))
		left.Add(muted(st, "已从身份证带入："+fromCard, 720))
	}
	if u.portrait {
		v.Body = vbox(left, input)
	} else {
		v.Body = container.New(&splitLayout{ratio: 0.45}, left, input)
	}
	// The value box and the field's state are read out with the item.
	valueItem := &Item{Name: f.Label, Role: RoleEntry, Object: valueBox, Value: func() string {
		cur := data.Field(f.Key)
		if cur == "" {
			return "未填写"
		}
		if app.IsPersonal(f) {
			return fmt.Sprintf("已输入%d位", len([]rune(cur)))
		}
		return "已填写" + cur
	}}
	// A value typed by the citizen is theirs: never cached as a prompt.
	valueItem.Private = true
	v.Items = append([]*Item{valueItem}, b.items...)
	if isTextField(f) {
		v.Delete = s.onDeleteTyped
		v.Letter = func(r rune) bool { s.onKey(r); return true }
		return v
	}
	v.Delete = s.onDelete
	return v
}

// onDelete is Backspace on a field typed with keys: it removes the last
// character and reports whether there was one.
func (s *formScreen) onDelete() bool {
	f := s.field
	r := []rune(s.u.deps.Session.Data().Field(f.Key))
	if len(r) == 0 || f.Type == portal.FieldSelect || f.Type == portal.FieldDate {
		return false
	}
	s.setValue(f, string(r[:len(r)-1]))
	return true
}

// isTextField reports whether a field is typed on the pinyin keyboard.
func isTextField(f portal.Field) bool {
	switch f.Type {
	case portal.FieldSelect, portal.FieldDigits, portal.FieldPhone, portal.FieldIDNumber, portal.FieldDate:
		return false
	}
	return true
}

// fieldHint tells what a field expects.
func fieldHint(f portal.Field) string {
	switch f.Type {
	case portal.FieldPhone:
		return "请输入11位手机号码"
	case portal.FieldIDNumber:
		return "请输入18位身份证号码，最后一位可能是X"
	case portal.FieldDigits:
		return "请用数字键输入"
	case portal.FieldSelect:
		return "请选择一项"
	case portal.FieldDate:
		return "请用加减按钮选择日期"
	}
	return "请用拼音键盘输入"
}

// fromCardSummary lists, masked, what the card filled in.
func fromCardSummary(j *journey.Apply) string {
	var parts []string
	for i, f := range j.Form().Fields {
		if j.FromCard(i) {
			parts = append(parts, f.Label+" "+journey.Masked(f, j.Value(f.Key)))
		}
	}
	return strings.Join(parts, "，")
}

// setValue changes a field's value through the citizen's journey and
// shows it. A key of the number pad changes only the value shown: that one
// text is drawn again, not the whole screen (the most frequent tap of a
// form); a value with a problem on show, or on another keyboard, redraws
// the screen.
func (s *formScreen) setValue(f portal.Field, v string) {
	s.j.SetValue(f, v)
	if s.fieldErr != nil && s.fieldErr.Field.Key == f.Key {
		s.fieldErr = nil
	}
	if s.value != nil && s.errLine != nil && s.errLine.Text == "" && f.Key == s.field.Key && isPadField(f) {
		shown := v
		if shown == "" {
			shown = "（还没有填写）"
		}
		s.value.SetText(shown)
		return
	}
	s.u.redraw()
}

// isPadField reports whether a field is typed on the 12-key number pad.
func isPadField(f portal.Field) bool {
	switch f.Type {
	case portal.FieldDigits, portal.FieldPhone, portal.FieldIDNumber:
		return true
	}
	return false
}

// onNext asks the journey to check the field of step k and move on; a
// problem is shown and spoken.
func (s *formScreen) onNext(k int) {
	s.fieldErr = nil
	if fe := s.j.Next(k); fe != nil {
		s.u.redraw()
		s.u.say(fe.Error())
	}
}

// keypadInput is a 12-key pad: digits, X for ID numbers, delete, clear.
func (s *formScreen) keypadInput(b *viewBuilder, f portal.Field) fyne.CanvasObject {
	keys := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "删除"}
	var cells []fyne.CanvasObject
	for _, k := range keys {
		k := k
		if k == "X" && f.Type != portal.FieldIDNumber {
			cells = append(cells, layout.NewSpacer())
			continue
		}
		btn := b.button(k, kindPlain, RoleButton, func() { s.onPadKey(f, k) })
		btn.TitleSize = theme.SizeNameHeadingText
		btn.MinWidth, btn.MinHeight = 150, 96
		if k == "删除" {
			b.items[len(b.items)-1].Name = "删除一位"
		} else if k == "X" {
			b.items[len(b.items)-1].Name = "字母叉"
		}
		cells = append(cells, btn)
	}
	clear := b.button("清空", kindPlain, RoleButton, func() { s.setValue(f, "") })
	clear.MinWidth = 460
	return vbox(grid(3, cells...), container.NewCenter(clear))
}

// onPadKey is a key of the 12-key pad: a digit, X, or 删除.
func (s *formScreen) onPadKey(f portal.Field, k string) {
	cur := s.u.deps.Session.Data().Field(f.Key)
	switch k {
	case "删除":
		r := []rune(cur)
		if len(r) > 0 {
			s.setValue(f, string(r[:len(r)-1]))
		}
	default:
		s.setValue(f, cur+k)
		s.echoTyped(f)
	}
}

// echoTyped says what was typed: the digit itself for plain numbers, only
// "已输入第N位" for personal numbers outside voice navigation
// (EN 301 549 5.1.3.8).
func (s *formScreen) echoTyped(f portal.Field) {
	u := s.u
	if !u.lastSnap.Mode.Voice {
		return
	}
	cur := []rune(u.deps.Session.Data().Field(f.Key))
	if len(cur) == 0 {
		return
	}
	u.sayPrivate(fmt.Sprintf("已输入第%d位", len(cur)), speech.Digits(string(cur[len(cur)-1])))
}

// optionsInput shows every option as a big button; choosing one moves on.
func (s *formScreen) optionsInput(b *viewBuilder, f portal.Field, value string, next func()) fyne.CanvasObject {
	u := s.u
	var btns []fyne.CanvasObject
	for _, o := range f.Options {
		o := o
		kind := kindPlain
		if o == value {
			kind = kindPrimary
		}
		btn := b.button(o, kind, RoleButton, func() { s.onOption(f, o, next) })
		btn.TitleSize = theme.SizeNameSubHeadingText
		btn.MinHeight = 90
		it := b.items[len(b.items)-1]
		it.State = func() string {
			if u.deps.Session.Data().Field(f.Key) == o {
				return "已选中"
			}
			return ""
		}
		btns = append(btns, btn)
	}
	cols := 2
	if u.lastSnap.Mode.Elder || len(btns) <= 3 {
		cols = 1
	}
	return grid(cols, btns...)
}

// onOption chooses option o and moves on.
func (s *formScreen) onOption(f portal.Field, o string, next func()) {
	s.j.SetValue(f, o)
	s.fieldErr = nil
	next()
}

// dateInput picks a date with － and + for year, month and day.
func (s *formScreen) dateInput(b *viewBuilder, f portal.Field, value string) fyne.CanvasObject {
	u := s.u
	today := u.deps.Clock.Now()
	d, err := time.ParseInLocation("2006-01-02", value, today.Location())
	if err != nil {
		d = today
	}
	set := func(t time.Time) { s.setValue(f, t.Format("2006-01-02")) }
	row := func(name string, shown string, minus, plus func()) fyne.CanvasObject {
		m := b.button("减一"+name, kindPlain, RoleButton, minus)
		m.Title = "－"
		m.TitleSize = theme.SizeNameHeadingText
		p := b.button("加一"+name, kindPlain, RoleButton, plus)
		p.Title = "+"
		p.TitleSize = theme.SizeNameHeadingText
		m.MinWidth, p.MinWidth = 120, 120
		val := u.text(shown, theme.SizeNameHeadingText, "")
		val.Align = fyne.TextAlignCenter
		return container.NewBorder(nil, nil, m, p, container.NewCenter(val))
	}
	todayBtn := b.button("今天", kindPlain, RoleButton, func() { set(today) })
	todayBtn.MinWidth = 300
	if value == "" && !u.dry {
		// Show today as the starting point, and keep it so "下一项" works.
		u.deps.Session.Data().SetField(f.Key, d.Format("2006-01-02"))
	}
	return vbox(
		row("年", fmt.Sprintf("%d年", d.Year()), func() { set(d.AddDate(-1, 0, 0)) }, func() { set(d.AddDate(1, 0, 0)) }),
		row("月", fmt.Sprintf("%d月", d.Month()), func() { set(d.AddDate(0, -1, 0)) }, func() { set(d.AddDate(0, 1, 0)) }),
		row("天", fmt.Sprintf("%d日", d.Day()), func() { set(d.AddDate(0, 0, -1)) }, func() { set(d.AddDate(0, 0, 1)) }),
		container.NewCenter(todayBtn))
}
