package screens

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"hallkiosk/app"
	"hallkiosk/app/portal"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard/idcardsim"
)

// fakeRecordsPortal lists five applications and two licenses, each
// license a one-page PDF.
type fakeRecordsPortal struct{ pdf []byte }

func (fakeRecordsPortal) Applications(context.Context, string) ([]portal.ApplicationStatus, error) {
	var out []portal.ApplicationStatus
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.Local)
	for i, status := range []string{portal.StatusApproved, portal.StatusInReview, portal.StatusNeedsSupplement,
		portal.StatusAccepted, portal.StatusReceived} {
		out = append(out, portal.ApplicationStatus{ApplicationID: fmt.Sprintf("SL2026000%03d", i),
			ServiceName: fmt.Sprintf("测试事项%d", i+1), Status: status,
			History: []portal.HistoryEntry{{Status: portal.StatusReceived, At: at}, {Status: status, At: at.AddDate(0, 0, 1), Note: "请补充材料"}}})
	}
	return out, nil
}

func (fakeRecordsPortal) Licenses(context.Context, string) ([]portal.License, error) {
	return []portal.License{
		{LicenseID: "DZZZ-T-1", Type: "不动产权证书", Name: "不动产权证书", Issuer: "示例市规划和自然资源委员会", ValidTo: "长期"},
		{LicenseID: "DZZZ-T-2", Type: "社会保障卡", Name: "社会保障卡", Issuer: "示例市人力资源和社会保障局", ValidTo: "2030-01-01"},
	}, nil
}

func (p fakeRecordsPortal) LicensePDF(context.Context, string, string) ([]byte, error) {
	return p.pdf, nil
}

func (fakeRecordsPortal) ApplicationReceiptPDF(context.Context, string, string) ([]byte, error) {
	return nil, errors.New("not here")
}

// fakeA4 prints, or fails with fail.
type fakeA4 struct {
	fail    error
	printed int
}

func (a *fakeA4) PrintPDF(context.Context, []byte) error {
	if a.fail != nil {
		return a.fail
	}
	a.printed++
	return nil
}

func onePagePDF(t *testing.T) []byte {
	t.Helper()
	p := fpdf.New("L", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 20)
	p.Cell(0, 12, "licence")
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// newRecordsKiosk is a test kiosk with records, a face check that passes
// and an A4 printer, and a citizen whose card is read, on the home screen.
func newRecordsKiosk(t *testing.T, mode app.Mode) (*testKiosk, *fakeA4) {
	t.Helper()
	k := newTestKiosk(t)
	printer := &fakeA4{}
	k.ui.deps.Records = &app.Records{Session: k.session, Portal: fakeRecordsPortal{pdf: onePagePDF(t)}, Printer: printer}
	k.ui.deps.Identity = &app.Identity{Session: k.session, Portal: fakeIdentityPortal{}, Camera: camera.NewFake()}
	k.ui.deps.Journeys = nil // built from the dependencies above
	k.session.Start()
	k.session.SetMode(mode)
	k.session.Data().SetCard(idcardsim.SampleCards()[0])
	return k, printer
}

// activate acts on the item named name, as Enter on the keypad does.
func (k *testKiosk) activate(t *testing.T, name string) {
	t.Helper()
	k.itemNamed(t, name).Activate()
}

// TestProgressScreensDrawTheJourney: 进度查询 from the home screen through
// the card and the face check to the list, paged two at a time in 长辈版,
// each row spoken privately; every screen passes the audit.
func TestProgressScreensDrawTheJourney(t *testing.T) {
	k, _ := newRecordsKiosk(t, app.Mode{Elder: true})
	k.activate(t, "进度查询")
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenIDCard || scr.Param != app.PurposeProgress {
		t.Fatalf("进度查询 opened %+v", scr)
	}
	if k.ui.view.Step != "第1步，共3步" {
		t.Fatalf("card step %q", k.ui.view.Step)
	}
	auditScreen(t, k, "progress card")
	k.activate(t, "确认，下一步")
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenFace || k.ui.view.Step != "第2步，共3步" {
		t.Fatalf("after the card: %+v %q", scr, k.ui.view.Step)
	}
	auditScreen(t, k, "progress face")
	k.activate(t, "开始核验")
	k.clock.Advance(3 * time.Second) // the countdown
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenProgress {
		t.Fatalf("after the face check: %+v, said %q", scr, k.said())
	}
	if !strings.Contains(k.ui.view.Instruction, "查到5件事项") || !k.ui.view.Private {
		t.Fatalf("list instruction %q (private %v)", k.ui.view.Instruction, k.ui.view.Private)
	}
	if !hasItem(k, "测试事项1") || !hasItem(k, "测试事项2") || hasItem(k, "测试事项3") {
		t.Fatalf("长辈版 page 1: %v", k.ui.Items())
	}
	auditScreen(t, k, "progress list")
	k.activate(t, "下一页")
	if !hasItem(k, "测试事项3") || hasItem(k, "测试事项1") || !strings.Contains(shownAndSaid(k), "第 2 页，共 3 页") {
		t.Fatalf("page 2: %v", pageTexts(k))
	}
	k.voice.Recorder.Reset()
	k.activate(t, "测试事项3")
	private := false
	for _, e := range k.voice.Recorder.Events() {
		if strings.Contains(e.Utterance.Text, "请补充材料") {
			private = e.Utterance.Private
		}
	}
	if !private {
		t.Fatalf("a row's history is not spoken privately: %+v", k.voice.Recorder.Events())
	}
	for _, it := range k.ui.Items() {
		if strings.HasPrefix(it.Name, "测试事项") && !it.Private {
			t.Errorf("row %q is not private", it.Name)
		}
	}
	auditScreen(t, k, "progress page 2")
}

// TestLicenseScreensPreviewAndPrint: 电子证照 for a citizen checked
// earlier goes straight to the list; a license is previewed and printed;
// a printer without paper is said and shown.
func TestLicenseScreensPreviewAndPrint(t *testing.T) {
	k, printer := newRecordsKiosk(t, app.Mode{Voice: true})
	k.session.Data().SetIdentity("token-from-before")
	k.activate(t, "电子证照")
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenLicenses || scr.Param != "" {
		t.Fatalf("电子证照 opened %+v", scr)
	}
	auditScreen(t, k, "licenses list")
	k.activate(t, "社会保障卡")
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenLicenses || scr.Param != "DZZZ-T-2" || k.ui.view.Title != "证照预览" {
		t.Fatalf("preview %+v %q: %s", scr, k.ui.view.Title, k.ui.view.Instruction)
	}
	auditScreen(t, k, "license preview")
	k.voice.Recorder.Reset()
	k.activate(t, "打印")
	if printer.printed != 1 || !strings.Contains(strings.Join(k.said(), "|"), "已打印") {
		t.Fatalf("printed %d, said %q", printer.printed, k.said())
	}
	printer.fail = fmt.Errorf("test: %w", app.ErrPrinterPaper)
	k.voice.Recorder.Reset()
	k.activate(t, "打印")
	if all := shownAndSaid(k); !strings.Contains(all, "打印机没有纸了") {
		t.Fatalf("paper out not shown and said: %s", all)
	}
	k.session.Back()
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenLicenses || scr.Param != "" || !hasItem(k, "不动产权证书") {
		t.Fatalf("back: %+v", scr)
	}
}

// TestRecordsScreensWithoutPortal: the list that cannot be fetched says so
// and offers 再试一次; a citizen not checked yet is sent to the card.
func TestRecordsScreensWithoutPortal(t *testing.T) {
	k := newTestKiosk(t) // no records source
	k.session.Start()
	k.session.SetMode(app.Mode{Elder: true})
	k.session.Open(app.Screen{ID: app.ScreenProgress})
	if !hasItem(k, "刷身份证查询") {
		t.Fatalf("no way to the card: %v", k.ui.Items())
	}
	k.activate(t, "刷身份证查询")
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenIDCard || scr.Param != app.PurposeProgress {
		t.Fatalf("went to %+v", scr)
	}
	k.session.Data().SetIdentity("token")
	k.session.Open(app.Screen{ID: app.ScreenProgress})
	if !hasItem(k, "再试一次") || !strings.Contains(k.ui.view.Instruction, "没有查到") {
		t.Fatalf("without a portal: %q %v", k.ui.view.Instruction, k.ui.Items())
	}
	k.voice.Recorder.Reset()
	k.activate(t, "再试一次")
	if !hasItem(k, "再试一次") || !strings.Contains(strings.Join(k.said(), "|"), "没有查到") {
		t.Fatalf("再试一次 without a portal: %q", k.said())
	}
}
