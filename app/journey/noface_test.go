package journey

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/audit"
	"hallkiosk/app/clock"
	"hallkiosk/app/portal"
	"hallkiosk/app/staff"
	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard"
)

// rigStaffPIN is the PIN of the rig's member of staff.
const rigStaffPIN = "480215"

// withAlternatives gives the rig's journeys the sms_on_file check and,
// when staffID is set, a member of staff with that ID (PIN rigStaffPIN)
// who can sign at the kiosk, on a real account store and audit log; the
// call to the window always reaches it.
func (r *rig) withAlternatives(staffID string) *audit.Log {
	d := r.cur.Deps()
	d.OnFile = app.NewOnFile(r.session, r.client)
	d.Witnessing = d.Identity.(*app.Identity)
	var al *audit.Log
	if staffID != "" {
		dir := r.t.TempDir()
		var err error
		al, err = audit.Open(filepath.Join(dir, audit.FileName), audit.Options{})
		if err != nil {
			r.t.Fatal(err)
		}
		r.t.Cleanup(func() { al.Close() })
		st, err := staff.Open(filepath.Join(dir, staff.FileName), staff.Options{Audit: al, Params: staff.Params{Time: 1, MemoryKiB: 8 << 10, Threads: 1}})
		if err != nil {
			r.t.Fatal(err)
		}
		r.t.Cleanup(func() { st.Close() })
		if err := st.Add(context.Background(), staffID, staff.RoleAssistant, rigStaffPIN, "test"); err != nil {
			r.t.Fatal(err)
		}
		d.Witness = &staff.Witness{Checker: st, Audit: al, Terminal: "K1",
			Caller: func(context.Context, string) error { return nil }}
	}
	r.cur.Close()
	r.cur = NewCurrent(d)
	r.t.Cleanup(r.cur.Close)
	return al
}

// witness has the member of staff type id and pin, confirm they compared
// the card with the person (when seen) and sign.
func (r *rig) witness(j *Apply, id, pin string, seen bool) {
	j.WitnessField(false)
	j.TypeWitness(0)
	for _, c := range id {
		j.TypeWitness(c)
	}
	j.WitnessField(true)
	for _, c := range pin {
		j.TypeWitness(c)
	}
	j.SetWitnessSeen(seen)
	j.Witness()
	r.idle(j)
}

// fillAll fills every asked field from values and passes the SMS step of
// a phone if it comes.
func (r *rig) fillAll(j *Apply, values map[string]string) {
	r.t.Helper()
	for k := 0; k < len(j.Asked()); k++ {
		f, _ := j.Field(k)
		j.SetValue(f, values[f.Key])
		if fe := j.Next(k); fe != nil {
			r.t.Fatalf("%s: %v", f.Key, fe)
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
}

// typeCode types the code on the identity-code step and verifies it.
func (r *rig) typeCode(j *Apply, code string) {
	for _, c := range code {
		j.TypeIDCode(c)
	}
	j.VerifyIDCode()
	r.idle(j)
}

// finishAndWipe submits from review, ends the session and checks that
// nothing of the citizen stays.
func (r *rig) finishAndWipe(j *Apply) {
	r.t.Helper()
	r.at(j, StepReview)
	j.Submit()
	r.idle(j)
	if j.Err() != nil {
		r.t.Fatalf("submit: %v", j.Err())
	}
	r.at(j, StepResult)
	r.session.Finish()
	r.waitFor("the wipe", func() bool { return r.session.Data().Empty() })
}

// TestFaceAlternativesFollowTheCatalog: what "不方便刷脸？" offers is what
// each service allows, and no more.
func TestFaceAlternativesFollowTheCatalog(t *testing.T) {
	r := newRig(t)
	r.withAlternatives("")
	cases := map[string][]string{
		"BDC-0401":  nil, // face only: the window
		"GJJ-0301":  {portal.MethodSMSOnFile},
		"GA-0502":   {portal.MethodStaffWitnessed},
		"SB-0202":   {portal.MethodSMSOnFile, portal.MethodStaffWitnessed},
		"SB-0201":   nil, // no face at all
		"QYKB-0001": {portal.MethodStaffWitnessed},
	}
	for code, want := range cases {
		j, err := NewApply(r.cur.Deps(), code)
		if err != nil {
			t.Fatal(err)
		}
		if got := j.FaceAlternatives(); !slices.Equal(got, want) {
			t.Errorf("%s: alternatives %v, want %v", code, got, want)
		}
		j.Close()
	}
	// A kiosk without the portal's SMS cannot offer sms_on_file.
	d := r.cur.Deps()
	d.OnFile = nil
	j, _ := NewApply(d, "SB-0202")
	if got := j.FaceAlternatives(); !slices.Equal(got, []string{portal.MethodStaffWitnessed}) {
		t.Errorf("without OnFile: %v", got)
	}
	j.ChooseMethod(portal.MethodSMSOnFile)
	if !errors.Is(j.Err(), ErrMethodNotOffered) {
		t.Errorf("a method not offered was opened: %v", j.Err())
	}
	j.Close()
}

// TestSMSOnFilePath: 住房公积金提取 with the card and a code to the phone
// the portal holds, instead of the face.
func TestSMSOnFilePath(t *testing.T) {
	r := newRig(t)
	r.withAlternatives("")
	j, _ := r.cur.Apply("GJJ-0301")
	j.Begin()
	r.placeCard(wang())
	j.CardConfirmed()
	r.at(j, StepFace)
	j.ChooseMethod(portal.MethodSMSOnFile)
	r.at(j, StepIDCode)
	if k, n := j.Stage(j.Current()); k != 2 || n < 3 {
		t.Errorf("the code is stage %d of %d, want the face's", k, n)
	}
	j.SendIDCode()
	r.idle(j)
	sent, masked := j.IDCodeSent()
	if !sent || masked != "138****1234" || j.Err() != nil {
		t.Fatalf("sent %v to %q: %v", sent, masked, j.Err())
	}
	r.typeCode(j, "000000")
	if !errors.Is(j.Err(), app.ErrSMSWrong) || j.Current().Kind != StepIDCode || r.session.Data().Identity() != "" {
		t.Fatalf("a wrong code: %v at %v", j.Err(), j.Current())
	}
	r.typeCode(j, rigSMSCode)
	if j.Err() != nil {
		t.Fatal(j.Err())
	}
	r.at(j, StepField)
	if r.session.Data().Identity() == "" {
		t.Fatal("no identity after the code")
	}
	snap := j.Snapshot()
	r.fillAll(j, map[string]string{"reason": "租房", "amount": "3000", "bank_card": "6222020200112233445", "phone": "13900139000"})
	r.at(j, StepMaterials)
	if err := j.MaterialsDone(); err != nil {
		t.Fatal(err)
	}
	checkMasked(t, []Snapshot{snap, j.Snapshot()}, wang(), "13800001234")
	r.finishAndWipe(j)
}

// TestStaffWitnessedPath: 居住证申领 with a member of staff at the kiosk;
// without one, the kiosk cannot do it and says so.
func TestStaffWitnessedPath(t *testing.T) {
	r := newRig(t)
	r.withAlternatives("")
	j, _ := r.cur.Apply("GA-0502")
	j.Begin()
	r.placeCard(wang())
	j.CardConfirmed()
	r.at(j, StepFace)
	j.ChooseMethod(portal.MethodStaffWitnessed)
	r.at(j, StepWitness)
	if j.WitnessHere() {
		t.Fatal("a kiosk without staff sign-in says staff can witness here")
	}
	j.Witness()
	if !errors.Is(j.Err(), ErrMethodNotOffered) || r.session.Data().Identity() != "" {
		t.Fatalf("witnessed without staff: %v", j.Err())
	}
	j.Close()
	r.session.Cancel()
	r.waitFor("the wipe", func() bool { return r.session.Data().Empty() })

	r.session.Start()
	al := r.withAlternatives("1001")
	j, _ = r.cur.Apply("GA-0502")
	j.Begin()
	r.placeCard(wang())
	j.CardConfirmed()
	r.at(j, StepFace)
	j.ChooseMethod(portal.MethodStaffWitnessed)
	r.at(j, StepWitness)
	r.idle(j)
	if st, err := j.WitnessCall(); st != CallReached {
		t.Fatalf("the call to the window: %s %v", st, err)
	}
	// Not confirmed that the card was compared with the person; a wrong
	// PIN: neither passes, the card stays, the PIN typed is gone.
	r.witness(j, "1001", rigStaffPIN, false)
	if !errors.Is(j.Err(), ErrNotSeen) || r.session.Data().Identity() != "" {
		t.Fatalf("witnessed without the check: %v", j.Err())
	}
	r.witness(j, "1001", "135790", true)
	if !errors.Is(j.Err(), staff.ErrWrongPIN) || r.session.Data().Identity() != "" || r.session.Data().Card() == nil {
		t.Fatalf("wrong PIN: %v", j.Err())
	}
	if _, n, _ := j.WitnessTyped(); n != 0 {
		t.Fatal("the PIN stays typed after a try")
	}
	r.at(j, StepWitness)
	r.witness(j, "1001", rigStaffPIN, true)
	if j.Err() != nil {
		t.Fatal(j.Err())
	}
	if r.session.Data().Identity() == "" {
		t.Fatal("no identity after the witnessed check")
	}
	rows, err := al.Last(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if last := rows[len(rows)-1]; last.Action != "identity.witness" || last.Actor != "1001" || last.Subject != "GA-0502" {
		t.Fatalf("audit row %+v", last)
	}
	r.at(j, StepField)
	r.fillAll(j, map[string]string{"live_address": "示例市东城区和平里街道1号", "live_since": "2024-01-01", "phone": "13900139000"})
	r.at(j, StepMaterials)
	if err := j.MaterialsDone(); err != nil {
		t.Fatal(err)
	}
	r.finishAndWipe(j)
}

// TestNoCameraPath: with the camera unplugged the face step offers what
// the service allows, and the citizen gets through by SMS on file; a
// face-only service offers nothing here and cannot be submitted past.
func TestNoCameraPath(t *testing.T) {
	r := newRig(t)
	r.withAlternatives("")
	r.camera.Unplug()
	j, _ := r.cur.Apply("SB-0202")
	j.Begin()
	r.placeCard(wang())
	j.CardConfirmed()
	r.at(j, StepFace)
	if !errors.Is(j.FaceReady(), camera.ErrNoCamera) {
		t.Fatalf("FaceReady = %v", j.FaceReady())
	}
	if got := j.FaceAlternatives(); len(got) != 2 {
		t.Fatalf("alternatives %v", got)
	}
	j.ChooseMethod(portal.MethodSMSOnFile)
	r.at(j, StepIDCode)
	j.SendIDCode()
	r.idle(j)
	r.typeCode(j, rigSMSCode)
	if j.Err() != nil {
		t.Fatal(j.Err())
	}
	r.finishAndWipe(j)

	// BDC-0401 accepts only the face: nothing to choose, and review
	// cannot be reached around the check.
	r.session.Start()
	j, _ = r.cur.Apply("BDC-0401")
	j.Begin()
	r.placeCard(wang())
	j.CardConfirmed()
	r.at(j, StepFace)
	if alt := j.FaceAlternatives(); len(alt) != 0 {
		t.Fatalf("face-only service offers %v", alt)
	}
	j.SkipFace()
	if j.Current().Kind != StepFace {
		t.Fatal("the face check of a face-only service was skipped")
	}
	r.session.Open(j.Screen(Step{Kind: StepReview}))
	j.Submit()
	if !errors.Is(j.Err(), app.ErrNoIdentity) {
		t.Fatalf("submitted without the check: %v", j.Err())
	}
	j.Close()
}

// TestLostCardPath: 身份证补领预约 for a citizen without their card: the
// number and name typed, a code to the phone the portal holds, submitted;
// a citizen the portal holds no phone for is told so and sent to staff.
func TestLostCardPath(t *testing.T) {
	r := newRig(t)
	r.withAlternatives("")
	j, _ := r.cur.Apply("GA-0501")
	if !j.NeedsCard() || !j.CanGoWithoutCard() {
		t.Fatalf("needs card %v, can go without %v", j.NeedsCard(), j.CanGoWithoutCard())
	}
	j.Begin()
	r.at(j, StepIdentify)
	j.GoWithoutCard()
	r.at(j, StepField)
	if j.NeedsCard() || j.Steps()[0].Kind != StepField {
		t.Fatalf("steps without a card: %v", j.Steps())
	}
	if k, n := j.Stage(j.Current()); k != 1 || n != 3 {
		t.Errorf("the first field is stage %d of %d", k, n)
	}
	values := map[string]string{"name": "王秀兰", "id_number": "11010519491231002X", "reason": "丢失", "date": "2026-12-10", "phone": "13900139000"}
	for k := 0; k < len(j.Asked()); k++ {
		f, _ := j.Field(k)
		if f.Type == portal.FieldSelect {
			values[f.Key] = f.Options[0]
		}
	}
	r.fillAll(j, values)
	r.at(j, StepIDCode)
	if k, _ := j.Stage(j.Current()); k != 2 {
		t.Errorf("the code is stage %d", k)
	}
	j.SendIDCode()
	r.idle(j)
	if sent, masked := j.IDCodeSent(); !sent || masked != "138****1234" {
		t.Fatalf("sent %v to %q: %v", sent, masked, j.Err())
	}
	snap := j.Snapshot()
	r.typeCode(j, rigSMSCode)
	if j.Err() != nil {
		t.Fatal(j.Err())
	}
	checkMasked(t, []Snapshot{snap, j.Snapshot()}, wang(), "13900139000")
	r.finishAndWipe(j)

	// Someone the portal holds no phone for.
	r.session.Start()
	j, _ = r.cur.Apply("GA-0501")
	j.Begin()
	j.GoWithoutCard()
	nobody := server.NoPhoneIdentity()
	values["name"], values["id_number"] = nobody.Name, nobody.IDNumber
	r.fillAll(j, values)
	r.at(j, StepIDCode)
	j.SendIDCode()
	r.idle(j)
	if !errors.Is(j.Err(), app.ErrNoPhoneOnFile) || j.Snapshot().Problem != "no_phone_on_file" {
		t.Fatalf("no phone on file: %v", j.Err())
	}
	if sent, _ := j.IDCodeSent(); sent {
		t.Fatal("a code counts as sent")
	}
	j.Close()
	r.session.Cancel()
	r.waitFor("the wipe", func() bool { return r.session.Data().Empty() })
}

// A typed holder is a resident card's.
func TestTypedHolder(t *testing.T) {
	h := app.TypedHolder("11010519491231002X", "王秀兰")
	if h.CardType != string(idcard.Resident) {
		t.Errorf("%+v", h)
	}
}

// TestWitnessCallTimeout: a call the window never answers ends after
// StaffCallTimeout on the journey's clock as CallFailed (never "reached"),
// the citizen's card stays, staff who are there can still sign, and
// 再次通知 calls again.
func TestWitnessCallTimeout(t *testing.T) {
	r := newRig(t)
	r.withAlternatives("1001")
	d := r.cur.Deps()
	clk := clock.NewFake(time.Now())
	d.Clock = clk
	var calls atomic.Int32
	var hang atomic.Bool
	hang.Store(true)
	w := d.Witness.(*staff.Witness)
	w.Caller = func(ctx context.Context, _ string) error {
		calls.Add(1)
		if hang.Load() {
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	}
	r.cur.Close()
	r.cur = NewCurrent(d)
	t.Cleanup(r.cur.Close)
	j, _ := r.cur.Apply("GA-0502")
	j.Begin()
	r.placeCard(wang())
	j.CardConfirmed()
	r.at(j, StepFace)
	j.ChooseMethod(portal.MethodStaffWitnessed)
	r.at(j, StepWitness)
	// The call's timer is set before the caller is called.
	r.waitFor("the call under way", func() bool { return calls.Load() == 1 })
	clk.Advance(StaffCallTimeout)
	r.idle(j)
	st, err := j.WitnessCall()
	if st != CallFailed || !errors.Is(err, ErrNoAnswer) || j.Err() != nil {
		t.Fatalf("after the timeout: %s %v (step error %v)", st, err, j.Err())
	}
	if r.session.Data().Card() == nil || j.Current().Kind != StepWitness {
		t.Fatal("the timeout lost the card or the step")
	}
	hang.Store(false)
	j.CallWitness()
	r.idle(j)
	if st, _ := j.WitnessCall(); st != CallReached || calls.Load() != 2 {
		t.Fatalf("called again: %s after %d calls", st, calls.Load())
	}
	r.witness(j, "1001", rigStaffPIN, true)
	if j.Err() != nil || r.session.Data().Identity() == "" {
		t.Fatalf("signing after the timeout: %v", j.Err())
	}
}
