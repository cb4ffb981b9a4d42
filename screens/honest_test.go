package screens

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hallkiosk/app"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard/idcardsim"
	"hallkiosk/screens/typeset"
)

// pageTexts is every text drawn on the current screen, header and footer
// included.
func pageTexts(k *testKiosk) []string {
	var out []string
	for _, o := range test.LaidOutObjects(k.ui.root) {
		switch w := o.(type) {
		case *typeset.Text:
			out = append(out, w.Text)
		case *tapButton:
			out = append(out, w.Title)
		}
	}
	return out
}

// shownAndSaid is everything on the screen and everything queued for
// speech, one string to search.
func shownAndSaid(k *testKiosk) string {
	return strings.Join(append(pageTexts(k), k.said()...), "|")
}

func hasItem(k *testKiosk, name string) bool {
	for _, it := range k.ui.Items() {
		if it.Name == name {
			return true
		}
	}
	return false
}

// TestCallStaffWithoutLinkSendsToTheWindow: with no staff link the screen
// never says anyone was told; it shows and says where help is, the window
// and the hotline read digit by digit, in 长辈版 and in voice navigation.
func TestCallStaffWithoutLinkSendsToTheWindow(t *testing.T) {
	for _, tc := range []struct {
		name string
		call func(context.Context) error
		mode app.Mode
	}{
		{"no caller, 长辈版", nil, app.Mode{Elder: true}},
		{"NoStaffLink, voice", app.NoStaffLink, app.Mode{Voice: true}},
		{"failing link, 长辈版 voice", func(context.Context) error { return errors.New("bus down") }, app.Mode{Elder: true, Voice: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newTestKiosk(t)
			k.ui.deps.CallStaff = tc.call
			k.session.Start()
			k.session.SetMode(tc.mode)
			k.voice.Recorder.Reset()
			k.key(fyne.KeyF12)
			if id := k.session.Snapshot().Screen.ID; id != app.ScreenCallStaff {
				t.Fatalf("F12 opened %s", id)
			}
			all := shownAndSaid(k)
			for _, lie := range []string{"已通知", "马上", "稍候"} {
				if strings.Contains(all, lie) {
					t.Errorf("without a staff link the screen claims %q: %s", lie, all)
				}
			}
			for _, want := range []string{"网办优先窗口", "12345"} {
				if !strings.Contains(strings.Join(pageTexts(k), "|"), want) {
					t.Errorf("the screen does not show %q: %q", want, pageTexts(k))
				}
			}
			if last := k.lastSaid(); !strings.Contains(strings.Join(k.said(), "|"), "网办优先窗口") || !strings.Contains(strings.Join(k.said(), "|"), "幺 二 三 四 五") {
				t.Errorf("the window and the hotline digit by digit are not spoken (last %q): %q", last, k.said())
			}
			k.voice.Recorder.Reset()
			k.key(fyne.KeyF1)
			if h := strings.Join(k.said(), "|"); !strings.Contains(h, "网办优先窗口") || !strings.Contains(h, "幺 二 三 四 五") {
				t.Errorf("help said %q", h)
			}
			auditScreen(t, k, tc.name)
		})
	}
}

// TestCallStaffThatReachesSomeoneSaysSo: 已通知 only when the call was
// delivered, and the call goes once however often the screen is drawn.
func TestCallStaffThatReachesSomeoneSaysSo(t *testing.T) {
	k := newTestKiosk(t)
	calls := 0
	k.ui.deps.CallStaff = func(context.Context) error { calls++; return nil }
	k.session.Start()
	k.session.SetMode(app.Mode{Voice: true})
	k.voice.Recorder.Reset()
	k.ui.callStaff()
	if !strings.Contains(strings.Join(pageTexts(k), "|"), "已通知工作人员") {
		t.Fatalf("a delivered call is not shown: %q", pageTexts(k))
	}
	if !strings.Contains(strings.Join(k.said(), "|"), "已通知工作人员") {
		t.Fatalf("a delivered call is not spoken: %q", k.said())
	}
	k.session.SetMode(app.Mode{Voice: true, Elder: true}) // drawn again
	if calls != 1 {
		t.Fatalf("the staff were called %d times", calls)
	}
	auditScreen(t, k, "call reached")
}

// TestCallStaffAcceptedSaysStaffAreComing: once staff accept the call at
// the window, the screen shows and says 工作人员正在赶来.
func TestCallStaffAcceptedSaysStaffAreComing(t *testing.T) {
	k := newTestKiosk(t)
	k.ui.deps.CallStaff = func(context.Context) error { return nil }
	k.session.Start()
	k.session.SetMode(app.Mode{Voice: true})
	k.ui.callStaff()
	if strings.Contains(strings.Join(pageTexts(k), "|"), "正在赶来") {
		t.Fatal("staff are coming before anyone accepted the call")
	}
	k.voice.Recorder.Reset()
	k.ui.deps.Journeys.StaffAccepted(k.session.Snapshot().Seq)
	if !strings.Contains(strings.Join(pageTexts(k), "|"), "工作人员正在赶来") {
		t.Fatalf("an accepted call is not shown: %q", pageTexts(k))
	}
	if !strings.Contains(strings.Join(k.said(), "|"), "工作人员正在赶来") {
		t.Fatalf("an accepted call is not spoken: %q", k.said())
	}
	auditScreen(t, k, "call accepted")
}

// fakeIdentityPortal accepts every face.
type fakeIdentityPortal struct{}

func (fakeIdentityPortal) StartIdentitySession(context.Context, portal.IdentityRequest) (portal.IdentitySession, error) {
	return portal.IdentitySession{IdentityToken: "tok"}, nil
}

// openFace puts a citizen with a read card on the face screen of code.
func openFace(t *testing.T, k *testKiosk, cam camera.Camera, code string, mode app.Mode) {
	t.Helper()
	k.ui.deps.Identity = &app.Identity{Session: k.session, Portal: fakeIdentityPortal{}, Camera: cam}
	k.session.Start()
	k.session.SetMode(mode)
	k.session.Data().SetCard(idcardsim.SampleCards()[0])
	k.voice.Recorder.Reset()
	k.session.Open(app.Screen{ID: app.ScreenFace, Param: code})
}

// TestFaceWithoutCameraSaysSoBeforeAnyTap: no "开始核验" that cannot work
// and no "再试一次": the screen says there is no camera and offers the
// window and the hotline, before the citizen touches anything.
func TestFaceWithoutCameraSaysSoBeforeAnyTap(t *testing.T) {
	for _, mode := range []app.Mode{{Elder: true}, {Voice: true}} {
		k := newTestKiosk(t)
		openFace(t, k, nil, "GJJ-0301", mode) // requires the face check
		all := shownAndSaid(k)
		for _, want := range []string{"摄像头", "网办优先窗口", "12345"} {
			if !strings.Contains(strings.Join(pageTexts(k), "|"), want) {
				t.Errorf("%v: the screen does not show %q: %q", mode, want, pageTexts(k))
			}
		}
		if !strings.Contains(all, "幺 二 三 四 五") || !strings.Contains(strings.Join(k.said(), "|"), "摄像头") {
			t.Errorf("%v: no camera and the hotline are not spoken: %q", mode, k.said())
		}
		if strings.Contains(all, "再试") || strings.Contains(all, "再点一次") {
			t.Errorf("%v: asks to try again what cannot work: %s", mode, all)
		}
		if hasItem(k, "开始核验") || hasItem(k, "不核验，继续办理") {
			t.Errorf("%v: offers a check that cannot run, or skipping one the service requires", mode)
		}
		if !hasItem(k, "回到首页") {
			t.Errorf("%v: no way on", mode)
		}
		auditScreen(t, k, "face without camera")
	}
}

// TestFaceUnpluggedDuringTheCheckIsADeadEnd: the camera goes while the
// citizen is on the screen: the try fails with "no camera" and the screen
// stops offering the check.
func TestFaceUnpluggedDuringTheCheckIsADeadEnd(t *testing.T) {
	k := newTestKiosk(t)
	cam := camera.NewFake()
	openFace(t, k, cam, "GJJ-0301", app.Mode{Elder: true})
	if !hasItem(k, "开始核验") {
		t.Fatal("a kiosk with a camera does not offer the check")
	}
	auditScreen(t, k, "face with camera")
	cam.Unplug()
	k.itemNamed(t, "开始核验").Activate()
	k.clock.Advance(3 * time.Second) // the countdown
	if hasItem(k, "开始核验") || !strings.Contains(k.ui.view.Instruction, "网办优先窗口") {
		t.Fatalf("after the camera went: items %v, instruction %q", k.ui.Items(), k.ui.view.Instruction)
	}
	if all := shownAndSaid(k); strings.Contains(all, "再试") {
		t.Fatalf("asks to try again: %s", all)
	}
}

// TestFaceOptionalServiceOffersToGoOn: where the service does not need the
// check, the screen without a camera lets the citizen go on without it.
func TestFaceOptionalServiceOffersToGoOn(t *testing.T) {
	k := newTestKiosk(t)
	openFace(t, k, nil, "SB-0201", app.Mode{}) // requires_face false
	k.itemNamed(t, "不核验，继续办理").Activate()
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenForm || scr.Param != "SB-0201" {
		t.Fatalf("went to %+v", scr)
	}
}

// feedbackQueue stores feedback, or fails while fail is set; it records
// the instruction on screen while it works.
type feedbackQueue struct {
	fail   bool
	stored []portal.Feedback
	k      *testKiosk
	during string
}

func (q *feedbackQueue) Submit(context.Context, time.Duration, portal.Application, ...outbox.Material) (outbox.Receipt, error) {
	return outbox.Receipt{}, errors.New("not here")
}
func (q *feedbackQueue) AddRating(context.Context, portal.Rating) (outbox.Receipt, error) {
	return outbox.Receipt{}, nil
}
func (q *feedbackQueue) AddFeedback(_ context.Context, f portal.Feedback) (outbox.Receipt, error) {
	q.during = strings.Join(pageTexts(q.k), "|")
	if q.fail {
		return outbox.Receipt{}, errors.New("database is locked")
	}
	q.stored = append(q.stored, f)
	return outbox.Receipt{Key: "fb"}, nil
}

func openFeedback(t *testing.T, k *testKiosk, q app.Queue) {
	t.Helper()
	k.ui.deps.Submitter = &app.Submitter{Session: k.session, Queue: q, DeviceID: "T"}
	k.session.Start()
	k.session.SetMode(app.Mode{Elder: true})
	k.session.Open(app.Screen{ID: app.ScreenFeedback})
	k.itemNamed(t, "服务态度").Activate()
	k.voice.Recorder.Reset()
}

// TestFeedbackThanksOnlyWhenStored: a failure is shown and spoken with
// what to do, the thanks come only once the feedback is stored, and a
// busy state shows while it is being stored.
func TestFeedbackThanksOnlyWhenStored(t *testing.T) {
	k := newTestKiosk(t)
	q := &feedbackQueue{fail: true, k: k}
	openFeedback(t, k, q)
	k.itemNamed(t, "工作人员很热情").Activate()
	if !strings.Contains(q.during, "正在提交") {
		t.Errorf("no busy state while storing: %q", q.during)
	}
	all := shownAndSaid(k)
	if strings.Contains(all, "谢谢") {
		t.Fatalf("thanks for feedback that was not stored: %s", all)
	}
	for _, want := range []string{"没有提交成功", "再点一次", "网办优先窗口"} {
		if !strings.Contains(k.ui.view.Instruction, want) || !strings.Contains(strings.Join(k.said(), "|"), want) {
			t.Errorf("failure: %q is not shown and spoken: instruction %q, said %q", want, k.ui.view.Instruction, k.said())
		}
	}
	auditScreen(t, k, "feedback failed")

	q.fail = false
	k.voice.Recorder.Reset()
	k.itemNamed(t, "工作人员很热情").Activate()
	if len(q.stored) != 1 || q.stored[0].Text != "工作人员很热情" {
		t.Fatalf("stored %+v", q.stored)
	}
	if !strings.Contains(k.ui.view.Instruction, "谢谢") || !strings.Contains(strings.Join(k.said(), "|"), "谢谢") {
		t.Fatalf("stored feedback not thanked: %q, said %q", k.ui.view.Instruction, k.said())
	}
}

// TestFeedbackWithoutQueueSendsToTheWindow: a kiosk that cannot store
// anything does not ask to try again.
func TestFeedbackWithoutQueueSendsToTheWindow(t *testing.T) {
	k := newTestKiosk(t)
	openFeedback(t, k, nil)
	k.itemNamed(t, "工作人员很热情").Activate()
	all := shownAndSaid(k)
	if strings.Contains(all, "谢谢") || strings.Contains(all, "再点一次") {
		t.Fatalf("without a queue: %s", all)
	}
	if !strings.Contains(k.ui.view.Instruction, "网办优先窗口") || !strings.Contains(strings.Join(k.said(), "|"), "幺 二 三 四 五") {
		t.Fatalf("without a queue: instruction %q, said %q", k.ui.view.Instruction, k.said())
	}
	auditScreen(t, k, "feedback without queue")
}

// TestHonestScreensFitEveryShape: the variants the audit's sample screens
// do not reach (a face screen with a camera, one that may be skipped, a
// call that reached someone, a failed feedback) fit wide and upright
// kiosks, in the standard look and in 长辈版.
func TestHonestScreensFitEveryShape(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(landscapeW, landscapeH), fyne.NewSize(portraitW, portraitH)} {
		for _, mode := range []app.Mode{{}, {Elder: true}} {
			where := func(what string) string {
				return fmt.Sprintf("%.0fx%.0f elder=%v %s", size.Width, size.Height, mode.Elder, what)
			}
			k := newTestKioskSized(t, size)
			openFace(t, k, camera.NewFake(), "GJJ-0301", mode)
			requireAboveFooter(t, k, where("face with camera"))
			k = newTestKioskSized(t, size)
			openFace(t, k, nil, "SB-0201", mode)
			requireAboveFooter(t, k, where("face optional without camera"))
			k = newTestKioskSized(t, size)
			k.ui.deps.CallStaff = func(context.Context) error { return nil }
			k.session.Start()
			k.session.SetMode(mode)
			k.ui.callStaff()
			requireAboveFooter(t, k, where("call reached"))
			k = newTestKioskSized(t, size)
			openFeedback(t, k, &feedbackQueue{fail: true, k: k})
			k.session.SetMode(mode)
			k.itemNamed(t, "工作人员很热情").Activate()
			requireAboveFooter(t, k, where("feedback failed"))
		}
	}
}

// TestServicePageSaysWhenNothingCanBeStored: a kiosk that cannot keep an
// application (no outbox it can trust) says so on the service page, and
// where to go, instead of letting the citizen fill a form first.
func TestServicePageSaysWhenNothingCanBeStored(t *testing.T) {
	k := newTestKiosk(t)
	k.ui.deps.Journeys = nil
	k.ui.deps.Submitter = &app.Submitter{Session: k.session} // no queue
	k.session.Start()
	k.session.Open(app.Screen{ID: app.ScreenService, Param: "SB-0201"})
	for _, it := range k.ui.Items() {
		if it.Name == "开始办理" {
			t.Fatal("开始办理 offered on a kiosk that cannot keep the application")
		}
	}
	k.itemNamed(t, "回到首页")
	if v := k.ui.view; v == nil || !strings.Contains(v.Instruction, "网办优先窗口") {
		t.Fatalf("instruction %q does not send the citizen to the window", v.Instruction)
	}
}
