package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"hallkiosk/app"
	"hallkiosk/app/pinyin"
)

// openTextField shows the asked field of a service whose key is key.
func openTextField(t *testing.T, k *testKiosk, code, key string) {
	t.Helper()
	if st := k.session.Snapshot().State; st == app.StateAttract {
		m := k.session.Snapshot().Mode
		k.session.Start()
		k.session.SetMode(m)
	}
	j := k.ui.applying(code)
	form, asked := j.Form(), j.Asked()
	for i, fi := range asked {
		if form.Fields[fi].Key == key {
			k.session.Open(app.Screen{ID: app.ScreenForm, Param: code, Index: i})
			return
		}
	}
	t.Fatalf("%s asks no field %s", code, key)
}

// typeLetters taps the keyboard's letter keys.
func typeLetters(t *testing.T, k *testKiosk, letters string) {
	t.Helper()
	for _, r := range strings.ToUpper(letters) {
		if r == '\'' {
			k.tap(t, "分隔符")
			continue
		}
		k.tap(t, "字母"+string(r))
	}
}

func requireDict(t *testing.T) {
	t.Helper()
	if _, err := pinyin.Load(pinyin.DefaultPath); err != nil {
		t.Fatalf("the pinyin keyboard needs its dictionary (packaging/dev-deps.sh installs %s): %v", pinyin.DebianPackage, err)
	}
}

func TestPinyinKeyboardTypesANameWordByWord(t *testing.T) {
	requireDict(t)
	k := newTestKiosk(t)
	openTextField(t, k, "GA-0501", "name")
	typeLetters(t, k, "zhangsan")
	if got := formOnShow(t, k).typed; got != "zhangsan" {
		t.Fatalf("typed %q", got)
	}
	k.tap(t, "张三")
	if got := k.session.Data().Field("name"); got != "张三" {
		t.Fatalf("name = %q, want 张三", got)
	}
	if formOnShow(t, k).typed != "" {
		t.Fatalf("letters left after choosing the whole word: %q", formOnShow(t, k).typed)
	}
	// Character by character: 张 keeps "feng", then 冯.
	typeLetters(t, k, "zhangfeng")
	k.tap(t, "张")
	if got := formOnShow(t, k).typed; got != "feng" {
		t.Fatalf("after 张 the letters left are %q, want feng", got)
	}
	k.tap(t, "冯")
	if got := k.session.Data().Field("name"); got != "张三张冯" {
		t.Fatalf("name = %q", got)
	}
	// Backspace removes a letter first, then a character.
	typeLetters(t, k, "li")
	k.key(fyne.KeyBackspace)
	if formOnShow(t, k).typed != "l" || k.session.Data().Field("name") != "张三张冯" {
		t.Fatalf("backspace with letters typed: typed %q name %q", formOnShow(t, k).typed, k.session.Data().Field("name"))
	}
	k.key(fyne.KeyBackspace)
	k.key(fyne.KeyBackspace)
	if formOnShow(t, k).typed != "" || k.session.Data().Field("name") != "张三张" {
		t.Fatalf("backspace without letters: typed %q name %q", formOnShow(t, k).typed, k.session.Data().Field("name"))
	}
	k.tap(t, "清空")
	if k.session.Data().Field("name") != "" {
		t.Fatal("清空 left the field filled")
	}
}

func TestPinyinKeyboardInitialsAndHardwareKeys(t *testing.T) {
	requireDict(t)
	k := newTestKiosk(t)
	openTextField(t, k, "SB-0203", "from_region")
	for _, r := range "bjs" { // a hardware keyboard types into the keyboard too
		k.rune(r)
	}
	k.tap(t, "北京市")
	if got := k.session.Data().Field("from_region"); got != "北京市" {
		t.Fatalf("from_region = %q", got)
	}
	// xi'an: the separator keeps 西安 from reading as 先.
	typeLetters(t, k, "xi'an")
	if got := k.itemNamed(t, "西安"); got == nil {
		t.Fatal("no 西安")
	}
	if cands := k.ui.Items()[1]; cands.Name != "西安" {
		t.Fatalf("first candidate for xi'an is %q, want 西安", cands.Name)
	}
	k.tap(t, "西安")
	if got := k.session.Data().Field("from_region"); got != "北京市西安" {
		t.Fatalf("from_region = %q", got)
	}
}

func TestPinyinKeyboardPagesAndLimits(t *testing.T) {
	requireDict(t)
	k := newTestKiosk(t)
	openTextField(t, k, "SB-0203", "to_region")
	typeLetters(t, k, "shi")
	first := k.ui.Items()[1].Name
	k.tap(t, "下一组候选")
	if k.ui.Items()[1].Name == first {
		t.Fatalf("下一组候选 showed the same first word %q", first)
	}
	k.tap(t, "上一组候选")
	if k.ui.Items()[1].Name != first {
		t.Fatalf("上一组候选 did not come back to %q", first)
	}
	// The field holds at most 30 characters: a word that does not fit is
	// refused with a message, and nothing is lost.
	k.tap(t, "清空")
	k.session.Data().SetField("to_region", strings.Repeat("市", 29))
	k.ui.redraw()
	typeLetters(t, k, "shanghai")
	k.tap(t, "上海")
	if got := k.session.Data().Field("to_region"); got != strings.Repeat("市", 29) {
		t.Fatalf("an over-long word changed the field to %q", got)
	}
	if formOnShow(t, k).fieldErr == nil || !strings.Contains(formOnShow(t, k).fieldErr.Problem, "30") {
		t.Fatalf("no length message: %+v", formOnShow(t, k).fieldErr)
	}
	if formOnShow(t, k).typed != "shanghai" {
		t.Fatalf("the letters were lost: %q", formOnShow(t, k).typed)
	}
}

func TestPinyinKeyboardAddressHasDigits(t *testing.T) {
	requireDict(t)
	k := newTestKiosk(t)
	openTextField(t, k, "QYKB-0101", "company_address")
	typeLetters(t, k, "jianguolu")
	k.tap(t, "建国")
	k.tap(t, "路")
	k.tap(t, "数字8")
	k.tap(t, "数字8")
	typeLetters(t, k, "hao")
	k.tap(t, "号")
	if got := k.session.Data().Field("company_address"); got != "建国路88号" {
		t.Fatalf("company_address = %q", got)
	}
}

func TestPinyinKeyboardByKeyboardAndVoice(t *testing.T) {
	requireDict(t)
	k := newTestKiosk(t)
	k.session.Start()
	k.session.SetMode(app.Mode{Voice: true})
	openTextField(t, k, "GA-0501", "name")
	// Focus the letter S by keyboard, type it with Enter: the focus stays
	// on S though the candidate words now come before it.
	for k.ui.Focused() == nil || k.ui.Focused().Name != "字母S" {
		k.key(fyne.KeyTab)
	}
	k.voice.Recorder.Reset()
	k.key(fyne.KeyReturn)
	if formOnShow(t, k).typed != "s" {
		t.Fatalf("Enter on 字母S typed %q", formOnShow(t, k).typed)
	}
	if f := k.ui.Focused(); f == nil || f.Name != "字母S" {
		t.Fatalf("focus moved to %+v after typing", f)
	}
	if said := strings.Join(k.said(), "|"); !strings.Contains(said, "拼音 s") || !strings.Contains(said, "第一个候选") {
		t.Fatalf("typing was not spoken: %q", said)
	}
	for _, e := range k.voice.Recorder.Events() {
		if strings.Contains(e.Utterance.Text, "拼音") && !e.Utterance.Private {
			t.Fatalf("the typed pinyin was spoken as a public (cacheable) prompt: %q", e.Utterance.Text)
		}
	}
	// The first candidate follows the value box in focus order.
	k.key(fyne.KeyTab) // from S onwards, wrapping round to the top
	for k.ui.Focused() != k.ui.Items()[1] {
		k.key(fyne.KeyTab)
	}
	word := k.ui.Focused().Name
	k.key(fyne.KeyReturn)
	if got := k.session.Data().Field("name"); got != word {
		t.Fatalf("Enter on %q filled %q", word, got)
	}
}

func TestPinyinKeyboardWithoutDictionary(t *testing.T) {
	k := newTestKiosk(t)
	k.ui.deps.PinyinPath = "/nonexistent/pinyin_simp.dict.yaml"
	openTextField(t, k, "GA-0501", "name")
	for _, it := range k.ui.Items() {
		if strings.HasPrefix(it.Name, "字母") {
			t.Fatalf("letters shown without a dictionary: %q", it.Name)
		}
	}
	k.itemNamed(t, "呼叫工作人员")
}

func TestPinyinKeyboardAudit(t *testing.T) {
	requireDict(t)
	for _, mode := range []app.Mode{{}, {Elder: true}, {Elder: true, HighContrast: true, Voice: true}} {
		k := newTestKiosk(t)
		k.session.Start()
		k.session.SetMode(mode)
		for _, code := range []string{"QYKB-0101", "GA-0501"} {
			key := map[string]string{"QYKB-0101": "company_address", "GA-0501": "name"}[code]
			openTextField(t, k, code, key)
			typeLetters(t, k, "shi")
			auditScreen(t, k, "pinyin keyboard "+code)
			requireAboveFooter(t, k, "pinyin keyboard "+code)
		}
	}
}

// requireAboveFooter fails when a focusable item of the page reaches into
// the footer (the page is taller than the screen) or off its sides.
func requireAboveFooter(t *testing.T, k *testKiosk, where string) {
	t.Helper()
	footer := absPos(k.itemNamed(t, "呼叫工作人员").Object, k.ui.root).Y
	width := k.ui.root.Size().Width
	for _, it := range k.ui.view.Items { // the page's own, not the frame's
		pos, size := absPos(it.Object, k.ui.root), it.Object.Size()
		if bottom := pos.Y + size.Height; bottom > footer {
			t.Errorf("%s: %q ends at y=%.0f, below the footer's top %.0f", where, it.Name, bottom, footer)
		}
		if pos.X < 0 || pos.X+size.Width > width {
			t.Errorf("%s: %q spans x=%.0f..%.0f, off the %.0f wide screen", where, it.Name, pos.X, pos.X+size.Width, width)
		}
	}
}

func TestPinyinKeyboardFitsPortrait(t *testing.T) {
	requireDict(t)
	for _, mode := range []app.Mode{{}, {Elder: true}} {
		k := newTestKioskSized(t, fyne.NewSize(portraitW, portraitH))
		k.session.Start()
		k.session.SetMode(mode)
		openTextField(t, k, "QYKB-0101", "company_address")
		typeLetters(t, k, "shi")
		requireAboveFooter(t, k, "portrait pinyin keyboard")
	}
}
