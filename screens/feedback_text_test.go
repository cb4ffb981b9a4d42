package screens

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"hallkiosk/app"
)

// TestFeedbackInOwnWords: 自己写几句 — letters on the pinyin keyboard, a
// word chosen, a ready phrase added as a shortcut, a phone typed on the
// pad (shown masked, never whole), 12345 on show; 提交意见 stores the
// words, the topic and the phone.
func TestFeedbackInOwnWords(t *testing.T) {
	k := newTestKiosk(t)
	q := &feedbackQueue{k: k}
	openFeedback(t, k, q)
	k.session.SetMode(app.Mode{})
	k.itemNamed(t, "自己写几句").Activate()
	if !strings.Contains(shownAndSaid(k), "12345") {
		t.Error("the hotline is not on the screen")
	}
	for _, r := range "kuai" {
		k.itemNamed(t, "字母"+strings.ToUpper(string(r))).Activate()
	}
	var word string
	for _, it := range k.ui.Items() {
		if it.Hint == "第1个候选" {
			word = it.Name
			it.Activate()
			break
		}
	}
	if word == "" {
		t.Fatal("no candidate word for kuai")
	}
	k.itemNamed(t, "工作人员很热情").Activate()
	k.itemNamed(t, "联系电话").Activate()
	const phone = "13812344321"
	for _, d := range phone {
		k.itemNamed(t, string(d)).Activate()
	}
	if all := strings.Join(pageTexts(k), "|"); strings.Contains(all, phone) || strings.Contains(all, "1381234") {
		t.Errorf("the phone shows whole: %s", all)
	}
	k.itemNamed(t, "电话填好了").Activate()
	if !strings.Contains(strings.Join(pageTexts(k), "|"), "138****4321") {
		t.Errorf("the masked phone is not shown: %v", pageTexts(k))
	}
	auditScreen(t, k, "feedback writing")
	k.itemNamed(t, "提交意见").Activate()
	if len(q.stored) != 1 {
		t.Fatalf("stored %+v", q.stored)
	}
	if f := q.stored[0]; f.Category != "service" || f.Text != word+"，工作人员很热情" || f.Contact != phone {
		t.Errorf("stored %+v", f)
	}
	if !strings.Contains(k.ui.view.Instruction, "谢谢") {
		t.Errorf("not thanked: %q", k.ui.view.Instruction)
	}
}

// TestFeedbackNothingWritten: 提交意见 with nothing written says so and
// stores nothing.
func TestFeedbackNothingWritten(t *testing.T) {
	k := newTestKiosk(t)
	q := &feedbackQueue{k: k}
	openFeedback(t, k, q)
	k.itemNamed(t, "自己写几句").Activate()
	k.itemNamed(t, "提交意见").Activate()
	if len(q.stored) != 0 || !strings.Contains(k.ui.view.Instruction, "还没有写") {
		t.Errorf("stored %v, instruction %q", q.stored, k.ui.view.Instruction)
	}
}

// TestFeedbackWritingFits: the writing screen, keyboard and number pad,
// fits wide and upright, in both looks.
func TestFeedbackWritingFits(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(landscapeW, landscapeH), fyne.NewSize(portraitW, portraitH)} {
		for _, mode := range []app.Mode{{}, {Elder: true}} {
			k := newTestKioskSized(t, size)
			openFeedback(t, k, &feedbackQueue{k: k})
			k.session.SetMode(mode)
			k.itemNamed(t, "自己写几句").Activate()
			where := fmt.Sprintf("%.0fx%.0f elder=%v", size.Width, size.Height, mode.Elder)
			requireAboveFooter(t, k, where+" keyboard")
			k.itemNamed(t, "联系电话").Activate()
			requireAboveFooter(t, k, where+" phone pad")
		}
	}
}
