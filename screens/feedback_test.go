package screens

import (
	"context"
	"strings"
	"testing"

	"hallkiosk/app"
)

// TestFeedbackFailureKeepsTheChoice: after a failed store the topic and
// the phrase tried stay marked, for the citizen to tap it again, and the
// journey's snapshot names the problem.
func TestFeedbackFailureKeepsTheChoice(t *testing.T) {
	k := newTestKiosk(t)
	q := &feedbackQueue{fail: true, k: k}
	openFeedback(t, k, q)
	k.session.SetMode(app.Mode{Voice: true})
	k.itemNamed(t, "希望工作人员多帮老年人").Activate()
	if st := k.itemNamed(t, "服务态度").StateText(); st != "已选中" {
		t.Errorf("the topic lost its mark: %q", st)
	}
	if st := k.itemNamed(t, "希望工作人员多帮老年人").StateText(); st != "已选中" {
		t.Errorf("the phrase tried is not marked: %q", st)
	}
	if st := k.itemNamed(t, "工作人员很热情").StateText(); st != "" {
		t.Errorf("a phrase not tried is marked: %q", st)
	}
	if s, ok := k.ui.deps.Journeys.Snapshot(); !ok || s.Journey != "feedback" || s.Problem != "failed" || s.Text != "希望工作人员多帮老年人" {
		t.Errorf("journey snapshot %+v", s)
	}
	auditScreen(t, k, "feedback failed, choice kept")
}

// TestFeedbackAgainFromHome: a citizen thanked for one feedback who comes
// back to 意见建议 starts a new one, not the thanks again.
func TestFeedbackAgainFromHome(t *testing.T) {
	k := newTestKiosk(t)
	q := &feedbackQueue{k: k}
	openFeedback(t, k, q)
	k.session.SetMode(app.Mode{})
	k.itemNamed(t, "工作人员很热情").Activate()
	if !strings.Contains(k.ui.view.Instruction, "谢谢") {
		t.Fatalf("not thanked: %q", k.ui.view.Instruction)
	}
	k.itemNamed(t, "回到首页").Activate()
	k.itemNamed(t, "意见建议").Activate()
	if k.session.Snapshot().Screen.ID != app.ScreenFeedback || strings.Contains(k.ui.view.Instruction, "谢谢") {
		t.Fatalf("again: %s, %q", k.session.Snapshot().Screen.ID, k.ui.view.Instruction)
	}
	k.itemNamed(t, "办事效率").Activate()
	k.itemNamed(t, "办得很快").Activate()
	if len(q.stored) != 2 || q.stored[1].Category != "efficiency" {
		t.Fatalf("stored %+v", q.stored)
	}
}

// TestCallStaffMidApplicationKeepsIt: 呼叫工作人员 from the middle of an
// application, then 好的: the citizen is back where they were, in the
// same journey.
func TestCallStaffMidApplicationKeepsIt(t *testing.T) {
	k := newTestKiosk(t)
	calls := 0
	k.ui.deps.CallStaff = func(context.Context) error { calls++; return nil }
	k.session.Start()
	j := k.ui.applying("SB-0201")
	j.Begin()
	from := k.session.Snapshot().Screen
	k.itemNamed(t, "呼叫工作人员").Activate()
	if !strings.Contains(k.ui.view.Instruction, "已通知工作人员") || calls != 1 {
		t.Fatalf("the call: %d calls, %q", calls, k.ui.view.Instruction)
	}
	if k.ui.deps.Journeys.Active() != j {
		t.Fatal("calling the staff ended the application")
	}
	k.itemNamed(t, "好的").Activate()
	if got := k.session.Snapshot().Screen; got != from || k.ui.applying("SB-0201") != j {
		t.Fatalf("back at %+v (from %+v), same journey %v", got, from, k.ui.applying("SB-0201") == j)
	}
}
