package screens

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/portal"
	"hallkiosk/speech"
)

// formRef is where in a form a page is: the service and the field index,
// or the SMS page after the phone field.
type formRef struct {
	code  string
	index int
	sms   bool
}

func parseFormRef(param string) formRef {
	code, rest, _ := strings.Cut(param, "/")
	if rest == "sms" {
		return formRef{code: code, sms: true}
	}
	i, _ := strconv.Atoi(rest)
	return formRef{code: code, index: i}
}

func (r formRef) param() string {
	if r.sms {
		return r.code + "/sms"
	}
	return fmt.Sprintf("%s/%d", r.code, r.index)
}

// askedFields are the fields the citizen fills in: those the card did not
// already fill.
func (u *UI) askedFields(it portal.ServiceItem) (form portal.Form, asked []int) {
	form = u.deps.Catalog.FormOf(it)
	card := u.deps.Session.Data().Card()
	for i, f := range form.Fields {
		if app.Prefill(f, card) == "" {
			asked = append(asked, i)
		}
	}
	return form, asked
}

// prefillForm puts the card's values into the citizen's form once.
func (u *UI) prefillForm(form portal.Form) {
	data := u.deps.Session.Data()
	for _, f := range form.Fields {
		if v := app.Prefill(f, data.Card()); v != "" && data.Field(f.Key) == "" {
			data.SetField(f.Key, v)
		}
	}
}

// stepOf is the step number of the form in the service's steps.
func (u *UI) stepOf(it portal.ServiceItem, name string) (int, int) {
	steps := u.flowSteps(it.Code)
	for i, s := range steps {
		if s == name {
			return i + 1, len(steps)
		}
	}
	return 1, len(steps)
}

// buildForm is one field of the service's form per page: fewer choices at
// a time, big keys, the value shown large, and a clear error per field.
func buildForm(u *UI, s app.Screen) *View {
	ref := parseFormRef(s.Param)
	it, ok := u.deps.Catalog.Get(ref.code)
	if !ok {
		return buildMissing(u, s)
	}
	form, asked := u.askedFields(it)
	u.prefillForm(form)
	step, of := u.stepOf(it, "填写一张表")
	if ref.sms {
		return u.smsPage(it, ref, step, of)
	}
	if len(asked) == 0 {
		// Everything came from the card: straight to checking.
		return u.confirmView(it, form, step, of)
	}
	if ref.index >= len(asked) {
		ref.index = len(asked) - 1
	}
	f := form.Fields[asked[ref.index]]
	b := u.builder()
	data := u.deps.Session.Data()
	value := data.Field(f.Key)

	v := &View{Title: "填写表单", Step: stepText(step, of)}
	v.Instruction = fmt.Sprintf("第%d项，共%d项：%s。%s", ref.index+1, len(asked), f.Label, fieldHint(f))
	v.Help = "每页填一项。填好后点“下一项”；要改上一项，点“返回”。"
	errLine := newText("", theme.SizeNameSubHeadingText, theme.ColorNameError)
	errLine.WrapWidth = 780
	if u.flow.fieldErr != nil && u.flow.fieldErr.Field.Key == f.Key {
		errLine.Text = u.flow.fieldErr.Problem + "。" + u.flow.fieldErr.Fix
		v.Instruction = u.flow.fieldErr.Error()
	}

	shown := value
	if shown == "" {
		shown = "（还没有填写）"
	}
	valueBox := newRingBox(card0(newText(shown, theme.SizeNameHeadingText, ""), 720))
	label := newText(f.Label, theme.SizeNameSubHeadingText, ColorNameMuted)

	next := func() { u.nextField(it, form, asked, ref) }
	var input fyne.CanvasObject
	switch f.Type {
	case portal.FieldSelect:
		input = u.optionsInput(b, f, value, next)
	case portal.FieldDigits, portal.FieldPhone, portal.FieldIDNumber:
		input = u.keypadInput(b, f, value)
	case portal.FieldDate:
		input = u.dateInput(b, f, value)
	default:
		input = u.textInput(b, f)
	}
	nextBtn := b.button("下一项", kindAccent, RoleButton, next)
	if ref.index == len(asked)-1 {
		nextBtn.Title = "填好了，去核对"
		b.items[len(b.items)-1].Name = nextBtn.Title
	}
	nextBtn.TitleSize = theme.SizeNameSubHeadingText
	nextBtn.MinWidth, nextBtn.MinHeight = 420, 100
	left := vbox(label, valueBox, errLine, spacer(0, 16), nextBtn)
	if fromCard := u.fromCardSummary(form); fromCard != "" && ref.index == 0 {
		left.Add(spacer(0, 16))
		left.Add(muted("已从身份证带入："+fromCard, 720))
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
	}, Private: true}
	v.Items = append([]*Item{valueItem}, b.items...)
	if isTextField(f) {
		pad := pinyinPad{u: u, f: f}
		v.Delete = pad.deleteOne
		v.Letter = func(r rune) bool { pad.key(r); return true }
		return v
	}
	v.Delete = func() bool {
		r := []rune(data.Field(f.Key))
		if len(r) == 0 || f.Type == portal.FieldSelect || f.Type == portal.FieldDate {
			return false
		}
		u.setValue(f, string(r[:len(r)-1]))
		return true
	}
	return v
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
func (u *UI) fromCardSummary(form portal.Form) string {
	data := u.deps.Session.Data()
	var parts []string
	for _, f := range form.Fields {
		if app.Prefill(f, data.Card()) != "" {
			parts = append(parts, f.Label+" "+app.MaskValue(f, data.Field(f.Key)))
		}
	}
	return strings.Join(parts, "，")
}

// setValue changes a field's value, clears its error and redraws.
func (u *UI) setValue(f portal.Field, v string) {
	u.deps.Session.Data().SetField(f.Key, v)
	u.deps.Session.Touch()
	if u.flow.fieldErr != nil && u.flow.fieldErr.Field.Key == f.Key {
		u.flow.fieldErr = nil
	}
	u.redraw()
}

// nextField validates the field and moves on.
func (u *UI) nextField(it portal.ServiceItem, form portal.Form, asked []int, ref formRef) {
	f := form.Fields[asked[ref.index]]
	if err := app.ValidateField(f, u.deps.Session.Data().Field(f.Key), u.deps.Clock.Now()); err != nil {
		u.flow.fieldErr = err
		u.redraw()
		u.sayAlwaysIfVoice(err.Error())
		return
	}
	u.flow.fieldErr = nil
	if f.Type == portal.FieldPhone && u.deps.SMS.Possible() && u.deps.Session.Data().Phone() != u.deps.Session.Data().Field(f.Key) {
		u.deps.Session.Open(app.Screen{ID: app.ScreenForm, Param: formRef{code: it.Code, sms: true}.param()})
		return
	}
	if ref.index+1 < len(asked) {
		u.deps.Session.Open(app.Screen{ID: app.ScreenForm, Param: formRef{code: it.Code, index: ref.index + 1}.param()})
		return
	}
	u.deps.Session.Open(u.afterForm(it))
}

// sayAlwaysIfVoice speaks an error whenever the kiosk talks at all.
func (u *UI) sayAlwaysIfVoice(text string) { u.say(text) }

// keypadInput is a 12-key pad: digits, X for ID numbers, delete, clear.
func (u *UI) keypadInput(b *viewBuilder, f portal.Field, value string) fyne.CanvasObject {
	keys := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "删除"}
	var cells []fyne.CanvasObject
	for _, k := range keys {
		k := k
		if k == "X" && f.Type != portal.FieldIDNumber {
			cells = append(cells, layout.NewSpacer())
			continue
		}
		btn := b.button(k, kindPlain, RoleButton, func() {
			cur := u.deps.Session.Data().Field(f.Key)
			switch k {
			case "删除":
				r := []rune(cur)
				if len(r) > 0 {
					u.setValue(f, string(r[:len(r)-1]))
				}
			default:
				u.setValue(f, cur+k)
				u.echoTyped(f)
			}
		})
		btn.TitleSize = theme.SizeNameHeadingText
		btn.MinWidth, btn.MinHeight = 150, 96
		if k == "删除" {
			b.items[len(b.items)-1].Name = "删除一位"
		} else if k == "X" {
			b.items[len(b.items)-1].Name = "字母叉"
		}
		cells = append(cells, btn)
	}
	clear := b.button("清空", kindPlain, RoleButton, func() { u.setValue(f, "") })
	clear.MinWidth = 460
	return vbox(grid(3, cells...), container.NewCenter(clear))
}

// echoTyped says what was typed: the digit itself for plain numbers, only
// "已输入第N位" for personal numbers outside voice navigation
// (EN 301 549 5.1.3.8).
func (u *UI) echoTyped(f portal.Field) {
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
func (u *UI) optionsInput(b *viewBuilder, f portal.Field, value string, next func()) fyne.CanvasObject {
	var btns []fyne.CanvasObject
	for _, o := range f.Options {
		o := o
		kind := kindPlain
		if o == value {
			kind = kindPrimary
		}
		btn := b.button(o, kind, RoleButton, func() {
			u.deps.Session.Data().SetField(f.Key, o)
			u.flow.fieldErr = nil
			next()
		})
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

// dateInput picks a date with － and + for year, month and day.
func (u *UI) dateInput(b *viewBuilder, f portal.Field, value string) fyne.CanvasObject {
	today := u.deps.Clock.Now()
	d, err := time.ParseInLocation("2006-01-02", value, today.Location())
	if err != nil {
		d = today
	}
	set := func(t time.Time) { u.setValue(f, t.Format("2006-01-02")) }
	row := func(name string, shown string, minus, plus func()) fyne.CanvasObject {
		m := b.button("减一"+name, kindPlain, RoleButton, minus)
		m.Title = "－"
		m.TitleSize = theme.SizeNameHeadingText
		p := b.button("加一"+name, kindPlain, RoleButton, plus)
		p.Title = "+"
		p.TitleSize = theme.SizeNameHeadingText
		m.MinWidth, p.MinWidth = 120, 120
		val := newText(shown, theme.SizeNameHeadingText, "")
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
