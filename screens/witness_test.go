package screens

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"hallkiosk/app"
	"hallkiosk/app/audit"
	"hallkiosk/app/staff"
	"hallkiosk/devices/camera"
)

// witnessAt gives the test kiosk a member of staff (1001, PIN 480215) on
// a real account store and audit log, and a call to the window that ends
// with callErr.
func witnessAt(t *testing.T, k *testKiosk, callErr error) *audit.Log {
	t.Helper()
	dir := t.TempDir()
	al, err := audit.Open(filepath.Join(dir, audit.FileName), audit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { al.Close() })
	st, err := staff.Open(filepath.Join(dir, staff.FileName), staff.Options{Audit: al, Params: staff.Params{Time: 1, MemoryKiB: 8 << 10, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Add(context.Background(), "1001", staff.RoleAssistant, "480215", "test"); err != nil {
		t.Fatal(err)
	}
	k.ui.deps.Witness = &staff.Witness{Checker: st, Audit: al, Terminal: "T",
		Caller: func(context.Context, string) error { return callErr }}
	return al
}

// typeStaff types on the witness screen's pad: the staff ID, then the PIN.
func typeStaff(t *testing.T, k *testKiosk, id, pin string) {
	t.Helper()
	k.itemNamed(t, "工号：").Activate()
	for _, d := range id {
		k.ui.screens.current.(*witnessScreen).onKey(string(d))
	}
	k.itemNamed(t, "密码：").Activate()
	for _, d := range pin {
		k.ui.screens.current.(*witnessScreen).onKey(string(d))
	}
}

// TestWitnessOnTheKiosk: 请工作人员核验 calls the staff and says so once
// the call was stored; the member of staff types their ID and PIN on the
// kiosk (the PIN never shown nor spoken), must tick that they compared
// the card with the person, and the journey goes on with an audit row.
func TestWitnessOnTheKiosk(t *testing.T) {
	k := newTestKiosk(t)
	al := witnessAt(t, k, nil)
	openFace(t, k, camera.NewFake(), "GA-0502", app.Mode{Voice: true})
	k.itemNamed(t, "请工作人员核验").Activate()
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenWitness {
		t.Fatalf("went to %+v", scr)
	}
	if !strings.Contains(shownAndSaid(k), "已通知工作人员") {
		t.Fatalf("the stored call is not told: %q", pageTexts(k))
	}
	auditScreen(t, k, "witness on the kiosk")
	typeStaff(t, k, "1001", "480215")
	if strings.Contains(strings.Join(pageTexts(k), "|"), "480215") || strings.Contains(strings.Join(k.said(), "|"), "480215") {
		t.Fatal("the PIN is shown or spoken")
	}
	k.itemNamed(t, "确认核验").Activate()
	if in := k.ui.view.Instruction; !strings.Contains(in, "当面核对身份证与本人") || k.session.Data().Identity() != "" {
		t.Fatalf("passed without the staff's tick: %q", in)
	}
	// The ID stays typed; the PIN is asked again.
	typeStaff(t, k, "", "480215")
	k.itemNamed(t, "点此确认：我已当面核对身份证与本人").Activate()
	k.itemNamed(t, "确认核验").Activate()
	if k.session.Data().Identity() == "" || k.session.Snapshot().Screen.ID == app.ScreenWitness {
		t.Fatalf("after the staff's check: %+v, %q", k.session.Snapshot().Screen, k.ui.view.Instruction)
	}
	rows, err := al.Last(context.Background(), 1)
	if err != nil || len(rows) != 1 || rows[0].Action != "identity.witness" || rows[0].Actor != "1001" {
		t.Fatalf("audit %+v %v", rows, err)
	}
}

// TestWitnessWrongPINAndNoLink: with no link to the window the screen
// never says staff were told, a wrong PIN is said plainly, and the card
// stays.
func TestWitnessWrongPINAndNoLink(t *testing.T) {
	k := newTestKiosk(t)
	witnessAt(t, k, app.ErrNoStaffLink)
	openFace(t, k, camera.NewFake(), "GA-0502", app.Mode{})
	k.itemNamed(t, "请工作人员核验").Activate()
	all := shownAndSaid(k)
	if strings.Contains(all, "已通知") || !strings.Contains(all, "联系不上工作人员") || !strings.Contains(all, "网办优先窗口") {
		t.Fatalf("with no link: %q", all)
	}
	typeStaff(t, k, "1001", "111111")
	k.itemNamed(t, "点此确认：我已当面核对身份证与本人").Activate()
	k.itemNamed(t, "确认核验").Activate()
	if in := k.ui.view.Instruction; !strings.Contains(in, "工号或密码不正确") {
		t.Fatalf("wrong PIN: %q", in)
	}
	if k.session.Data().Identity() != "" || k.session.Data().Card() == nil {
		t.Fatal("a wrong PIN passed or lost the card")
	}
	auditScreen(t, k, "witness wrong PIN")
	k.itemNamed(t, "返回刷脸").Activate()
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenFace || k.session.Data().Card() == nil {
		t.Fatalf("back: %+v", scr)
	}
}

// TestRecordsWithoutACamera: 进度查询 on a kiosk without a camera offers
// the code to the phone on file and the staff's check, and the code leads
// to the records; never a dead end.
func TestRecordsWithoutACamera(t *testing.T) {
	k := newTestKiosk(t)
	k.ui.deps.OnFile = app.NewOnFile(k.session, onFilePortal{})
	openFace(t, k, nil, app.PurposeProgress, app.Mode{})
	for _, name := range []string{"短信验证码核验", "请工作人员核验", "回到首页"} {
		if !hasItem(k, name) {
			t.Fatalf("no %q on 进度查询's face screen: %v", name, k.ui.Items())
		}
	}
	if all := shownAndSaid(k); !strings.Contains(all, "网办优先窗口") || !strings.Contains(all, "12345") {
		t.Errorf("the window and the hotline are not named: %q", all)
	}
	auditScreen(t, k, "records face without a camera")
	k.itemNamed(t, "短信验证码核验").Activate()
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenIDCode || scr.Param != app.PurposeProgress {
		t.Fatalf("went to %+v", scr)
	}
	k.itemNamed(t, "发送验证码").Activate()
	pad := k.ui.screens.current.(*idCodeScreen)
	for _, d := range "123456" {
		pad.onKey(string(d))
	}
	k.itemNamed(t, "验证").Activate()
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenProgress || k.session.Data().Identity() == "" {
		t.Fatalf("after the code: %+v, identity %q", scr, k.session.Data().Identity())
	}
}
