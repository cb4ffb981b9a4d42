package screens

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard/idcardsim"
)

// historyPortal lists one application that went through four statuses and
// now waits for a 补正.
type historyPortal struct{ fakeRecordsPortal }

func (historyPortal) Applications(context.Context, string) ([]portal.ApplicationStatus, error) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.Local)
	return []portal.ApplicationStatus{{ApplicationID: "SL1", ServiceCode: "GA-0502", ServiceName: "居住证办理", Status: portal.StatusNeedsSupplement,
		History: []portal.HistoryEntry{
			{Status: portal.StatusReceived, At: at, Note: "申请已接收"},
			{Status: portal.StatusAccepted, At: at.Add(time.Hour), Note: "材料齐全，予以受理"},
			{Status: portal.StatusInReview, At: at.AddDate(0, 0, 1), Note: "审核中"},
			{Status: portal.StatusNeedsSupplement, At: at.AddDate(0, 0, 2), Note: "请补充：居住证明材料"},
		}}}, nil
}

// TestProgressTimeline: an application's history is drawn as a timeline, a
// dot per status with its time and note, in order, the latest marked; a
// 需补正 says what is missing; 返回列表 goes back to the list.
func TestProgressTimeline(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(landscapeW, landscapeH), fyne.NewSize(portraitW, portraitH)} {
		k := newTestKioskSized(t, size)
		k.ui.deps.Records = &app.Records{Session: k.session, Portal: historyPortal{}, Printer: &fakeA4{}}
		k.ui.deps.Identity = &app.Identity{Session: k.session, Portal: fakeIdentityPortal{}, Camera: camera.NewFake()}
		k.ui.deps.Journeys = nil
		k.session.Start()
		k.session.Data().SetIdentity("token")
		k.session.Open(app.Screen{ID: app.ScreenProgress})
		k.activate(t, "居住证办理")
		texts := strings.Join(pageTexts(k), "|")
		last := -1
		for _, want := range []string{"已接收", "已受理", "审核中", "需补正（当前）"} {
			i := strings.Index(texts, want)
			if i < 0 || i < last {
				t.Fatalf("timeline lacks %q in order: %s", want, texts)
			}
			last = i
		}
		for _, want := range []string{"2026年11月2日 10:00", "材料齐全，予以受理", "还缺：请补充：居住证明材料"} {
			if !strings.Contains(texts, want) {
				t.Errorf("timeline lacks %q: %s", want, texts)
			}
		}
		dots := 0
		for _, o := range test.LaidOutObjects(k.ui.root) {
			if _, ok := o.(*canvas.Circle); ok {
				dots++
			}
		}
		if dots != 4 {
			t.Errorf("%d dots on the timeline, want 4", dots)
		}
		if !strings.Contains(k.ui.view.Instruction, "需要补正") {
			t.Errorf("instruction %q", k.ui.view.Instruction)
		}
		auditScreen(t, k, "timeline")
		requireAboveFooter(t, k, "timeline")
		k.activate(t, "返回列表")
		if !hasItem(k, "居住证办理") {
			t.Error("返回列表 did not show the list")
		}
	}
}

// supplementQueue keeps the applications it is given, with their
// materials.
type supplementQueue struct {
	fakeQueue
	apps []portal.Application
	mats [][]outbox.Material
}

func (q *supplementQueue) Submit(ctx context.Context, within time.Duration, a portal.Application, mats ...outbox.Material) (outbox.Receipt, error) {
	q.apps, q.mats = append(q.apps, a), append(q.mats, mats)
	return q.fakeQueue.Submit(ctx, within, a, mats...)
}

// TestSupplementAddsAMaterial: 需补正 → 现在补交材料: the material is
// captured with the document camera and stored through the queue as a 补正
// naming the application it completes; the citizen is told its number.
func TestSupplementAddsAMaterial(t *testing.T) {
	k := newTestKiosk(t)
	q := &supplementQueue{}
	k.ui.deps.Records = &app.Records{Session: k.session, Portal: historyPortal{}, Printer: &fakeA4{}}
	k.ui.deps.Documents = &app.Documents{Session: k.session, Camera: camera.NewFake()}
	k.ui.deps.Submitter = &app.Submitter{Session: k.session, Queue: q, DeviceID: "T"}
	k.ui.deps.Journeys = nil
	k.session.Start()
	k.session.Data().SetCard(idcardsim.SampleCards()[0])
	k.session.Data().SetIdentity("token")
	k.session.Open(app.Screen{ID: app.ScreenProgress})
	k.activate(t, "居住证办理")
	k.activate(t, "现在补交材料")
	if !strings.Contains(k.ui.view.Instruction, "居住证明材料") {
		t.Errorf("instruction %q does not say what is missing", k.ui.view.Instruction)
	}
	auditScreen(t, k, "supplement capture")
	k.activate(t, "拍照")
	if !strings.Contains(k.ui.view.Instruction, "已拍好") {
		t.Fatalf("after the capture: %q", k.ui.view.Instruction)
	}
	k.activate(t, "提交补正材料")
	if len(q.apps) != 1 {
		t.Fatalf("%d applications stored", len(q.apps))
	}
	a := q.apps[0]
	if a.ServiceCode != "GA-0502" || a.Form[journey.SupplementKey] != "SL1" || len(q.mats[0]) != 1 || q.mats[0][0].Code != "supplement" || len(q.mats[0][0].Data) == 0 {
		t.Errorf("stored %+v with %d materials", a, len(q.mats[0]))
	}
	if !strings.Contains(k.ui.view.Instruction, "补正材料已提交") || !strings.Contains(k.ui.view.Instruction, "受理号") {
		t.Errorf("after the submission: %q", k.ui.view.Instruction)
	}
	auditScreen(t, k, "supplement done")
}
