package journey

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/portal"
	"hallkiosk/devices"
	"hallkiosk/devices/a4"
	"hallkiosk/devices/a4/cupstest"
	"hallkiosk/devices/idcard"
	"hallkiosk/devices/idcard/idcardsim"
	"hallkiosk/devices/pdfrender"
	"hallkiosk/devices/receipt/receiptsim"
)

// zhao is 赵建华, the portal simulator's citizen whose face never matches.
func zhao() *idcard.Card {
	c := &idcard.Card{
		Type: idcard.Resident, Name: "赵建华", Sex: idcard.SexMale, NationCode: "01", Nation: "汉",
		Birth: "1956-07-08", Address: "北京市海淀区中关村大街1号", IDNumber: "110108195607080030",
		Authority: "北京市公安局海淀分局", ValidFrom: "2016-07-08", ValidTo: idcard.LongTerm,
	}
	c.Photo = idcardsim.SyntheticPhoto(c.IDNumber)
	return c
}

// wangLicenses are the license IDs the portal simulator holds for 王秀兰.
var wangLicenses = []string{"DZZZ-BDC-2019-000731", "DZZZ-SBK-2016-120045", "DZZZ-HKB-2010-004512"}

// idleRecords waits until the records journey's slow work is done.
func (r *rig) idleRecords(j *Records) {
	r.t.Helper()
	r.waitFor("the journey's work", func() bool { return j.Busy() == BusyNone })
}

// atRecords fails unless the records journey shows step kind k.
func (r *rig) atRecords(j *Records, k StepKind) {
	r.t.Helper()
	r.waitFor("step "+k.String(), func() bool { return j.Current().Kind == k })
}

// checkIn drives a records journey through the card and the face check to
// its list, taking a snapshot at every step.
func (r *rig) checkIn(j *Records, c *idcard.Card, snap func()) {
	r.t.Helper()
	j.Begin()
	r.atRecords(j, StepIdentify)
	snap()
	if s := j.Snapshot(); s.Waiting != "card" || s.Stage != 1 || s.Stages != 3 || s.StageName != string(StageCard) {
		r.t.Fatalf("identify snapshot %+v", s)
	}
	r.placeCard(c)
	snap()
	j.CardConfirmed()
	r.atRecords(j, StepFace)
	snap()
	if s := j.Snapshot(); s.Stage != 2 || s.StageName != string(StageFace) {
		r.t.Fatalf("face snapshot %+v", s)
	}
	if err := j.FaceReady(); err != nil {
		r.t.Fatal(err)
	}
	j.Verify()
	snap()
	r.idleRecords(j)
}

// TestRecordsProgress drives 进度查询 for 王秀兰: card, face check, her
// three applications with their histories, paged two at a time; entering
// again in the same session skips the card and the face.
func TestRecordsProgress(t *testing.T) {
	r := newRig(t)
	j, err := r.cur.Records(RecordsProgress)
	if err != nil {
		t.Fatal(err)
	}
	var snaps []Snapshot
	snap := func() { snaps = append(snaps, j.Snapshot()) }
	r.checkIn(j, wang(), snap)
	if j.Err() != nil || r.session.Data().Identity() == "" {
		t.Fatalf("face check: %v", j.Err())
	}
	r.atRecords(j, StepRecords)
	if scr := r.session.Snapshot().Screen; scr.ID != app.ScreenProgress {
		t.Fatalf("records on %+v", scr)
	}
	listed, err := j.Listed()
	if !listed || err != nil {
		t.Fatalf("listed %v: %v", listed, err)
	}
	apps := j.Applications()
	if len(apps) != 3 {
		t.Fatalf("%d applications, want 王秀兰's 3", len(apps))
	}
	for _, a := range apps {
		if a.ServiceName == "" || a.Status == "" || len(a.History) == 0 {
			t.Errorf("application without name, status or history: %+v", a)
		}
	}
	p := j.Page(2)
	if p != (RecordsPage{From: 0, To: 2, Index: 0, Pages: 2}) {
		t.Fatalf("first page %+v", p)
	}
	snap()
	j.TurnPage(1)
	if p := j.Page(2); p != (RecordsPage{From: 2, To: 3, Index: 1, Pages: 2}) {
		t.Fatalf("second page %+v", p)
	}
	j.TurnPage(5)
	if p := j.Page(2); p.Index != 1 {
		t.Fatalf("turned past the end: %+v", p)
	}
	s := j.Snapshot()
	snaps = append(snaps, s)
	if s.Journey != "progress" || s.Step.Kind != StepRecords || s.Stage != 3 || len(s.Records) != 3 || s.Page != 2 || s.Pages != 2 {
		t.Fatalf("records snapshot %+v", s)
	}
	for _, rv := range s.Records {
		if rv.Title == "" || rv.Status == "" {
			t.Errorf("a record without title or status in the snapshot: %+v", rv)
		}
	}
	if j.Page(4).Pages != 1 {
		t.Fatal("four to a page is not one page")
	}

	// Elsewhere and back: no second card or face check, the list fetched
	// again.
	r.session.Home()
	j2, _ := r.cur.Records(RecordsProgress)
	if j2 != j {
		t.Fatal("a second journey for the same records in one session")
	}
	j.Begin()
	r.atRecords(j, StepRecords)
	r.idleRecords(j)
	if listed, err := j.Listed(); !listed || err != nil || len(j.Applications()) != 3 {
		t.Fatalf("again: listed %v: %v", listed, err)
	}
	snap()
	checkMasked(t, snaps, wang(), applicationIDs(apps)...)
}

// applicationIDs are the portal's numbers of apps (the citizen's own).
func applicationIDs(apps []portal.ApplicationStatus) []string {
	var ids []string
	for _, a := range apps {
		ids = append(ids, a.ApplicationID)
	}
	return ids
}

// TestRecordsLicensesOnReceiptPaper drives 电子证照 on a kiosk without an
// A4 printer: the list, a license previewed and printed on receipt paper.
func TestRecordsLicensesOnReceiptPaper(t *testing.T) {
	r := newRig(t)
	j, err := r.cur.Records(RecordsLicenses)
	if err != nil {
		t.Fatal(err)
	}
	snaps := licenses(r, j)
	if _, ok := r.printer.Latest(); !ok {
		t.Fatal("nothing came out of the receipt printer")
	}
	checkMasked(t, snaps, wang(), wangLicenses...)
}

// TestRecordsLicensesOnA4 prints a license through CUPS, on a cups-pdf
// queue of a private cupsd (skipped where CUPS cannot run), and finds the
// printed PDF.
func TestRecordsLicensesOnA4(t *testing.T) {
	srv := cupstest.Start(t, "HKJOURNEY")
	q, err := a4.New(srv.Queue, a4.Opts{Server: srv.Socket, PollInterval: 100 * time.Millisecond, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	r := newRig(t)
	d := r.cur.Deps()
	d.Records = &app.Records{Session: r.session, Portal: r.client, Printer: app.A4Printer{Printer: q}}
	cur := NewCurrent(d)
	t.Cleanup(cur.Close)
	j, err := cur.Records(RecordsLicenses)
	if err != nil {
		t.Fatal(err)
	}
	since := time.Now()
	// cups-pdf names the file after the title and the job number, which a
	// fresh private cupsd starts at 1 again: a file of an earlier run is
	// overwritten, so the time tells a new one, not the name.
	snaps := licenses(r, j)
	if _, ok := r.printer.Latest(); ok {
		t.Error("the license came out on receipt paper, not on A4")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out := ""
	for out == "" {
		for p := range pdfsIn(srv.OutDir) {
			if st, err := os.Stat(p); err == nil && !st.ModTime().Before(since.Add(-time.Second)) && st.Size() > 0 {
				out = p
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("no PDF from cups-pdf in %s\n%s", srv.OutDir, srv.ErrorLog())
		case <-time.After(100 * time.Millisecond):
		}
	}
	defer os.Remove(out)
	doc, err := pdfrender.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if n := doc.Pages(); n < 1 {
		t.Fatalf("the printed PDF has %d pages", n)
	}
	checkMasked(t, snaps, wang(), wangLicenses...)
}

// pdfsIn lists the PDFs in dir.
func pdfsIn(dir string) map[string]bool {
	m, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	out := map[string]bool{}
	for _, p := range m {
		out[p] = true
	}
	return out
}

// licenses drives 电子证照 for 王秀兰 to a printed license and returns the
// snapshots taken.
func licenses(r *rig, j *Records) []Snapshot {
	r.t.Helper()
	var snaps []Snapshot
	snap := func() { snaps = append(snaps, j.Snapshot()) }
	r.checkIn(j, wang(), snap)
	r.atRecords(j, StepRecords)
	if listed, err := j.Listed(); !listed || err != nil {
		r.t.Fatalf("listed %v: %v", listed, err)
	}
	lics := j.Licenses()
	if len(lics) != len(wangLicenses) {
		r.t.Fatalf("%d licenses, want %d", len(lics), len(wangLicenses))
	}
	snap()
	// A license not in the list is refused; printing before a preview
	// prints nothing.
	j.Preview("DZZZ-YYZZ-2026-00888") // 李建国's
	if j.Err() == nil || j.Showing() != "" {
		r.t.Fatalf("previewed a license not listed: %v", j.Err())
	}
	id := lics[0].LicenseID
	j.Print(id)
	if st, err := j.PrintState(id); st != PrintFailed || !errors.Is(err, app.ErrNothingToPrint) {
		r.t.Fatalf("print before the preview: %s %v", st, err)
	}
	j.Preview(id)
	if j.Showing() != id || j.Current().Kind != StepRecords {
		r.t.Fatalf("preview of %s: showing %q at %v", id, j.Showing(), j.Current())
	}
	snap()
	r.idleRecords(j)
	p, err := j.Previewed()
	if err != nil || p == nil || p.Image == nil || p.License.LicenseID != id {
		r.t.Fatalf("preview %+v: %v", p, err)
	}
	if b := p.Image.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		r.t.Fatalf("preview of %v", b)
	}
	s := j.Snapshot()
	if s.Journey != "licenses" || s.Showing != lics[0].Name || s.Page != 0 {
		r.t.Fatalf("preview snapshot %+v", s)
	}
	snaps = append(snaps, s)
	j.Print(id)
	snap()
	r.idleRecords(j)
	if st, err := j.PrintState(id); st != PrintDone {
		r.t.Fatalf("print %s: %v", st, err)
	}
	if st, _ := j.PrintState(lics[1].LicenseID); st != PrintNone {
		r.t.Fatalf("another license's print state %s", st)
	}
	if s := j.Snapshot(); s.Print != PrintDone {
		r.t.Fatalf("snapshot print %q", s.Print)
	}
	snap()
	// Back to the list: it is still there, nothing fetched again.
	r.session.Back()
	r.atRecords(j, StepRecords)
	j.Load()
	if j.Showing() != "" || j.Busy() != BusyNone || len(j.Licenses()) != len(wangLicenses) {
		r.t.Fatalf("back on the list: showing %q, busy %q", j.Showing(), j.Busy())
	}
	snap()
	return snaps
}

// TestRecordsFailures: the portal down (for the face check and for the
// list, with 再试一次), a face that does not match, the printer out of
// paper, a kiosk without records or identity check, and the end of the
// session dropping what the portal sent.
func TestRecordsFailures(t *testing.T) {
	t.Run("face mismatch", func(t *testing.T) {
		r := newRig(t)
		j, _ := r.cur.Records(RecordsProgress)
		var snaps []Snapshot
		r.checkIn(j, zhao(), func() { snaps = append(snaps, j.Snapshot()) })
		if !errors.Is(j.Err(), app.ErrFaceMismatch) || j.Current().Kind != StepFace || r.session.Data().Identity() != "" {
			t.Fatalf("after a mismatch: %v at %v", j.Err(), j.Current())
		}
		s := j.Snapshot()
		if s.Problem != "face_mismatch" || len(s.Records) != 0 {
			t.Fatalf("snapshot %+v", s)
		}
		checkMasked(t, append(snaps, s), zhao())
	})
	t.Run("portal down at the face check", func(t *testing.T) {
		r := newRig(t)
		j, _ := r.cur.Records(RecordsLicenses)
		j.Begin()
		r.placeCard(wang())
		j.CardConfirmed()
		r.atRecords(j, StepFace)
		r.portal.Close()
		j.Verify()
		r.idleRecords(j)
		if j.Err() == nil || j.Current().Kind != StepFace {
			t.Fatalf("face check without a portal: %v at %v", j.Err(), j.Current())
		}
		if p := j.Snapshot().Problem; p != "network" {
			t.Fatalf("problem %q", p)
		}
	})
	t.Run("portal down for the list", func(t *testing.T) {
		r := newRig(t)
		j, _ := r.cur.Records(RecordsProgress)
		r.checkIn(j, wang(), func() {})
		r.atRecords(j, StepRecords)
		r.portal.Close()
		j.Begin() // entered again: fetched again
		r.atRecords(j, StepRecords)
		r.idleRecords(j)
		listed, err := j.Listed()
		if listed || err == nil || len(j.Applications()) != 0 {
			t.Fatalf("list without a portal: %v %v", listed, err)
		}
		var snaps []Snapshot
		s := j.Snapshot()
		snaps = append(snaps, s)
		if s.Problem != "network" || !errors.Is(j.Problem(), err) {
			t.Fatalf("snapshot problem %q, %v", s.Problem, j.Problem())
		}
		j.Load() // a kept failure is not fetched again by itself
		if j.Busy() != BusyNone {
			t.Fatal("a failure was fetched again without 再试一次")
		}
		j.Retry()
		r.idleRecords(j)
		if _, err := j.Listed(); err == nil {
			t.Fatal("再试一次 without a portal succeeded")
		}
		checkMasked(t, snaps, wang())
	})
	t.Run("printer out of paper", func(t *testing.T) {
		r := newRig(t)
		j, _ := r.cur.Records(RecordsLicenses)
		r.checkIn(j, wang(), func() {})
		r.atRecords(j, StepRecords)
		id := j.Licenses()[1].LicenseID
		j.Preview(id)
		r.idleRecords(j)
		r.printer.SetCondition(receiptsim.Condition{Paper: devices.PaperOut})
		j.Print(id)
		r.idleRecords(j)
		st, err := j.PrintState(id)
		if st != PrintFailed || !errors.Is(err, app.ErrPrinterPaper) {
			t.Fatalf("print %s: %v", st, err)
		}
		if s := j.Snapshot(); s.Print != PrintFailed {
			t.Fatalf("snapshot print %q", s.Print)
		}
		// Paper again: 再打印 works.
		r.printer.SetCondition(receiptsim.Condition{Paper: devices.PaperOK})
		j.Print(id)
		r.idleRecords(j)
		if st, err := j.PrintState(id); st != PrintDone {
			t.Fatalf("print after new paper %s: %v", st, err)
		}
	})
	t.Run("no records source, no A4 printer, no identity check", func(t *testing.T) {
		r := newRig(t)
		r.session.Data().SetIdentity("token-from-before")
		d := r.cur.Deps()
		d.Records, d.Identity = nil, nil
		j, err := NewRecords(d, RecordsLicenses)
		if err != nil {
			t.Fatal(err)
		}
		defer j.Close()
		if err := j.FaceReady(); !errors.Is(err, app.ErrNoIdentityCheck) {
			t.Fatalf("face ready without a check: %v", err)
		}
		j.Begin()
		r.atRecords(j, StepRecords)
		r.idleRecords(j)
		if _, err := j.Listed(); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("list without a source: %v", err)
		}
		if p := j.Snapshot().Problem; p != "unavailable" {
			t.Fatalf("problem %q", p)
		}
		j.Print("DZZZ-BDC-2019-000731")
		if st, err := j.PrintState("DZZZ-BDC-2019-000731"); st != PrintFailed || !errors.Is(err, app.ErrPrinterMissing) {
			t.Fatalf("print without a source: %s %v", st, err)
		}
		a4less := &app.Records{Session: r.session, Portal: r.client}
		if err := a4less.Print(context.Background(), []byte("%PDF")); !errors.Is(err, app.ErrPrinterMissing) {
			t.Fatalf("records without a printer: %v", err)
		}
	})
	t.Run("the session ends", func(t *testing.T) {
		r := newRig(t)
		j, _ := r.cur.Records(RecordsProgress)
		r.checkIn(j, wang(), func() {})
		r.atRecords(j, StepRecords)
		if len(j.Applications()) == 0 {
			t.Fatal("nothing listed")
		}
		r.session.Cancel()
		if r.cur.Active() != nil {
			t.Fatal("the journey outlived its session")
		}
		r.waitFor("the records dropped", func() bool { return len(j.Applications()) == 0 })
		if _, ok := r.cur.Snapshot(); ok {
			t.Fatal("a snapshot after the session ended")
		}
	})
	t.Run("unknown kind", func(t *testing.T) {
		r := newRig(t)
		if _, err := r.cur.Records("taxes"); err == nil || !strings.Contains(err.Error(), "taxes") {
			t.Fatalf("unknown kind: %v", err)
		}
	})
}

// TestRecordsStepsAndScreens: every step of both records journeys has a
// screen that maps back to it, and stages count from 1.
func TestRecordsStepsAndScreens(t *testing.T) {
	r := newRig(t)
	for _, kind := range []RecordsKind{RecordsProgress, RecordsLicenses} {
		j, err := NewRecords(r.cur.Deps(), kind)
		if err != nil {
			t.Fatal(err)
		}
		if k, ok := RecordsKindOf(j.Purpose()); !ok || k != kind {
			t.Errorf("%s: purpose %q is kind %q", kind, j.Purpose(), k)
		}
		for i, s := range j.Steps() {
			back, ok := j.At(j.Screen(s))
			if !ok || back != s {
				t.Errorf("%s: step %+v → screen %+v → %+v", kind, s, j.Screen(s), back)
			}
			if k, n := j.Stage(s); k != i+1 || n != 3 {
				t.Errorf("%s: step %+v is stage %d of %d", kind, s, k, n)
			}
		}
		if _, ok := j.At(app.Screen{ID: app.ScreenFace, Param: "GJJ-0301"}); ok {
			t.Errorf("%s: a service's face screen belongs to the records journey", kind)
		}
		j.Close()
	}
}
