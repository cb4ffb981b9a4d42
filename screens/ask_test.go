package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"hallkiosk/app"
	"hallkiosk/app/ask"
)

// withAsk gives the test kiosk 智能客服 over the demo FAQ and catalog.
func withAsk(t *testing.T, k *testKiosk) *ask.Desk {
	t.Helper()
	faq, err := ask.DemoFAQ()
	if err != nil {
		t.Fatal(err)
	}
	readings, err := ask.Readings("")
	if err != nil {
		t.Fatal(err)
	}
	counter, err := ask.OpenCounter("")
	if err != nil {
		t.Fatal(err)
	}
	desk := &ask.Desk{Counter: counter}
	desk.Offer(ask.Build(faq, k.ui.deps.Catalog, readings))
	k.ui.deps.Ask = desk
	return desk
}

// focusNamed moves the focus by keyboard (Tab) to the item called name.
func focusNamed(t *testing.T, k *testKiosk, name string) {
	t.Helper()
	for range 3 * (len(k.ui.Items()) + 1) {
		if f := k.ui.Focused(); f != nil && f.Name == name {
			return
		}
		k.key(fyne.KeyTab)
	}
	var names []string
	for _, it := range k.ui.Items() {
		names = append(names, it.Name)
	}
	t.Fatalf("Tab never reaches %q on %s; items %v", name, k.session.Snapshot().Screen.ID, names)
}

// chooseByKeyboard types letters on a hardware keyboard and takes the
// candidate word with Tab and Enter.
func chooseByKeyboard(t *testing.T, k *testKiosk, letters, word string) {
	t.Helper()
	for _, r := range letters {
		k.rune(r)
	}
	focusNamed(t, k, word)
	k.key(fyne.KeyReturn)
}

func askOnShow(t *testing.T, k *testKiosk) *askScreen {
	t.Helper()
	s, ok := k.ui.screens.current.(*askScreen)
	if !ok {
		t.Fatalf("the screen on show is %T, not 问一问", k.ui.screens.current)
	}
	return s
}

// TestAskByVoiceAndKeyboard walks ask → answer → 现在就办 with voice
// navigation and keys alone: the candidates and the answers are spoken,
// the citizen's words privately.
func TestAskByVoiceAndKeyboard(t *testing.T) {
	requireDict(t)
	k := newTestKiosk(t)
	withAsk(t, k)
	k.session.Start()
	k.session.SetMode(app.Mode{Voice: true})
	focusNamed(t, k, "问一问")
	k.key(fyne.KeyReturn)
	if id := k.session.Snapshot().Screen.ID; id != app.ScreenAsk {
		t.Fatalf("Enter on 问一问 opened %s", id)
	}
	auditScreen(t, k, "ask, voice")
	k.voice.Recorder.Reset()
	chooseByKeyboard(t, k, "gongjijin", "公积金")
	chooseByKeyboard(t, k, "daozhang", "到帐") // the dictionary's spelling
	if got := askOnShow(t, k).question; got != "公积金到帐" {
		t.Fatalf("question written %q", got)
	}
	said := strings.Join(k.said(), "|")
	if !strings.Contains(said, "第一个候选") {
		t.Errorf("candidates were not spoken: %q", said)
	}
	for _, e := range k.voice.Recorder.Events() {
		if strings.Contains(e.Utterance.Text, "公积金到帐") && !e.Utterance.Private {
			t.Errorf("the citizen's words were spoken as a public (cacheable) prompt: %q", e.Utterance.Text)
		}
	}
	focusNamed(t, k, "问一问")
	k.voice.Recorder.Reset()
	k.key(fyne.KeyReturn)
	s := askOnShow(t, k)
	if len(s.answers.Results) == 0 || s.answers.Results[0].Entry.ID != "GJJ-02" {
		t.Fatalf("answers %+v, want GJJ-02 first", s.answers.Results)
	}
	first := s.answers.Results[0].Entry
	if said := strings.Join(k.said(), "|"); !strings.Contains(said, first.Answer) {
		t.Errorf("the first answer was not spoken: %q", said)
	}
	auditScreen(t, k, "ask answers, voice")
	focusNamed(t, k, first.Question)
	k.voice.Recorder.Reset()
	k.key(fyne.KeyReturn)
	if s.open == nil || s.open.ID != "GJJ-02" {
		t.Fatal("Enter on the first answer did not open it")
	}
	if f := k.ui.Focused(); f == nil || f.Name != "现在就办" {
		t.Fatalf("focus on %+v, want 现在就办 first", f)
	}
	if said := strings.Join(k.said(), "|"); !strings.Contains(said, first.Answer) || !strings.Contains(said, "现在就办") {
		t.Errorf("the answer and its main action were not spoken: %q", said)
	}
	auditScreen(t, k, "ask answer, voice")
	k.key(fyne.KeyReturn)
	if got := k.session.Snapshot().Screen; got.ID != app.ScreenService || got.Param != "GJJ-0301" {
		t.Fatalf("现在就办 opened %+v, want the service GJJ-0301", got)
	}
	// 返回 comes back to the answer.
	k.session.Back()
	if s2 := askOnShow(t, k); s2.open == nil || s2.open.ID != "GJJ-02" {
		t.Error("返回 did not come back to the answer")
	}
}

// TestAskElder walks ask → answer → 现在就办 in 长辈版 by touch, from the
// home screen, typing a pinyin-candidate typo.
func TestAskElder(t *testing.T) {
	requireDict(t)
	for _, size := range []fyne.Size{{Width: landscapeW, Height: landscapeH}, {Width: portraitW, Height: portraitH}} {
		k := newTestKioskSized(t, size)
		desk := withAsk(t, k)
		k.session.Start()
		k.session.SetMode(app.Mode{Elder: true})
		k.tap(t, "问一问")
		auditScreen(t, k, "ask, elder")
		requireAboveFooter(t, k, "ask, elder")
		typeLetters(t, k, "shenfen")
		k.tap(t, "身份")
		typeLetters(t, k, "zheng")
		k.tap(t, "正") // the wrong character of the same sound
		typeLetters(t, k, "diule")
		k.tap(t, "丢了")
		if got := askOnShow(t, k).question; got != "身份正丢了" {
			t.Fatalf("question written %q", got)
		}
		k.tap(t, "问一问")
		s := askOnShow(t, k)
		if len(s.answers.Results) == 0 || s.answers.Results[0].Entry.ID != "GA-01" || len(s.answers.Results) > ask.Shown {
			t.Fatalf("answers %+v, want GA-01 first, at most three", s.answers.Results)
		}
		auditScreen(t, k, "ask answers, elder")
		requireAboveFooter(t, k, "ask answers, elder")
		k.tap(t, s.answers.Results[0].Entry.Question)
		auditScreen(t, k, "ask answer, elder")
		requireAboveFooter(t, k, "ask answer, elder")
		k.tap(t, "用手机办") // the demo catalog has the service's mobile_url
		if !s.showQR {
			t.Error("用手机办 shows no QR code")
		}
		k.tap(t, "没帮助")
		auditScreen(t, k, "ask answer with its QR code and 没有找到, elder")
		requireAboveFooter(t, k, "ask answer with its QR code and 没有找到, elder")
		s.rated = 0 // (a second opinion, for the count below)
		k.tap(t, "有帮助")
		if n := desk.Counter.Snapshot().Entries["GA-01"]; n == nil || n.Helpful != 1 || n.Unhelpful != 1 || n.Shown != 1 {
			t.Errorf("counts of GA-01: %+v", n)
		}
		k.tap(t, "打印这条说明") // the test kiosk has no printer: said, not pretended
		if !strings.Contains(s.printMsg, "不能打印") {
			t.Errorf("printing without a printer said %q", s.printMsg)
		}
		k.tap(t, "现在就办")
		if got := k.session.Snapshot().Screen; got.ID != app.ScreenService || got.Param != "GA-0501" {
			t.Fatalf("现在就办 opened %+v", got)
		}
	}
}

// TestAskFromServiceAndNotFound: 问一问 on a service page starts with that
// service's questions; a question nothing answers offers the staff and
// 12345.
func TestAskFromServiceAndNotFound(t *testing.T) {
	requireDict(t)
	k := newTestKiosk(t)
	withAsk(t, k)
	k.session.Start()
	k.session.Open(app.Screen{ID: app.ScreenService, Param: "YB-0601"})
	k.tap(t, "问一问")
	if got := k.session.Snapshot().Screen; got.ID != app.ScreenAsk || got.Param != "YB-0601" {
		t.Fatalf("问一问 on the service opened %+v", got)
	}
	k.tap(t, "去外地看病怎么用医保？") // 大家都在问, the service's own first
	s := askOnShow(t, k)
	if s.open == nil || s.open.ID != "YB-01" {
		t.Fatalf("the question picked opened %+v", s.open)
	}
	k.tap(t, "看其他答案")
	k.tap(t, "清空")
	typeLetters(t, k, "xyz")
	k.tap(t, "问一问")
	if s.answers.Found {
		t.Fatalf("letters nobody asks about were answered: %+v", s.answers)
	}
	if !strings.Contains(k.ui.view.Instruction, "12345") {
		t.Errorf("not found says %q", k.ui.view.Instruction)
	}
	k.tap(t, "拨打热线")
	k.tap(t, "找工作人员")
	if id := k.session.Snapshot().Screen.ID; id != app.ScreenCallStaff {
		t.Errorf("找工作人员 opened %s", id)
	}
}

// TestAskNotReady: before the first index is built, 问一问 says so and
// where else to ask.
func TestAskNotReady(t *testing.T) {
	k := newTestKiosk(t)
	k.ui.deps.Ask = &ask.Desk{}
	k.session.Start()
	k.session.Open(app.Screen{ID: app.ScreenAsk})
	if v := k.ui.view; !strings.Contains(v.Instruction, "正在准备") || !strings.Contains(v.Instruction, "12345") {
		t.Errorf("not ready says %q", v.Instruction)
	}
	withAsk(t, k) // the index is built meanwhile
	k.tap(t, "再试一次")
	k.itemNamed(t, "字母A")
}

// TestAskByKeypadOnly: with the 12-key keypad alone (6 moves on, Enter
// acts), a blind citizen starts at the attract loop, reaches 问一问, hears
// and picks one of 大家都在问 and goes on to 现在就办.
func TestAskByKeypadOnly(t *testing.T) {
	requireDict(t)
	k := newTestKiosk(t)
	withAsk(t, k)
	k.rune('5') // any key on the attract loop starts with voice navigation
	if m := k.session.Snapshot().Mode; !m.Voice {
		t.Fatal("the keypad did not start voice navigation")
	}
	next := func(name string) {
		t.Helper()
		for range 3 * (len(k.ui.Items()) + 1) {
			if f := k.ui.Focused(); f != nil && f.Name == name {
				return
			}
			k.rune('6')
		}
		t.Fatalf("6 never reaches %q", name)
	}
	next("问一问")
	k.key(fyne.KeyReturn)
	popular := askOnShow(t, k).popular(4)
	if len(popular) == 0 {
		t.Fatal("no 大家都在问")
	}
	k.voice.Recorder.Reset()
	next(popular[0].Question)
	if said := strings.Join(k.said(), "|"); !strings.Contains(said, popular[0].Question) {
		t.Errorf("focusing the question did not say it: %q", said)
	}
	k.key(fyne.KeyReturn)
	if s := askOnShow(t, k); s.open == nil || s.open.ID != popular[0].ID {
		t.Fatalf("Enter opened %+v", s.open)
	}
	if said := strings.Join(k.said(), "|"); !strings.Contains(said, popular[0].Answer) {
		t.Errorf("the answer was not spoken: %q", said)
	}
	k.key(fyne.KeyReturn) // 现在就办 has the focus
	if got := k.session.Snapshot().Screen; got.ID != app.ScreenService || got.Param != popular[0].ServiceCode {
		t.Fatalf("现在就办 opened %+v", got)
	}
}
