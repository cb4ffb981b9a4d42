package screens

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/ask"
)

// askScreen is 问一问 (智能客服): the citizen writes a question with the
// pinyin keyboard or picks one of 大家都在问; the best three answers are
// shown large and the first one spoken; "没有找到？" leads to the staff and
// the hotline. An answer opened offers 现在就办 (its service), 用手机办 (the
// service's QR code, where the catalog has one), 打印这条说明 and
// 有帮助/没帮助. It keeps its place while the citizen looks at the service
// and comes back.
type askScreen struct {
	u        *UI
	from     string // the service code it was opened from, or ""
	question string // the citizen's words (private)
	pad      *pinyinPad
	asked    bool
	answers  ask.Answers
	open     *ask.Entry // the answer on show, nil for the list
	showQR   bool
	rated    int    // 0 not yet, 1 有帮助, -1 没帮助
	printMsg string // where printing this answer stands, "" before
	hotline  bool   // 拨打12345 was chosen: the number is shown
}

func newAskScreen(u *UI, s app.Screen) *askScreen {
	a := &askScreen{u: u, from: s.Param}
	a.pad = &pinyinPad{u: u, get: func() string { return a.question }, put: a.setQuestion}
	return a
}

func (s *askScreen) keepsPlace() {}

// maxAskRunes bounds a question typed on the kiosk.
const maxAskRunes = 60

// setQuestion replaces the question typed and reports whether it fit.
func (s *askScreen) setQuestion(q string) bool {
	if utf8.RuneCountInString(q) > maxAskRunes {
		return false
	}
	s.question = q
	return true
}

// askTitle is the screen's name.
const askTitle = "问一问"

func (s *askScreen) build() *View {
	u := s.u
	st := u.style()
	if u.deps.Ask == nil || !u.deps.Ask.Ready() {
		b := u.builder()
		v := &View{Title: askTitle,
			Instruction: "智能客服正在准备，请稍后再试，或点“呼叫工作人员”，也可以拨打政务服务热线" + u.hotline() + "。"}
		again := b.button("再试一次", kindPrimary, RoleButton, func() { u.rebuild(u.lastSnap) })
		again.MinWidth = 320
		v.Body = container.NewCenter(vbox(body(st, v.Instruction, 900), container.NewCenter(again)))
		v.Items = b.items
		v.OnShow = func() { u.announceSpoken(v) }
		return v
	}
	if s.open != nil {
		return s.answerView()
	}
	return s.askView()
}

// askView is the question, its answers or 大家都在问, and the keyboard.
func (s *askScreen) askView() *View {
	u := s.u
	st := u.style()
	b := u.builder()
	elder := u.lastSnap.Mode.Elder
	col := float32(760)
	if u.portrait {
		col = portraitW - 120
	}

	shown := s.question
	if shown == "" {
		shown = "在这里写问题"
	}
	qText := u.text(shown, theme.SizeNameSubHeadingText, "")
	qText.WrapWidth = col - 480
	askBtn := b.button("问一问", kindAccent, RoleButton, s.onAsk)
	askBtn.MinWidth, askBtn.MinHeight = 260, 90
	askItem := b.items[len(b.items)-1]
	askItem.Hint = "找答案"
	askItem.Private = true // its value is the citizen's words
	askItem.Value = func() string {
		if s.question == "" {
			return "还没有写问题"
		}
		return "已写：" + s.question
	}
	clear := b.button("清空", kindPlain, RoleButton, s.onClear)
	clear.MinWidth, clear.MinHeight = 160, 90
	left := vbox(container.NewBorder(nil, nil, nil, container.NewHBox(askBtn, clear), card(qText)))

	v := &View{Title: askTitle, Private: false}
	switch {
	case !s.asked:
		v.Instruction = "用拼音键盘写下您的问题，再点“问一问”；也可以点“大家都在问”里的问题。"
		n := 4
		if elder {
			n = 3
		}
		left.Add(subheading(st, "大家都在问"))
		var popular []fyne.CanvasObject
		for _, e := range s.popular(n) {
			e := e
			btn := b.button(e.Question, kindPlain, RoleButton, func() { s.onPopular(e) })
			btn.MinHeight = 80
			popular = append(popular, btn)
		}
		left.Add(vbox(popular...))
	default:
		res := s.answers.Results
		switch {
		case len(res) == 0:
			v.Instruction = "没有找到答案。可以换个说法再问，或点“找工作人员”，也可以拨打政务服务热线" + u.hotline() + "。"
		case !s.answers.Found:
			v.Instruction = "没有找到确切的答案，下面的可能有帮助。第一条：" + res[0].Entry.Question
		default:
			v.Instruction = fmt.Sprintf("找到%d条答案。第一条：%s", len(res), res[0].Entry.Question)
		}
		for i, r := range res {
			e := r.Entry
			btn := b.button(e.Question, kindPlain, RoleButton, func() { s.onOpen(e) })
			btn.Subtitle = snippet(e.Answer, 34)
			btn.WrapWidth = col - 60
			btn.MinHeight = 88
			if elder {
				btn.Subtitle = ""
			}
			if i == 0 && s.answers.Found {
				btn.Kind = kindPrimary
			}
			b.items[len(b.items)-1].Hint = fmt.Sprintf("第%d条答案", i+1)
			left.Add(btn)
		}
		left.Add(s.notFound(b, false))
	}
	// The keyboard loads the pinyin dictionary: never for the speech
	// warm-up, which builds every screen without a citizen.
	var keys fyne.CanvasObject = spacer(st, 0, 0)
	if !u.dry {
		keys = s.pad.view(b)
	}
	var content fyne.CanvasObject
	if u.portrait {
		content = vbox(left, keys)
	} else {
		content = container.New(&splitLayout{ratio: 0.42}, left, keys)
	}
	v.Body = content
	v.Items = b.items
	v.Help = "用拼音键盘写问题：点字母拼出拼音，再点上面出现的字词。写好后点“问一问”。答案里可以直接办理、扫码用手机办或打印说明。"
	v.Delete = s.pad.del
	v.Letter = s.pad.key
	v.OnShow = s.speakFirst
	return v
}

// notFound is "没有找到？": the staff and the hotline, on one line or
// stacked (a narrow column).
func (s *askScreen) notFound(b *viewBuilder, stacked bool) fyne.CanvasObject {
	u := s.u
	st := u.style()
	staff := b.button("找工作人员", kindPlain, RoleButton, func() { u.staffCall().Open() })
	b.items[len(b.items)-1].Hint = "请网办优先窗口的工作人员来帮您"
	call := b.button("拨打"+u.hotline(), kindPlain, RoleButton, s.onHotline)
	b.items[len(b.items)-1].Name = "拨打热线"
	b.items[len(b.items)-1].Hint = "政务服务便民热线" + u.spoken(u.hotline())
	staff.MinWidth, call.MinWidth = 240, 240
	out := vbox(container.NewHBox(container.NewCenter(subheading(st, "没有找到？")), staff, call))
	if stacked {
		out = vbox(subheading(st, "没有找到？"), container.NewHBox(staff, call))
	}
	if s.hotline {
		out.Add(body(st, "请拨打政务服务便民热线 "+u.hotline()+"，工作日和节假日都有人接听。", 800))
	}
	return out
}

// answerView is one answer with what can be done with it.
func (s *askScreen) answerView() *View {
	u := s.u
	st := u.style()
	b := u.builder()
	e := *s.open
	col := float32(1000)
	if u.portrait {
		col = portraitW - 120
	}
	var actions []fyne.CanvasObject
	if svc, ok := u.deps.Catalog.Get(e.ServiceCode); ok && e.ServiceCode != "" {
		now := b.button("现在就办", kindAccent, RoleButton, func() { s.onDoNow(e.ServiceCode) })
		b.items[len(b.items)-1].Hint = "打开" + svc.Name
		now.TitleSize = theme.SizeNameSubHeadingText
		now.MinWidth, now.MinHeight = 300, 100
		actions = append(actions, now)
	}
	if e.MobileURL != "" {
		phone := b.button("用手机办", kindPlain, RoleButton, s.onPhone)
		b.items[len(b.items)-1].Hint = "显示二维码，用手机扫码办理"
		phone.MinWidth, phone.MinHeight = 240, 100
		actions = append(actions, phone)
	}
	prn := b.button("打印这条说明", kindPlain, RoleButton, s.onPrint)
	prn.MinWidth, prn.MinHeight = 260, 100
	actions = append(actions, prn)

	answer := u.text(e.Answer, theme.SizeNameSubHeadingText, "")
	answer.WrapWidth = col
	left := vbox(card(answer), container.NewHBox(actions...))
	if s.printMsg != "" {
		left.Add(body(st, s.printMsg, col))
	}
	right := vbox()
	if s.showQR && e.MobileURL != "" {
		caption := u.text(mobileLine, theme.SizeNameText, "")
		right.Add(container.NewHBox(qrImage(st, e.MobileURL, 200), container.NewCenter(caption)))
	}
	helpful := b.button("有帮助", kindPlain, RoleButton, func() { s.onRate(true) })
	unhelpful := b.button("没帮助", kindPlain, RoleButton, func() { s.onRate(false) })
	back := b.button("看其他答案", kindPlain, RoleButton, s.onList)
	for _, x := range []*tapButton{helpful, unhelpful, back} {
		x.MinWidth, x.MinHeight = 200, 80
	}
	switch s.rated {
	case 1:
		helpful.Kind = kindPrimary
	case -1:
		unhelpful.Kind = kindPrimary
	}
	right.Add(u.text("这条答案对您有帮助吗？", theme.SizeNameText, ColorNameMuted))
	right.Add(container.NewHBox(helpful, unhelpful))
	switch s.rated {
	case 1:
		right.Add(body(st, "谢谢您的反馈。", 600))
	case -1:
		right.Add(s.notFound(b, true))
	}
	right.Add(back)
	var out fyne.CanvasObject
	if u.portrait {
		out = vbox(left, right)
	} else {
		out = container.New(&splitLayout{ratio: 0.6}, left, right)
	}
	v := &View{Title: askTitle, Instruction: "问：" + e.Question, Body: out, Items: b.items,
		Help: "点“现在就办”直接办理；“用手机办”显示二维码；“打印这条说明”把答案打印出来带走。"}
	v.OnShow = func() {
		texts := []string{v.Title, v.Instruction, u.spoken(e.Answer)}
		if f := u.Focused(); u.lastSnap.Mode.Voice && f != nil {
			texts = append(texts, itemSpeech(f))
		}
		u.say(texts...)
	}
	return v
}

// speakFirst speaks the instruction and, once answers are there, the first
// answer in full.
func (s *askScreen) speakFirst() {
	u := s.u
	if u.view == nil {
		return
	}
	texts := []string{u.view.Title, u.spoken(u.view.Instruction)}
	if s.asked && len(s.answers.Results) > 0 {
		texts = append(texts, u.spoken(s.answers.Results[0].Entry.Answer))
	}
	if f := u.Focused(); u.lastSnap.Mode.Voice && f != nil && !f.Private {
		texts = append(texts, itemSpeech(f))
	}
	u.say(texts...)
}

// popular is 大家都在问: asked from a service, that service's questions
// first; then the hall's most asked.
func (s *askScreen) popular(n int) []ask.Entry {
	desk := s.u.deps.Ask
	var out []ask.Entry
	seen := map[string]bool{}
	if ix := desk.Index(); ix != nil && s.from != "" {
		for _, e := range ix.Entries() {
			if len(out) < n && e.ServiceCode == s.from && e.Kind == ask.KindFAQ {
				out, seen[e.ID] = append(out, e), true
			}
		}
	}
	for _, e := range desk.Popular(n) {
		if len(out) < n && !seen[e.ID] {
			out, seen[e.ID] = append(out, e), true
		}
	}
	return out
}

// onAsk asks the question written.
func (s *askScreen) onAsk() {
	if s.question == "" && s.pad.typed == "" {
		s.u.say("请先用拼音键盘写下您的问题")
		return
	}
	q := s.question
	if q == "" {
		q = s.pad.typed // letters not yet turned into words still say something
	}
	s.ask(q)
}

// onPopular asks one of 大家都在问 and opens its answer.
func (s *askScreen) onPopular(e ask.Entry) {
	s.question, s.pad.typed = e.Question, ""
	s.answers = s.u.deps.Ask.Ask(e.Question)
	s.asked = true
	s.openEntry(e)
}

func (s *askScreen) ask(q string) {
	s.answers = s.u.deps.Ask.Ask(q)
	s.asked, s.open = true, nil
	s.u.deps.Session.Touch()
	s.u.rebuild(s.u.lastSnap)
}

// onOpen shows one answer.
func (s *askScreen) onOpen(e ask.Entry) { s.openEntry(e) }

func (s *askScreen) openEntry(e ask.Entry) {
	s.open, s.showQR, s.rated, s.printMsg = &e, false, 0, ""
	s.u.deps.Session.Touch()
	s.u.rebuild(s.u.lastSnap)
}

// onList goes back from an answer to the list of answers.
func (s *askScreen) onList() {
	s.open = nil
	s.u.rebuild(s.u.lastSnap)
}

// onClear empties the question and the answers.
func (s *askScreen) onClear() {
	s.question, s.pad.typed, s.pad.candPage = "", "", 0
	s.asked, s.answers, s.hotline = false, ask.Answers{}, false
	s.u.deps.Session.Touch()
	s.u.redraw()
	s.u.say("已清空")
}

// onHotline shows and says the hotline.
func (s *askScreen) onHotline() {
	s.hotline = true
	s.u.redraw()
	s.u.say(s.u.spoken("请拨打政务服务便民热线" + s.u.hotline()))
}

// onDoNow opens the service the answer is about.
func (s *askScreen) onDoNow(code string) {
	s.u.deps.Session.Open(app.Screen{ID: app.ScreenService, Param: code})
}

// onPhone shows the service's QR code in the phone app.
func (s *askScreen) onPhone() {
	s.showQR = !s.showQR
	s.u.redraw()
	if s.showQR {
		s.u.say(mobileLine)
	}
}

// onRate counts 有帮助 or 没帮助 for the answer on show.
func (s *askScreen) onRate(helpful bool) {
	if s.open == nil || s.rated != 0 {
		return
	}
	s.u.deps.Ask.Rate(s.answers, s.open.ID, helpful)
	if helpful {
		s.rated = 1
		s.u.redraw()
		s.u.say("谢谢您的反馈")
		return
	}
	s.rated = -1
	s.u.redraw()
	s.u.say(s.u.spoken("谢谢您的反馈。没有解决的话，可以点“找工作人员”，或拨打政务服务热线" + s.u.hotline()))
}

// onPrint prints the answer on the receipt printer.
func (s *askScreen) onPrint() {
	u := s.u
	if s.open == nil {
		return
	}
	e := *s.open
	if u.deps.PrintAnswer == nil {
		s.printed(app.ErrPrinterMissing)
		return
	}
	s.printMsg = "正在打印……"
	u.redraw()
	svc := ""
	if it, ok := u.deps.Catalog.Get(e.ServiceCode); ok && e.ServiceCode != "" {
		svc = it.Name
	}
	print := func() error {
		ctx, cancel := context.WithTimeout(u.ctx, 30*time.Second)
		defer cancel()
		return u.deps.PrintAnswer(ctx, e.Question, e.Answer, svc, e.MobileURL)
	}
	if u.deps.Inline {
		s.printed(print())
		return
	}
	go func() {
		err := print()
		fyne.Do(func() { s.printed(err) })
	}()
}

// printed says how printing ended.
func (s *askScreen) printed(err error) {
	switch {
	case err == nil:
		s.printMsg = "已打印，请从出纸口取走。"
	case errors.Is(err, app.ErrPrinterPaper):
		s.printMsg = "打印机没有纸了，没有打印。您可以用手机扫码，或请工作人员帮忙。"
	case errors.Is(err, app.ErrPrinterCover):
		s.printMsg = "打印机盖子没有关好，没有打印。请呼叫工作人员。"
	case errors.Is(err, app.ErrPrinterMissing):
		s.printMsg = "本机暂时不能打印。您可以用手机扫码，或请工作人员帮忙。"
	default:
		s.printMsg = "没有打印成功。您可以再试一次，或呼叫工作人员。"
	}
	if s.u.Shown().ID == app.ScreenAsk && s.open != nil {
		s.u.redraw()
	}
	s.u.say(s.printMsg)
}

// snippet is the first n runes of an answer's first line, with "……" when
// cut.
func snippet(s string, n int) string {
	r := []rune(s)
	for i, c := range r {
		if c == '\n' {
			r = r[:i]
			break
		}
	}
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n]) + "……"
}

// askButton is "问一问" on the home and service screens: it opens
// 智能客服, about the service code from ("" for none).
func (u *UI) askButton(b *viewBuilder, from string) *tapButton {
	btn := b.button("问一问", kindPlain, RoleButton, func() {
		u.deps.Session.Open(app.Screen{ID: app.ScreenAsk, Param: from})
	})
	b.items[len(b.items)-1].Hint = "有问题？用拼音写下来，马上给您答案"
	return btn
}
