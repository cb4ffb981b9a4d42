package screens

import (
	"context"
	"strings"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/portal"
	"hallkiosk/devices/camera"
)

// onFilePortal is a portal that knows one phone on file, masked, and the
// code 123456; none when noPhone.
type onFilePortal struct {
	fakeIdentityPortal
	noPhone bool
}

func (p onFilePortal) SendSMSOnFile(context.Context, string) (portal.SMSChallenge, error) {
	if p.noPhone {
		return portal.SMSChallenge{}, &portal.Error{Status: 404, Code: portal.CodeNoPhoneOnFile}
	}
	return portal.SMSChallenge{ChallengeID: "c1", PhoneMasked: "138****1234"}, nil
}

func (onFilePortal) VerifySMS(_ context.Context, _, code string) error {
	if code != "123456" {
		return &portal.Error{Status: 403, Code: portal.CodeSMSCodeWrong}
	}
	return nil
}

// TestFaceOffersTheServicesAlternatives: "不方便刷脸？" offers what the
// service allows — SMS and staff for 养老金资格认证, only staff for 居住证,
// nothing for a face-only service — with a camera and without one.
func TestFaceOffersTheServicesAlternatives(t *testing.T) {
	for _, cam := range []camera.Camera{camera.NewFake(), nil} {
		for code, want := range map[string][]string{
			"SB-0202":  {"短信验证码核验", "请工作人员核验"},
			"GA-0502":  {"请工作人员核验"},
			"BDC-0401": {},
		} {
			k := newTestKiosk(t)
			k.ui.deps.OnFile = app.NewOnFile(k.session, onFilePortal{})
			openFace(t, k, cam, code, app.Mode{})
			for _, name := range []string{"短信验证码核验", "请工作人员核验"} {
				wanted := strings.Contains(strings.Join(want, "|"), name)
				if hasItem(k, name) != wanted {
					t.Errorf("%s (camera %v): item %q shown %v, want %v", code, cam != nil, name, !wanted, wanted)
				}
			}
			auditScreen(t, k, "face alternatives "+code)
		}
	}
}

// TestSMSOnFileScreens: choosing the SMS check opens the code screen, the
// code goes to the masked phone on file, a right code moves on.
func TestSMSOnFileScreens(t *testing.T) {
	k := newTestKiosk(t)
	k.ui.deps.OnFile = app.NewOnFile(k.session, onFilePortal{})
	openFace(t, k, nil, "SB-0202", app.Mode{})
	k.itemNamed(t, "短信验证码核验").Activate()
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenIDCode {
		t.Fatalf("went to %+v", scr)
	}
	auditScreen(t, k, "id code before sending")
	k.itemNamed(t, "发送验证码").Activate()
	if !strings.Contains(k.ui.view.Instruction, "138****1234") {
		t.Fatalf("instruction %q", k.ui.view.Instruction)
	}
	pad := k.ui.screens.current.(*idCodeScreen)
	for _, d := range "123456" {
		pad.onKey(string(d))
	}
	if strings.Contains(strings.Join(k.said(), "|"), "123456") {
		t.Error("the code was spoken")
	}
	k.itemNamed(t, "验证").Activate()
	// The card fills every field of SB-0202: straight on to review.
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenConfirm || k.session.Data().Identity() == "" {
		t.Fatalf("after the code: %+v, identity %q", scr, k.session.Data().Identity())
	}
}

// TestNoPhoneOnFileSendsToTheWindow: the portal holds no phone: said
// plainly, with the window.
func TestNoPhoneOnFileSendsToTheWindow(t *testing.T) {
	k := newTestKiosk(t)
	k.ui.deps.OnFile = app.NewOnFile(k.session, onFilePortal{noPhone: true})
	openFace(t, k, camera.NewFake(), "SB-0202", app.Mode{})
	k.itemNamed(t, "短信验证码核验").Activate()
	k.itemNamed(t, "发送验证码").Activate()
	if in := k.ui.view.Instruction; !strings.Contains(in, "没有您登记的手机号码") || !strings.Contains(in, "网办优先窗口") {
		t.Fatalf("instruction %q", in)
	}
}

// TestWitnessWithoutStaffSignInSendsToTheWindow: no staff can sign at this
// kiosk: the screen sends the citizen to the window and claims nothing.
func TestWitnessWithoutStaffSignInSendsToTheWindow(t *testing.T) {
	k := newTestKiosk(t)
	openFace(t, k, camera.NewFake(), "GA-0502", app.Mode{})
	k.itemNamed(t, "请工作人员核验").Activate()
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenWitness {
		t.Fatalf("went to %+v", scr)
	}
	if in := k.ui.view.Instruction; !strings.Contains(in, "网办优先窗口") || hasItem(k, "工作人员确认") {
		t.Fatalf("instruction %q, items %v", in, k.ui.Items())
	}
	all := shownAndSaid(k)
	for _, claim := range []string{"马上", "正在赶来", "已通知"} {
		if strings.Contains(all, claim) {
			t.Errorf("claims %q", claim)
		}
	}
	auditScreen(t, k, "witness")
}

// TestLostCardOffersAWayWithoutTheCard: 身份证补领预约's card screen offers
// to go on without the card; a service whose only alternative is the
// staff's check does not.
func TestLostCardOffersAWayWithoutTheCard(t *testing.T) {
	k := newTestKiosk(t)
	k.ui.deps.OnFile = app.NewOnFile(k.session, onFilePortal{})
	k.session.Start()
	k.session.Open(app.Screen{ID: app.ScreenIDCard, Param: "GA-0502"})
	if hasItem(k, "没有身份证？用登记的手机号核验") {
		t.Error("GA-0502 (staff check only) offers going without the card")
	}
	k.session.Open(app.Screen{ID: app.ScreenIDCard, Param: "GA-0501"})
	k.itemNamed(t, "没有身份证？用登记的手机号核验").Activate()
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenForm || scr.Param != "GA-0501" {
		t.Fatalf("went to %+v", scr)
	}
}

// TestFaceConsentPreviewAndCountdown: the screen says what is taken, what
// for, that nothing is kept and that there are other ways, before anyone
// taps; 开始核验 counts down three seconds (shown and spoken), then checks.
func TestFaceConsentPreviewAndCountdown(t *testing.T) {
	k := newTestKiosk(t)
	openFace(t, k, camera.NewFake(), "GJJ-0301", app.Mode{Elder: true})
	texts := strings.Join(pageTexts(k), "|")
	for _, want := range []string{"面部照片", "身份证照片比对", "不在本机保存", "其他方式"} {
		if !strings.Contains(texts, want) {
			t.Errorf("the consent lacks %q: %q", want, texts)
		}
	}
	k.itemNamed(t, "开始核验").Activate()
	if hasItem(k, "开始核验") {
		t.Error("开始核验 still offered during the countdown")
	}
	k.clock.Advance(time.Second)
	k.clock.Advance(time.Second)
	if k.session.Data().Identity() != "" {
		t.Fatal("checked before the countdown ended")
	}
	said := strings.Join(k.said(), "|")
	for _, n := range []string{"三", "二", "一"} {
		if !strings.Contains(said, n) {
			t.Errorf("the countdown does not say %q: %q", n, said)
		}
	}
	k.clock.Advance(time.Second)
	if k.session.Data().Identity() == "" {
		t.Fatal("no check after the countdown")
	}
	if scr := k.session.Snapshot().Screen; scr.ID == app.ScreenFace {
		t.Fatalf("still on the face screen")
	}
}

// TestFaceCountdownStopsWhenTheCitizenLeaves: leaving during the countdown
// checks nothing.
func TestFaceCountdownStopsWhenTheCitizenLeaves(t *testing.T) {
	k := newTestKiosk(t)
	openFace(t, k, camera.NewFake(), "GJJ-0301", app.Mode{})
	k.itemNamed(t, "开始核验").Activate()
	k.session.Back()
	k.clock.Advance(5 * time.Second)
	if k.session.Data().Identity() != "" {
		t.Fatal("checked after the citizen left")
	}
}
