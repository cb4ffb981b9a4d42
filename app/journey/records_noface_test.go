package journey

import (
	"context"
	"errors"
	"slices"
	"testing"

	"hallkiosk/app"
	"hallkiosk/app/portal"
)

// TestRecordsWithoutFace: with the camera unplugged, 进度查询 gets through
// by a code to the phone on file and 电子证照 by the staff's check at the
// kiosk, each against portalsim, and nothing of the citizen stays after
// the wipe. A wrong code shows no records.
func TestRecordsWithoutFace(t *testing.T) {
	r := newRig(t)
	al := r.withAlternatives("1001")
	r.camera.Unplug()

	j, err := r.cur.Records(RecordsProgress)
	if err != nil {
		t.Fatal(err)
	}
	j.Begin()
	r.atRecords(j, StepIdentify)
	r.placeCard(wang())
	j.CardConfirmed()
	r.atRecords(j, StepFace)
	if j.FaceReady() == nil {
		t.Fatal("a face check looks possible with the camera unplugged")
	}
	if got := j.FaceAlternatives(); !slices.Equal(got, []string{portal.MethodSMSOnFile, portal.MethodStaffWitnessed}) {
		t.Fatalf("alternatives %v", got)
	}
	j.ChooseMethod(portal.MethodSMSOnFile)
	r.atRecords(j, StepIDCode)
	if scr := r.session.Snapshot().Screen; scr.ID != app.ScreenIDCode || scr.Param != app.PurposeProgress {
		t.Fatalf("code screen %+v", scr)
	}
	if k, n := j.Stage(j.Current()); k != 2 || n != 3 {
		t.Errorf("the code is stage %d of %d", k, n)
	}
	j.SendIDCode()
	r.idleRecords(j)
	if sent, masked := j.IDCodeSent(); !sent || masked != "138****1234" {
		t.Fatalf("sent %v to %q: %v", sent, masked, j.Err())
	}
	typeRecordsCode(j, "000000")
	r.idleRecords(j)
	if !errors.Is(j.Err(), app.ErrSMSWrong) || j.Current().Kind != StepIDCode || r.session.Data().Identity() != "" {
		t.Fatalf("a wrong code: %v at %v", j.Err(), j.Current())
	}
	typeRecordsCode(j, rigSMSCode)
	r.atRecords(j, StepRecords)
	r.idleRecords(j)
	if listed, err := j.Listed(); !listed || err != nil || len(j.Applications()) != 3 {
		t.Fatalf("listed %v %v: %d applications", listed, err, len(j.Applications()))
	}
	checkMasked(t, []Snapshot{j.Snapshot()}, wang(), "13800001234")
	r.session.Cancel()
	r.waitFor("the wipe", func() bool { return r.session.Data().Empty() && len(j.Applications()) == 0 })

	r.session.Start()
	l, err := r.cur.Records(RecordsLicenses)
	if err != nil {
		t.Fatal(err)
	}
	l.Begin()
	r.atRecords(l, StepIdentify)
	r.placeCard(wang())
	l.CardConfirmed()
	r.atRecords(l, StepFace)
	l.ChooseMethod(portal.MethodStaffWitnessed)
	r.atRecords(l, StepWitness)
	r.idleRecords(l)
	if st, err := l.WitnessCall(); st != CallReached {
		t.Fatalf("call %s %v", st, err)
	}
	l.TypeWitness('1')
	for _, c := range "001" {
		l.TypeWitness(c)
	}
	l.WitnessField(true)
	for _, c := range rigStaffPIN {
		l.TypeWitness(c)
	}
	l.SetWitnessSeen(true)
	l.Witness()
	r.atRecords(l, StepRecords)
	r.idleRecords(l)
	if listed, err := l.Listed(); !listed || err != nil || len(l.Licenses()) == 0 {
		t.Fatalf("licenses listed %v %v: %d", listed, err, len(l.Licenses()))
	}
	rows, err := al.Last(context.Background(), 1)
	if err != nil || rows[0].Action != "identity.witness" || rows[0].Subject != app.PurposeLicenses {
		t.Fatalf("audit %+v %v", rows, err)
	}
	r.session.Cancel()
	r.waitFor("the wipe", func() bool { return r.session.Data().Empty() && len(l.Licenses()) == 0 })
}

func typeRecordsCode(j *Records, code string) {
	for _, c := range code {
		j.TypeIDCode(c)
	}
	j.VerifyIDCode()
}
