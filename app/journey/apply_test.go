package journey

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/devices"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard"
	"hallkiosk/devices/idcard/idcardsim"
	"hallkiosk/devices/receipt"
	"hallkiosk/devices/receipt/receiptsim"
	"hallkiosk/internal/logging"
)

const (
	rigToken   = "journey-test-token"
	rigSMSCode = "123456"
)

// rig is a kiosk without a window: the portal simulator over loopback
// HTTP, the ID-card reader and the receipt printer simulated on real PTYs
// with the real drivers, the real outbox, the fake camera.
type rig struct {
	t       *testing.T
	session *app.Session
	cards   *app.Cards
	card    *idcardsim.Sim
	printer *receiptsim.Sim
	portal  *server.Server
	outbox  *outbox.Outbox
	camera  *camera.Fake
	cur     *Current
	// client is the portal client the journeys use, for tests that build
	// other records sources.
	client *portal.Client
}

// wang is 王秀兰, the portal simulator's demo citizen whose face matches.
func wang() *idcard.Card {
	c := &idcard.Card{
		Type: idcard.Resident, Name: "王秀兰", Sex: idcard.SexFemale, NationCode: "01", Nation: "汉",
		Birth: "1949-12-31", Address: "北京市东城区景山前街4号", IDNumber: "11010519491231002X",
		Authority: "北京市公安局东城分局", ValidFrom: "2010-01-01", ValidTo: idcard.LongTerm,
	}
	c.Photo = idcardsim.SyntheticPhoto(c.IDNumber)
	return c
}

func newRig(t *testing.T) *rig {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	dir := t.TempDir()
	sim, err := server.Start(ctx, server.Options{Addr: "127.0.0.1:0", DataDir: t.TempDir(),
		Token: rigToken, DemoSMSCode: rigSMSCode})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	client, err := portal.New(portal.Options{BaseURL: sim.URL(), Token: rigToken, Timeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ob, err := outbox.Open(filepath.Join(t.TempDir(), "outbox.db"), outbox.Options{Portal: client})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ob.Close() })
	session := app.NewSession(clock.Real{}, app.SessionConfig{IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour,
		Warning: time.Minute, Ending: time.Hour, TempBase: t.TempDir()})
	t.Cleanup(session.Close)

	cardSim, err := idcardsim.Start(ctx, filepath.Join(dir, "idcard"), idcardsim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cardSim.Close() })
	reader, err := idcard.Open(ctx, cardSim.Path(), idcard.Opts{PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reader.Close() })
	cards := app.NewCards(session, logging.Discard())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); cards.Run(ctx, reader) }()
	t.Cleanup(func() { cancel(); wg.Wait() })

	printSim, err := receiptsim.Start(ctx, filepath.Join(dir, "receipt"), receiptsim.Options{Dir: filepath.Join(dir, "receipts")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { printSim.Close() })
	printer, err := receipt.Open(ctx, printSim.Port(), receipt.Opts{Width: printSim.Width()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { printer.Close() })

	demo, _ := catalog.Demo()
	cat, err := catalog.New(demo, nil)
	if err != nil {
		t.Fatal(err)
	}
	cam := camera.NewFake()
	printing := &app.Printing{Session: session, Printer: printer, HallName: "测试大厅", Hotline: "12345",
		ProgressURL: "https://zwfw.example.gov.cn/progress", AppURL: "https://zwfw.example.gov.cn/app", AppName: "政务服务App"}
	d := Deps{
		Session:      session,
		Catalog:      cat,
		Identity:     &app.Identity{Session: session, Portal: client, Camera: cam, Timeout: 5 * time.Second},
		SMS:          app.NewSMS(session, client),
		Documents:    &app.Documents{Session: session, Camera: cam},
		Submitter:    &app.Submitter{Session: session, Queue: ob, DeviceID: "K-JOURNEY", Within: 3 * time.Second},
		PrintReceipt: printing.PrintReceipt,
		// No A4 printer: licenses come out on receipt paper.
		Records: &app.Records{Session: session, Portal: client, Printer: app.ReceiptPaperA4{Printing: printing}},
	}
	cur := NewCurrent(d)
	t.Cleanup(cur.Close)
	session.Start()
	return &rig{t: t, session: session, cards: cards, card: cardSim, printer: printSim, portal: sim, outbox: ob, camera: cam, cur: cur,
		client: client}
}

// waitFor polls cond, failing the test after a deadline that only guards
// against a hang.
func (r *rig) waitFor(what string, cond func() bool) {
	r.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			r.t.Fatalf("timed out waiting for %s; screen %+v", what, r.session.Snapshot().Screen)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// idle waits until the journey's slow work is done.
func (r *rig) idle(j *Apply) {
	r.t.Helper()
	r.waitFor("the journey's work", func() bool { return j.Busy() == BusyNone })
}

// at fails unless the journey shows step kind k.
func (r *rig) at(j *Apply, k StepKind) {
	r.t.Helper()
	r.waitFor("step "+k.String(), func() bool { return j.Current().Kind == k })
}

// placeCard puts c on the simulated reader and waits for the driver to
// read it.
func (r *rig) placeCard(c *idcard.Card) {
	r.t.Helper()
	if err := r.card.Place(c); err != nil {
		r.t.Fatal(err)
	}
	r.waitFor("the card read", func() bool { return r.session.Data().Card() != nil })
}

// leaks fails when the JSON of every snapshot taken carries a personal
// value of the card unmasked.
func checkMasked(t *testing.T, snaps []Snapshot, c *idcard.Card, more ...string) {
	t.Helper()
	b, _ := json.Marshal(snaps)
	for _, v := range append([]string{c.Name, c.IDNumber, c.Address, c.Birth, c.IDNumber[6:14], c.Name[3:]}, more...) {
		if v != "" && strings.Contains(string(b), v) {
			t.Errorf("a snapshot carries %q unmasked: %s", v, b)
		}
	}
}

// TestApplyPensionWithCardPrefill drives 城乡居民养老保险缴费 (社保缴费)
// start to finish: card read on the PTY, name and number prefilled, the
// grade and phone asked, review, submission to the portal simulator,
// receipt printed on the simulated printer, rating stored.
func TestApplyPensionWithCardPrefill(t *testing.T) {
	r := newRig(t)
	j, err := r.cur.Apply("SB-0201")
	if err != nil {
		t.Fatal(err)
	}
	var snaps []Snapshot
	snap := func() { snaps = append(snaps, j.Snapshot()) }
	j.Begin()
	r.at(j, StepIdentify)
	snap()
	if s := j.Snapshot(); s.Waiting != "card" || s.Stage != 1 || s.Stages != 3 {
		t.Fatalf("identify snapshot %+v", s)
	}
	r.placeCard(wang())
	snap()
	j.CardConfirmed()
	r.at(j, StepField)
	if got := len(j.Asked()); got != 2 {
		t.Fatalf("asked %d fields, want 2 (grade, phone): the card fills name and number", got)
	}
	if j.Value("name") != "王秀兰" || j.Value("id_number") != "11010519491231002X" {
		t.Fatal("the card did not prefill name and number")
	}
	snap()
	// A wrong value is refused in plain words and the step stays.
	f, _ := j.Field(0)
	if f.Key != "grade" {
		t.Fatalf("first asked field %q", f.Key)
	}
	j.SetValue(f, "999")
	if fe := j.Next(0); fe == nil || j.Current() != (Step{Kind: StepField, Field: 0}) {
		t.Fatalf("an invalid grade passed: %v", fe)
	}
	snap()
	j.SetValue(f, "500")
	if fe := j.Next(0); fe != nil {
		t.Fatal(fe)
	}
	r.at(j, StepField)
	phone, _ := j.Field(1)
	j.SetValue(phone, "13800138000")
	snap()
	if fe := j.Next(1); fe != nil {
		t.Fatal(fe)
	}
	// No face check: no identity token, so no SMS step.
	r.at(j, StepReview)
	snap()
	j.Submit()
	snap()
	r.idle(j)
	r.at(j, StepResult)
	snap()
	sub := j.Submission()
	if sub == nil || !sub.Receipt.Acknowledged() || sub.Receipt.ApplicationID == "" {
		t.Fatalf("submission %+v", sub)
	}
	j.Print()
	r.idle(j)
	if st, err := j.PrintState(); st != PrintDone {
		t.Fatalf("print %s: %v", st, err)
	}
	if _, ok := r.printer.Latest(); !ok {
		t.Fatal("nothing came out of the printer")
	}
	snap()
	j.OpenRating()
	r.at(j, StepRate)
	j.Rate(2, nil)
	if !errors.Is(j.Err(), ErrNoReason) {
		t.Fatalf("a low rating without a reason: %v", j.Err())
	}
	j.Rate(5, nil)
	r.waitFor("the session to end", func() bool { return r.session.Snapshot().State == app.StateEnding })
	checkMasked(t, snaps, wang(), "13800138000")
	if c, _ := r.outbox.Counts(context.Background()); c.Sent+c.Pending != 2 {
		t.Fatalf("outbox %+v, want the application and the rating", c)
	}
}

// TestApplyWithFaceAndSMS drives 住房公积金提取: face check, the form,
// the SMS check of the phone (a wrong code first), review, submit.
func TestApplyWithFaceAndSMS(t *testing.T) {
	r := newRig(t)
	j, _ := r.cur.Apply("GJJ-0301")
	j.Begin()
	r.placeCard(wang())
	j.CardConfirmed()
	r.at(j, StepFace)
	if s := j.Snapshot(); s.Stage != 2 || s.StageName != string(StageFace) {
		t.Fatalf("face stage %+v", s)
	}
	j.Verify()
	r.idle(j)
	if j.Err() != nil {
		t.Fatal(j.Err())
	}
	r.at(j, StepField)
	values := map[string]string{"reason": "租房", "amount": "3000", "bank_card": "6222020200112233445", "phone": "13900139000"}
	for k := 0; k < len(j.Asked()); k++ {
		f, _ := j.Field(k)
		j.SetValue(f, values[f.Key])
		if fe := j.Next(k); fe != nil {
			t.Fatalf("%s: %v", f.Key, fe)
		}
		if f.Type == portal.FieldPhone {
			r.at(j, StepSMS)
			j.SendSMS()
			r.idle(j)
			if !j.SMSSent() || j.Err() != nil {
				t.Fatalf("sms not sent: %v", j.Err())
			}
			for _, c := range "111111" {
				j.TypeSMS(c)
			}
			j.VerifySMS()
			r.idle(j)
			if !errors.Is(j.Err(), app.ErrSMSWrong) || j.Current().Kind != StepSMS {
				t.Fatalf("a wrong code: %v at %v", j.Err(), j.Current())
			}
			for _, c := range rigSMSCode {
				j.TypeSMS(c)
			}
			j.VerifySMS()
			r.idle(j)
		}
	}
	r.at(j, StepMaterials) // 租房合同 comes from 电子证照: nothing to capture
	if err := j.MaterialsDone(); err != nil {
		t.Fatal(err)
	}
	r.at(j, StepReview)
	snap := j.Snapshot()
	j.Submit()
	r.idle(j)
	r.at(j, StepResult)
	checkMasked(t, []Snapshot{snap, j.Snapshot()}, wang(), "13900139000", "6222020200112233445")
}

// TestApplyEnterpriseAsOneForm: 企业开办 is one form of its four parts,
// its materials captured with the document camera, submitted end to end.
func TestApplyEnterpriseAsOneForm(t *testing.T) {
	r := newRig(t)
	j, err := r.cur.Apply("QYKB-0001")
	if err != nil {
		t.Fatal(err)
	}
	j.Begin()
	r.placeCard(wang())
	j.CardConfirmed()
	r.waitFor("past identity", func() bool { k := j.Current().Kind; return k == StepField || k == StepFace })
	if j.Current().Kind == StepFace {
		j.Verify()
		r.idle(j)
	}
	for k := 0; k < len(j.Asked()); k++ {
		r.at(j, StepField)
		f, _ := j.Field(k)
		j.SetValue(f, sampleValue(f))
		if fe := j.Next(k); fe != nil {
			t.Fatalf("%s %q: %v", f.Key, sampleValue(f), fe)
		}
		if j.Current().Kind == StepSMS {
			j.SendSMS()
			r.idle(j)
			for _, c := range rigSMSCode {
				j.TypeSMS(c)
			}
			j.VerifySMS()
			r.idle(j)
		}
	}
	r.at(j, StepMaterials)
	if err := j.MaterialsDone(); !errors.Is(err, app.ErrMissingMaterial) {
		t.Fatalf("materials done with none captured: %v", err)
	}
	for _, m := range j.Materials() {
		j.Capture(m.Code)
		r.idle(j)
		if !j.Captured(m.Code) {
			t.Fatalf("%s not captured: %v", m.Code, j.Err())
		}
	}
	if err := j.MaterialsDone(); err != nil {
		t.Fatal(err)
	}
	j.Submit()
	r.idle(j)
	r.at(j, StepResult)
	if sub := j.Submission(); sub == nil || !sub.Receipt.Acknowledged() {
		t.Fatalf("submission %+v, err %v", sub, j.Err())
	}
}

// sampleValue is a valid value for a field of the demo catalog.
func sampleValue(f portal.Field) string {
	switch f.Type {
	case portal.FieldSelect:
		return f.Options[0]
	case portal.FieldPhone:
		return "13700137000"
	case portal.FieldIDNumber:
		return "11010519491231002X"
	case portal.FieldDigits:
		return "100"
	case portal.FieldDate:
		return time.Now().AddDate(0, 0, 7).Format("2006-01-02")
	}
	return "测试有限公司"
}

// TestApplyFailures: the portal down gives the offline 凭证号; a printer
// out of paper says so; a card removed mid-journey does not lose the form;
// the idle timeout wipes and drops the journey; a storing failure is shown
// and the input kept.
func TestApplyFailures(t *testing.T) {
	t.Run("portal down", func(t *testing.T) {
		r := newRig(t)
		j, _ := r.cur.Apply("SB-0201")
		j.Begin()
		r.placeCard(wang())
		j.CardConfirmed()
		fill(r, j)
		r.portal.Close()
		j.Submit()
		r.idle(j)
		r.at(j, StepResult)
		sub := j.Submission()
		if sub == nil || sub.Receipt.Acknowledged() || sub.Receipt.Voucher == "" {
			t.Fatalf("offline submission %+v", sub)
		}
		if s := j.Snapshot(); s.Outbox != string(outbox.StatePending) {
			t.Fatalf("snapshot outbox %q", s.Outbox)
		}
	})
	t.Run("printer out of paper", func(t *testing.T) {
		r := newRig(t)
		j, _ := r.cur.Apply("SB-0201")
		j.Begin()
		r.placeCard(wang())
		j.CardConfirmed()
		fill(r, j)
		j.Submit()
		r.idle(j)
		r.printer.SetCondition(receiptsim.Condition{Paper: devices.PaperOut})
		j.Print()
		r.idle(j)
		st, err := j.PrintState()
		if st != PrintFailed || !errors.Is(err, app.ErrPrinterPaper) {
			t.Fatalf("print %s: %v", st, err)
		}
	})
	t.Run("card removed mid-journey", func(t *testing.T) {
		r := newRig(t)
		j, _ := r.cur.Apply("SB-0201")
		j.Begin()
		r.placeCard(wang())
		j.CardConfirmed()
		r.at(j, StepField)
		f, _ := j.Field(0)
		j.SetValue(f, "500")
		r.card.Remove()
		time.Sleep(100 * time.Millisecond)
		if j.Value("grade") != "500" || j.Value("name") != "王秀兰" {
			t.Fatal("removing the card lost the form")
		}
	})
	t.Run("idle timeout wipes", func(t *testing.T) {
		r := newRig(t)
		j, _ := r.cur.Apply("SB-0201")
		j.Begin()
		r.placeCard(wang())
		j.CardConfirmed()
		r.session.Cancel() // what the idle timeout's expiry does
		if r.cur.Active() != nil {
			t.Fatal("the journey outlived its session")
		}
		if r.session.Data().Card() != nil || r.session.Data().Field("name") != "" {
			t.Fatal("the citizen's data survived the end of the session")
		}
	})
	t.Run("storing fails", func(t *testing.T) {
		r := newRig(t)
		d := r.cur.Deps()
		d.Submitter = &app.Submitter{Session: r.session} // no queue: cannot store
		j, _ := NewApply(d, "SB-0201")
		defer j.Close()
		j.Begin()
		r.placeCard(wang())
		j.CardConfirmed()
		fill(r, j)
		j.Submit()
		r.idle(j)
		if !errors.Is(j.Err(), app.ErrNoQueue) || j.Current().Kind != StepReview || j.Value("grade") != "500" {
			t.Fatalf("after a failed store: %v at %v", j.Err(), j.Current())
		}
		if s := j.Snapshot(); s.Problem != "no_queue" {
			t.Fatalf("snapshot problem %q", s.Problem)
		}
	})
}

// fill answers the pension form's asked fields and goes to review.
func fill(r *rig, j *Apply) {
	r.t.Helper()
	r.at(j, StepField)
	grade, _ := j.Field(0)
	j.SetValue(grade, "500")
	j.Next(0)
	phone, _ := j.Field(1)
	j.SetValue(phone, "13800138000")
	j.Next(1)
	r.at(j, StepReview)
}

// TestStagesOfEveryService: every catalog service's journey has a first
// step, stages that count from 1, and a screen for every step that maps
// back to it.
func TestStagesOfEveryService(t *testing.T) {
	r := newRig(t)
	demo, _ := catalog.Demo()
	for _, it := range demo.Items {
		j, err := NewApply(r.cur.Deps(), it.Code)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range j.Steps() {
			back, ok := j.At(j.Screen(s))
			if !ok || back != s {
				t.Errorf("%s: step %+v → screen %+v → %+v", it.Code, s, j.Screen(s), back)
			}
			if k, n := j.Stage(s); k < 1 || k > n {
				t.Errorf("%s: step %+v is stage %d of %d", it.Code, s, k, n)
			}
		}
		j.Close()
	}
}

// TestCanStore: a kiosk tells, before any form, whether it can keep an
// application.
func TestCanStore(t *testing.T) {
	r := newRig(t)
	if err := r.cur.CanStore(); err != nil {
		t.Fatalf("with the outbox: %v", err)
	}
	d := r.cur.Deps()
	d.Submitter = &app.Submitter{Session: r.session}
	if err := NewCurrent(d).CanStore(); !errors.Is(err, app.ErrNoQueue) {
		t.Fatalf("without a queue: %v", err)
	}
	d.Submitter = nil
	if err := NewCurrent(d).CanStore(); !errors.Is(err, app.ErrNoQueue) {
		t.Fatalf("without a submitter: %v", err)
	}
}
