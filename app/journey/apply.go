package journey

import (
	"context"
	"errors"
	"fmt"
	"image"

	"hallkiosk/app"
	"hallkiosk/app/clock"
	"hallkiosk/app/portal"
	"hallkiosk/devices/camera"
)

// Catalog is what a journey needs of the service catalog;
// *catalog.Catalog has it.
type Catalog interface {
	Get(code string) (portal.ServiceItem, bool)
	FormOf(it portal.ServiceItem) portal.Form
	MaterialsOf(it portal.ServiceItem) []portal.Material
}

// FaceChecker checks that the person at the kiosk holds the card read;
// *app.Identity has it. Ready says, before anyone tries, why a check
// cannot succeed now (no camera, no portal), nil when it can.
type FaceChecker interface {
	Ready() error
	Verify(ctx context.Context) error
}

// PhoneChecker confirms a phone number with a texted code; *app.SMS has
// it.
type PhoneChecker interface {
	Possible() bool
	Send(ctx context.Context, phone string) error
	Verify(ctx context.Context, phone, code string) error
}

// Capturer captures a paper material page after page (one PDF per
// material); *app.Documents has it.
type Capturer interface {
	Capture(ctx context.Context, code string) error
	Retake(ctx context.Context, code string, page int) error
	DeletePage(code string, page int) error
	Pages(code string) int
}

// Submitter stores applications and ratings durably; *app.Submitter has
// it.
type Submitter interface {
	Submit(ctx context.Context, it portal.ServiceItem, form portal.Form, materials []portal.Material) (app.Submission, []*app.FieldError, error)
	Rate(ctx context.Context, r portal.Rating) error
	Feedback(ctx context.Context, f portal.Feedback) error
}

// Deps is what journeys need. Session and Catalog are required; a nil
// device or service means the step that needs it cannot run, and the
// journey says so.
type Deps struct {
	Session   *app.Session
	Catalog   Catalog
	Identity  FaceChecker
	SMS       PhoneChecker
	Documents Capturer
	// OnFile checks identity without a face by a code texted to the phone
	// the portal holds (sms_on_file); *app.OnFile has it. nil: not on
	// this kiosk.
	OnFile OnFileChecker
	// Witnessing records a staff-witnessed identity check with the
	// portal; *app.Identity has it.
	Witnessing WitnessChecker
	// Witness is the staff's side of a staff-witnessed check at this
	// kiosk: the call to the window, the staff ID and PIN typed here, the
	// audit row; *staff.Witness has it. nil when no staff can sign in at
	// this kiosk: the citizen is sent to the 网办优先窗口.
	Witness   StaffWitness
	Submitter Submitter
	// Records is what the portal holds for the citizen (进度查询, 电子证照)
	// and the printer for licenses.
	Records RecordsSource
	// PrintReceipt prints the current citizen's 受理回执.
	PrintReceipt func(ctx context.Context) error
	// PrintGuide prints a service's 网办明白卡; *app.Printing has it.
	PrintGuide func(ctx context.Context, it portal.ServiceItem, form portal.Form, mats []portal.Material) error
	// AppURL is the phone app's address, for services without a
	// mobile_url.
	AppURL string
	// StaffCaller raises a call to the staff at the 网办优先窗口 and
	// returns nil only when someone really got it; app.ErrNoStaffLink
	// when the kiosk has no link to them. nil is a kiosk without one.
	StaffCaller func(ctx context.Context) error
	// Stuck, if set, hears that the citizen's slow work failed
	// FailuresForHelp times in a row (a face that does not match, a wrong
	// SMS code, the network), on the journey's goroutine: the kiosk calls
	// the staff by itself. It must not block.
	Stuck func()
	Clock clock.Clock
	// Inline runs slow work on the calling goroutine (deterministic tests
	// on Fyne's test driver).
	Inline bool
}

// Problems a journey reports itself (besides those of app and devices).
var (
	// ErrNoCamera means the step needs a camera the kiosk lacks; it wraps
	// camera.ErrNoCamera.
	ErrNoCamera = fmt.Errorf("journey: %w", camera.ErrNoCamera)
	// ErrSMSShort means fewer digits were typed than an SMS code has.
	ErrSMSShort = errors.New("journey: the SMS code is not complete")
	// ErrNoReason means a low rating came without a reason.
	ErrNoReason = errors.New("journey: a low rating needs a reason")
	// ErrBusy means another piece of slow work is still running.
	ErrBusy = errors.New("journey: busy")
	// ErrUnavailable means the kiosk lacks what the step needs (a
	// printer, the outbox).
	ErrUnavailable = errors.New("journey: not available on this kiosk")
)

// SMSCodeLen is the length of the portal's SMS codes.
const SMSCodeLen = 6

// Busy names the slow work running, "" when none.
type Busy string

// Kinds of slow work.
const (
	BusyNone    Busy = ""
	BusyFace    Busy = "face"
	BusySMS     Busy = "sms"
	BusyCapture Busy = "capture"
	BusySubmit  Busy = "submit"
	BusyPrint   Busy = "print"
	BusyRate    Busy = "rate"
)

// PrintState is where printing the receipt stands.
type PrintState string

// Print states.
const (
	PrintNone     PrintState = ""
	PrintPrinting PrintState = "printing"
	PrintDone     PrintState = "printed"
	PrintFailed   PrintState = "failed"
)

// Apply is the journey of applying for one service (办事, also 一表申请
// package items): identify, face, the form one field at a time, the SMS
// check, the materials, review, submission, result, print and rating. It
// is safe for concurrent use.
type Apply struct {
	worker
	noFace // identity without a face
	item   portal.ServiceItem
	form   portal.Form
	mats   []portal.Material

	// guarded by worker.mu
	fieldErr *app.FieldError   // the problem with the field on screen
	formErrs []*app.FieldError // problems found at submission
	smsSent  bool
	smsTyped string
	print    PrintState
	printErr error
	guide    PrintState // the 网办明白卡
	guideErr error
	license  map[string]bool // materials taken from the citizen's 电子证照
}

// NewApply starts the journey for the service code in the current session.
// It fails for a code the catalog does not have.
func NewApply(d Deps, code string) (*Apply, error) {
	it, ok := d.Catalog.Get(code)
	if !ok {
		return nil, fmt.Errorf("journey: no service %q", code)
	}
	j := &Apply{worker: newWorker(d), item: it, form: d.Catalog.FormOf(it), mats: d.Catalog.MaterialsOf(it)}
	j.where = j.Current
	j.noFace = noFace{wk: &j.worker, h: noFaceHooks{alternatives: j.FaceAlternatives, holder: j.holder,
		identified: j.identified, screen: j.Screen, subject: it.Code}}
	return j, nil
}

// Service is the service applied for.
func (j *Apply) Service() portal.ServiceItem { return j.item }

// Form is the service's form (for 一表申请, the parts' fields merged).
func (j *Apply) Form() portal.Form { return j.form }

// Materials are the documents the service needs.
func (j *Apply) Materials() []portal.Material { return j.mats }

// NeedsCard reports whether the service starts with reading the ID card.
func (j *Apply) NeedsCard() bool {
	return (j.item.RequiresIdentity || j.item.RequiresFace) && !j.NoCard()
}

// Asked returns the indexes (in Form().Fields) of the fields the citizen
// fills in: those the card does not fill.
func (j *Apply) Asked() []int {
	card := j.d.Session.Data().Card()
	var asked []int
	for i, f := range j.form.Fields {
		if app.Prefill(f, card) == "" {
			asked = append(asked, i)
		}
	}
	return asked
}

// FromCard reports whether field i takes its value from the card.
func (j *Apply) FromCard(i int) bool {
	return app.Prefill(j.form.Fields[i], j.d.Session.Data().Card()) != ""
}

// Prefill puts the card's values into the citizen's form, once (a value
// the citizen changed stays).
func (j *Apply) Prefill() {
	data := j.d.Session.Data()
	for _, f := range j.form.Fields {
		if v := app.Prefill(f, data.Card()); v != "" && data.Field(f.Key) == "" {
			data.SetField(f.Key, v)
		}
	}
}

// Steps lists the journey's steps in order, as they stand now: the SMS
// step appears after the phone field once the phone can be confirmed.
func (j *Apply) Steps() []Step {
	var steps []Step
	noCard := j.NoCard()
	if j.NeedsCard() {
		steps = append(steps, Step{Kind: StepIdentify})
	}
	if j.item.RequiresFace && !noCard {
		steps = append(steps, Step{Kind: StepFace})
	}
	for k, i := range j.Asked() {
		steps = append(steps, Step{Kind: StepField, Field: k})
		if j.needsSMS(j.form.Fields[i]) {
			steps = append(steps, Step{Kind: StepSMS})
		}
	}
	if noCard {
		// No card: the number and name typed, then the code to the phone
		// the portal holds for that person.
		steps = append(steps, Step{Kind: StepIDCode})
	}
	if len(j.mats) > 0 {
		steps = append(steps, Step{Kind: StepMaterials})
	}
	return append(steps, Step{Kind: StepReview}, Step{Kind: StepResult})
}

// needsSMS reports whether the phone typed in f must be confirmed by SMS.
func (j *Apply) needsSMS(f portal.Field) bool {
	return f.Type == portal.FieldPhone && j.d.SMS != nil && j.d.SMS.Possible()
}

// Stages are the steps as the citizen is told them (the service detail's
// 办理步骤, "第k步，共n步").
func (j *Apply) Stages() []Stage {
	if j.NoCard() {
		st := []Stage{StageForm, StageFace}
		if len(j.mats) > 0 {
			st = append(st, StageMaterials)
		}
		return append(st, StageSubmit)
	}
	return StagesFor(j.item, j.mats)
}

// StagesFor are the stages of applying for it with materials mats.
func StagesFor(it portal.ServiceItem, mats []portal.Material) []Stage {
	var st []Stage
	if it.RequiresIdentity || it.RequiresFace {
		st = append(st, StageCard)
	}
	if it.RequiresFace {
		st = append(st, StageFace)
	}
	st = append(st, StageForm)
	if len(mats) > 0 {
		st = append(st, StageMaterials)
	}
	return append(st, StageSubmit)
}

// Stage returns the stage of step s as "k of n" (k from 1).
func (j *Apply) Stage(s Step) (k, n int) { return stageIn(j.Stages(), s) }

// At returns the step the session's screen shows, and whether the screen
// belongs to this journey.
func (j *Apply) At(s app.Screen) (Step, bool) {
	if s.Param != j.item.Code {
		return Step{}, false
	}
	switch s.ID {
	case app.ScreenIDCard:
		return Step{Kind: StepIdentify}, true
	case app.ScreenFace:
		return Step{Kind: StepFace}, true
	case app.ScreenForm:
		return Step{Kind: StepField, Field: s.Index}, true
	case app.ScreenSMS:
		return Step{Kind: StepSMS}, true
	case app.ScreenIDCode:
		return Step{Kind: StepIDCode}, true
	case app.ScreenWitness:
		return Step{Kind: StepWitness}, true
	case app.ScreenMaterials:
		return Step{Kind: StepMaterials}, true
	case app.ScreenConfirm:
		return Step{Kind: StepReview}, true
	case app.ScreenResult:
		return Step{Kind: StepResult}, true
	case app.ScreenRating:
		return Step{Kind: StepRate}, true
	}
	return Step{}, false
}

// Current is the step on screen now (StepNone when the session shows
// something else).
func (j *Apply) Current() Step {
	s, _ := j.At(j.d.Session.Snapshot().Screen)
	return s
}

// Screen is where step s is drawn.
func (j *Apply) Screen(s Step) app.Screen {
	code := j.item.Code
	switch s.Kind {
	case StepIdentify:
		return app.Screen{ID: app.ScreenIDCard, Param: code}
	case StepFace:
		return app.Screen{ID: app.ScreenFace, Param: code}
	case StepField:
		return app.Screen{ID: app.ScreenForm, Param: code, Index: s.Field}
	case StepSMS:
		return app.Screen{ID: app.ScreenSMS, Param: code}
	case StepIDCode:
		return app.Screen{ID: app.ScreenIDCode, Param: code}
	case StepWitness:
		return app.Screen{ID: app.ScreenWitness, Param: code}
	case StepMaterials:
		return app.Screen{ID: app.ScreenMaterials, Param: code}
	case StepReview:
		return app.Screen{ID: app.ScreenConfirm, Param: code}
	case StepResult:
		return app.Screen{ID: app.ScreenResult, Param: code}
	case StepRate:
		return app.Screen{ID: app.ScreenRating, Param: code}
	}
	return app.Screen{ID: app.ScreenService, Param: code}
}

// after is the step that follows s.
func (j *Apply) after(s Step) Step {
	steps := j.Steps()
	for i, x := range steps {
		if x == s && i+1 < len(steps) {
			return steps[i+1]
		}
	}
	if s.Kind == StepField {
		// A field past the asked ones (the card filled more than
		// expected): go on to what follows the fields.
		for _, x := range steps {
			if x.Kind > StepSMS {
				return x
			}
		}
	}
	return Step{Kind: StepReview}
}

// first is the step the journey starts with: the card, or the first field
// (review when the card filled everything).
func (j *Apply) first() Step { return j.Steps()[0] }

// Begin opens the journey's first step (开始办理).
func (j *Apply) Begin() {
	j.clearErr()
	j.d.Session.Open(j.Screen(j.first()))
}

// CardConfirmed moves on from a card the citizen confirmed as theirs.
func (j *Apply) CardConfirmed() {
	if j.d.Session.Data().Card() == nil {
		j.fail(app.ErrNoCard)
		return
	}
	j.Prefill()
	j.clearErr()
	j.d.Session.Replace(j.Screen(j.after(Step{Kind: StepIdentify})))
}

// CardRejected forgets a card the citizen says is not theirs.
func (j *Apply) CardRejected() {
	j.d.Session.Data().SetCard(nil)
	j.clearErr()
}

// FaceReady says why a face check cannot succeed here now, nil when it
// can: the screen tells the citizen before they try.
func (j *Apply) FaceReady() error {
	if j.d.Identity == nil {
		return ErrNoCamera
	}
	return j.d.Identity.Ready()
}

// Verify runs the face check in the background and, when it passes,
// moves on.
func (j *Apply) Verify() {
	if j.d.Identity == nil {
		j.fail(ErrNoCamera)
		return
	}
	j.run(BusyFace, j.d.Identity.Verify, func(err error) {
		if err == nil {
			j.d.Session.Replace(j.Screen(j.after(Step{Kind: StepFace})))
		}
	})
}

// FaceOptional reports whether the service lets the citizen go on without
// the face check.
func (j *Apply) FaceOptional() bool { return !j.item.RequiresFace }

// SkipFace goes on without the face check, where the service allows it.
func (j *Apply) SkipFace() {
	if !j.FaceOptional() {
		return
	}
	j.clearErr()
	j.d.Session.Replace(j.Screen(j.after(Step{Kind: StepIdentify})))
}

// Field returns the asked field of step k, its index in the form, and its
// current value.
func (j *Apply) Field(k int) (f portal.Field, ok bool) {
	asked := j.Asked()
	if k < 0 || k >= len(asked) {
		return portal.Field{}, false
	}
	return j.form.Fields[asked[k]], true
}

// Value is the citizen's value of the field with key.
func (j *Apply) Value(key string) string { return j.d.Session.Data().Field(key) }

// MaxValueRunes bounds any value typed at the kiosk, whatever the form
// says.
const MaxValueRunes = 200

// SetValue changes the value of a field, bounded to the field's length
// (and MaxValueRunes), and clears that field's error.
func (j *Apply) SetValue(f portal.Field, v string) {
	limit := MaxValueRunes
	if f.MaxLen > 0 && f.MaxLen+2 < limit {
		limit = f.MaxLen + 2 // a little over, so the citizen is told why
	}
	if r := []rune(v); len(r) > limit {
		v = string(r[:limit])
	}
	j.d.Session.Data().SetField(f.Key, v)
	j.d.Session.Touch()
	j.mu.Lock()
	if j.fieldErr != nil && j.fieldErr.Field.Key == f.Key {
		j.fieldErr = nil
	}
	j.mu.Unlock()
}

// FieldError is the problem with the field on screen, or nil.
func (j *Apply) FieldError() *app.FieldError {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.fieldErr
}

// Next validates the field of step k and moves to what follows: the SMS
// check after a phone that needs confirming, the next field, the
// materials, or review. It returns the field's problem (also kept for
// FieldError) when the value does not do.
func (j *Apply) Next(k int) *app.FieldError {
	f, ok := j.Field(k)
	if !ok {
		j.d.Session.Open(j.Screen(j.after(Step{Kind: StepField, Field: k})))
		return nil
	}
	if err := app.ValidateField(f, j.Value(f.Key), j.d.Clock.Now()); err != nil {
		j.mu.Lock()
		j.fieldErr = err
		j.mu.Unlock()
		return err
	}
	j.mu.Lock()
	j.fieldErr = nil
	j.mu.Unlock()
	next := j.after(Step{Kind: StepField, Field: k})
	if next.Kind == StepSMS && j.d.Session.Data().Phone() == j.Value(f.Key) {
		next = j.after(next) // this number was confirmed already
	}
	if next.Kind == StepSMS {
		j.mu.Lock()
		j.smsSent, j.smsTyped, j.err = false, "", nil
		j.mu.Unlock()
	}
	j.d.Session.Open(j.Screen(next))
	return nil
}

// Edit opens the field of step k again, from review.
func (j *Apply) Edit(k int) {
	j.clearErr()
	j.d.Session.Open(j.Screen(Step{Kind: StepField, Field: k}))
}

// Phone is the phone number the SMS step confirms.
func (j *Apply) Phone() string {
	for _, i := range j.Asked() {
		if f := j.form.Fields[i]; f.Type == portal.FieldPhone {
			return j.Value(f.Key)
		}
	}
	return ""
}

// SMSSent reports whether a code was sent to the phone.
func (j *Apply) SMSSent() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.smsSent
}

// SMSTyped is the code typed so far (never shown or spoken: the screens
// show one mark per digit).
func (j *Apply) SMSTyped() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.smsTyped
}

// TypeSMS adds a digit ('0'..'9') to the code, or deletes one ('\b') or all
// ('\x00'); it reports whether anything changed.
func (j *Apply) TypeSMS(key rune) bool {
	j.mu.Lock()
	changed := true
	switch {
	case key == '\b' && len(j.smsTyped) > 0:
		j.smsTyped = j.smsTyped[:len(j.smsTyped)-1]
	case key == 0 && j.smsTyped != "":
		j.smsTyped = ""
	case key >= '0' && key <= '9' && len(j.smsTyped) < SMSCodeLen:
		j.smsTyped += string(key)
	default:
		changed = false
	}
	j.mu.Unlock()
	if changed {
		j.d.Session.Touch()
	}
	return changed
}

// SendSMS asks the portal to text a code to the phone.
func (j *Apply) SendSMS() {
	if j.d.SMS == nil {
		j.fail(ErrUnavailable)
		return
	}
	phone := j.Phone()
	j.run(BusySMS, func(ctx context.Context) error { return j.d.SMS.Send(ctx, phone) }, func(err error) {
		if err == nil {
			j.mu.Lock()
			j.smsSent = true
			j.mu.Unlock()
		}
	})
}

// VerifySMS checks the typed code and, when right, moves past the SMS step.
func (j *Apply) VerifySMS() {
	code := j.SMSTyped()
	if len(code) != SMSCodeLen {
		j.fail(ErrSMSShort)
		return
	}
	if j.d.SMS == nil {
		j.fail(ErrUnavailable)
		return
	}
	phone := j.Phone()
	j.run(BusySMS, func(ctx context.Context) error { return j.d.SMS.Verify(ctx, phone, code) }, func(err error) {
		j.mu.Lock()
		j.smsTyped = ""
		j.mu.Unlock()
		if err == nil {
			j.d.Session.Replace(j.Screen(j.after(Step{Kind: StepSMS})))
		}
	})
}

// Captured reports whether material code has a picture.
func (j *Apply) Captured(code string) bool { return j.d.Session.Data().Material(code) != nil }

// Capture photographs the next page of one material in the background.
func (j *Apply) Capture(code string) {
	if j.d.Documents == nil {
		j.fail(ErrNoCamera)
		return
	}
	j.setLicense(code, false)
	j.run(BusyCapture, func(ctx context.Context) error { return j.d.Documents.Capture(ctx, code) }, nil)
}

// Retake photographs page (from 0) of a material again, in the
// background.
func (j *Apply) Retake(code string, page int) {
	if j.d.Documents == nil {
		j.fail(ErrNoCamera)
		return
	}
	j.run(BusyCapture, func(ctx context.Context) error { return j.d.Documents.Retake(ctx, code, page) }, nil)
}

// DeletePage removes page (from 0) of a material.
func (j *Apply) DeletePage(code string, page int) {
	if j.d.Documents == nil {
		return
	}
	if err := j.d.Documents.DeletePage(code, page); err != nil {
		j.fail(err)
		return
	}
	j.clearErr()
}

// Pages is how many pages of material code were photographed.
func (j *Apply) Pages(code string) int {
	if j.d.Documents == nil {
		return 0
	}
	return j.d.Documents.Pages(code)
}

// UseLicense has the portal take material code from the citizen's 电子证照
// (用我的电子证照) instead of a paper copy: the pages photographed go.
// Only for a material the catalog says can come from one.
func (j *Apply) UseLicense(code string) {
	for _, m := range j.mats {
		if m.Code != code || m.FromLicense == "" {
			continue
		}
		for j.Pages(code) > 0 {
			if j.d.Documents.DeletePage(code, 0) != nil {
				break
			}
		}
		j.setLicense(code, true)
		j.clearErr()
		return
	}
	j.fail(ErrUnavailable)
}

// UsesLicense reports whether the citizen chose 用我的电子证照 for code.
func (j *Apply) UsesLicense(code string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.license[code]
}

func (j *Apply) setLicense(code string, on bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.license == nil {
		j.license = map[string]bool{}
	}
	j.license[code] = on
}

// MaterialsDone moves on to review when every required material that the
// portal cannot fetch itself has its picture.
func (j *Apply) MaterialsDone() error {
	for _, m := range j.mats {
		if m.Required && m.FromLicense == "" && !j.Captured(m.Code) {
			err := fmt.Errorf("%w: %s", app.ErrMissingMaterial, m.Name)
			j.fail(err)
			return err
		}
	}
	j.clearErr()
	j.d.Session.Open(j.Screen(Step{Kind: StepReview}))
	return nil
}

// FormErrors are the problems found when the form was submitted.
func (j *Apply) FormErrors() []*app.FieldError {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.formErrs
}

// Submit stores the application in the background (正在提交…) and, once
// it is durable, shows the result; the outbox sends it. A problem keeps
// every value and is shown and spoken.
func (j *Apply) Submit() {
	if j.d.Submitter == nil {
		j.fail(app.ErrNoQueue)
		return
	}
	if j.item.RequiresFace && j.d.Session.Data().Identity() == "" {
		// Never past a check the service needs, whatever led here.
		j.fail(app.ErrNoIdentity)
		return
	}
	j.Prefill()
	var problems []*app.FieldError
	j.mu.Lock()
	j.formErrs = nil
	j.mu.Unlock()
	j.run(BusySubmit, func(ctx context.Context) error {
		var err error
		_, problems, err = j.d.Submitter.Submit(ctx, j.item, j.form, j.mats)
		return err
	}, func(err error) {
		if errors.Is(err, app.ErrInvalidForm) {
			j.mu.Lock()
			j.formErrs = problems
			j.mu.Unlock()
			return
		}
		if err == nil {
			j.d.Session.Replace(j.Screen(Step{Kind: StepResult}))
		}
	})
}

// Submission is the citizen's stored application, or nil before Submit.
func (j *Apply) Submission() *app.Submission { return j.d.Session.Data().Submission() }

// PrintState says where printing the receipt stands, and its failure.
func (j *Apply) PrintState() (PrintState, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.print, j.printErr
}

// Print prints the 受理回执 in the background.
func (j *Apply) Print() {
	if j.d.PrintReceipt == nil {
		j.mu.Lock()
		j.print, j.printErr = PrintFailed, app.ErrPrinterMissing
		j.mu.Unlock()
		return
	}
	j.mu.Lock()
	if j.running[BusyPrint] {
		j.mu.Unlock()
		return
	}
	j.print, j.printErr = PrintPrinting, nil
	j.mu.Unlock()
	j.run(BusyPrint, j.d.PrintReceipt, func(err error) {
		j.mu.Lock()
		defer j.mu.Unlock()
		if err != nil {
			j.print, j.printErr = PrintFailed, err
			return
		}
		j.print = PrintDone
	})
}

// OpenRating opens 好差评 for this journey.
func (j *Apply) OpenRating() {
	j.clearErr()
	j.d.Session.Open(j.Screen(Step{Kind: StepRate}))
}

// Rate stores the citizen's rating in the background and ends the session
// with thanks once it is stored; a rating of 1 or 2 needs a reason. A
// failure is shown and the choice kept.
func (j *Apply) Rate(level int, reasons []string) {
	j.rate(RatingFor(j.item.Code, j.Submission(), level, reasons))
}

func (j *Apply) clearErr() {
	j.mu.Lock()
	j.err, j.fieldErr = nil, nil
	j.mu.Unlock()
}

// previewer is a capturer or a face checker whose camera streams a
// picture; *app.Documents and *app.Identity are.
type previewer interface {
	Preview(ctx context.Context, fps int) (<-chan image.Image, error)
}

// DocumentPreview streams the document camera's picture for the
// materials screen until ctx ends; ErrNoCamera when there is none.
func (j *Apply) DocumentPreview(ctx context.Context, fps int) (<-chan image.Image, error) {
	if p, ok := j.d.Documents.(previewer); ok {
		return p.Preview(ctx, fps)
	}
	return nil, ErrNoCamera
}

// FacePreview streams the face camera's picture for the face screen until
// ctx ends; ErrNoCamera when there is none.
func (j *Apply) FacePreview(ctx context.Context, fps int) (<-chan image.Image, error) {
	if p, ok := j.d.Identity.(previewer); ok {
		return p.Preview(ctx, fps)
	}
	return nil, ErrNoCamera
}

// PageImages are material code's pages as they will be uploaded (its PDF
// drawn back), for the citizen to check; nil when none.
func (j *Apply) PageImages(code string) ([]image.Image, error) {
	if p, ok := j.d.Documents.(interface {
		PageImages(code string) ([]image.Image, error)
	}); ok {
		return p.PageImages(code)
	}
	return nil, nil
}
