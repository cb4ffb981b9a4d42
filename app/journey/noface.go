package journey

import (
	"context"
	"errors"
	"slices"

	"hallkiosk/app"
	"hallkiosk/app/portal"
)

// OnFileChecker checks identity with a code texted to the phone the portal
// holds for the person (sms_on_file); *app.OnFile has it.
type OnFileChecker interface {
	Possible() bool
	Send(ctx context.Context, h app.Holder) (phoneMasked string, err error)
	Verify(ctx context.Context, code string) error
}

// WitnessChecker records a staff-witnessed identity check with the portal;
// *app.Identity has it.
type WitnessChecker interface {
	Witnessed(ctx context.Context, h app.Holder, staffID string) error
}

// Kinds of slow work of identity without a face.
const (
	BusyIDCode  Busy = "id_code"
	BusyWitness Busy = "witness"
)

// ErrMethodNotOffered means the citizen chose an identity method the
// service does not accept or this kiosk cannot run.
var ErrMethodNotOffered = errors.New("journey: identity method not offered here")

// noFace is identity without a face, shared by the journeys that check
// who the citizen is (an application; 进度查询 and 电子证照): the code to
// the phone on file and the staff's check at this kiosk. The journey
// embeds it and says, through its hooks, what it allows, whom the check
// is for and where it goes next.
type noFace struct {
	wk  *worker
	alt altState // guarded by w.mu
	h   noFaceHooks
}

// noFaceHooks are what the embedding journey tells noFace.
type noFaceHooks struct {
	// alternatives are the methods the citizen may choose
	// (FaceAlternatives).
	alternatives func() []string
	// holder is whom the check is for.
	holder func() app.Holder
	// identified moves on from a passed check.
	identified func()
	// screen is where a step is drawn.
	screen func(Step) app.Screen
	// subject names the journey in the staff call and the audit row (a
	// service code, or the records' purpose); never the citizen.
	subject string
}

// altState is where identity without a face stands (guarded by worker.mu).
type altState struct {
	method string // the method chosen: "" is the face
	noCard bool   // the citizen has no card: number and name typed
	sent   bool   // a code went to the phone on file
	typed  string // the code typed (never shown or spoken)
	phone  string // the phone on file, masked
	wit    witnessState
}

// FaceAlternatives are the identity methods besides the face the citizen
// may choose for this service on this kiosk, in the catalog's order:
// sms_on_file where the kiosk can text the phone on file, staff_witnessed
// always (at this kiosk when staff can sign here, else at the 网办优先窗口).
// None for a service that needs no face, or accepts only the face.
func (j *Apply) FaceAlternatives() []string {
	if !j.item.RequiresFace {
		return nil
	}
	var out []string
	for _, m := range j.item.FaceAlternatives {
		switch {
		case m == portal.MethodSMSOnFile && j.d.OnFile != nil && j.d.OnFile.Possible():
			out = append(out, m)
		case m == portal.MethodStaffWitnessed && !slices.Contains(out, m):
			out = append(out, m)
		}
	}
	return out
}

// Method is the identity method the citizen chose ("" for the face).
func (j *noFace) Method() string {
	j.wk.mu.Lock()
	defer j.wk.mu.Unlock()
	return j.alt.method
}

// NoCard reports whether the citizen goes on without an ID card (they
// type their number and name, then get a code on the phone on file).
func (j *Apply) NoCard() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.alt.noCard
}

// CanGoWithoutCard reports whether a citizen without their card can apply
// here: the service accepts sms_on_file, the kiosk can text the phone on
// file, and the form asks the ID number and the name.
func (j *Apply) CanGoWithoutCard() bool {
	if !j.item.RequiresIdentity && !j.item.RequiresFace {
		return false
	}
	if !slices.Contains(j.item.FaceAlternatives, portal.MethodSMSOnFile) || j.d.OnFile == nil || !j.d.OnFile.Possible() {
		return false
	}
	id, name := j.typedKeys()
	return id != "" && name != ""
}

// typedKeys are the keys of the form's ID number and name fields.
func (j *Apply) typedKeys() (id, name string) {
	for _, f := range j.form.Fields {
		switch {
		case f.Type == portal.FieldIDNumber && id == "":
			id = f.Key
		case (f.Type == portal.FieldName || f.Key == "name") && name == "":
			name = f.Key
		}
	}
	return id, name
}

// holder is who the identity check is for: the card's holder, or the
// number and name typed by a citizen without a card.
func (j *Apply) holder() app.Holder {
	data := j.d.Session.Data()
	if c := data.Card(); c != nil && !j.NoCard() {
		return app.HolderOf(c)
	}
	id, name := j.typedKeys()
	return app.TypedHolder(data.Field(id), data.Field(name))
}

// GoWithoutCard takes the path for a citizen without their card: the form
// first (their ID number and name typed), then a code to the phone the
// portal holds for them. Nothing happens where CanGoWithoutCard is false.
func (j *Apply) GoWithoutCard() {
	if !j.CanGoWithoutCard() {
		j.fail(ErrMethodNotOffered)
		return
	}
	j.d.Session.Data().SetCard(nil)
	j.mu.Lock()
	j.alt.wit.wipe()
	j.alt = altState{method: portal.MethodSMSOnFile, noCard: true}
	j.err, j.fieldErr = nil, nil
	j.mu.Unlock()
	j.d.Session.Replace(j.Screen(j.first()))
}

// ChooseMethod opens the identity method m instead of the face check
// (不方便刷脸？): the code to the phone on file, or the staff's check (at
// this kiosk the staff are called at once).
func (j *noFace) ChooseMethod(m string) {
	if !slices.Contains(j.h.alternatives(), m) {
		j.wk.fail(ErrMethodNotOffered)
		return
	}
	j.wk.mu.Lock()
	noCard := j.alt.noCard
	j.alt.wit.wipe()
	j.alt = altState{method: m, noCard: noCard}
	j.wk.err = nil
	j.wk.mu.Unlock()
	step := Step{Kind: StepIDCode}
	if m == portal.MethodStaffWitnessed {
		step = Step{Kind: StepWitness}
	}
	j.wk.d.Session.Open(j.h.screen(step))
	if m == portal.MethodStaffWitnessed && j.WitnessHere() {
		j.CallWitness()
	}
}

// identified moves on from a passed identity check, whichever method.
func (j *Apply) identified() {
	from := Step{Kind: StepFace}
	if j.NoCard() {
		from = Step{Kind: StepIDCode}
	}
	j.d.Session.Replace(j.Screen(j.after(from)))
}

// IDCodeSent reports whether a code went to the phone on file, and that
// phone, masked.
func (j *noFace) IDCodeSent() (bool, string) {
	j.wk.mu.Lock()
	defer j.wk.mu.Unlock()
	return j.alt.sent, j.alt.phone
}

// IDCodeTyped is the code typed so far (never shown or spoken).
func (j *noFace) IDCodeTyped() string {
	j.wk.mu.Lock()
	defer j.wk.mu.Unlock()
	return j.alt.typed
}

// TypeIDCode adds a digit, or deletes one ('\b') or all ('\x00'); it
// reports whether anything changed.
func (j *noFace) TypeIDCode(key rune) bool {
	j.wk.mu.Lock()
	changed := true
	switch t := j.alt.typed; {
	case key == '\b' && len(t) > 0:
		j.alt.typed = t[:len(t)-1]
	case key == 0 && t != "":
		j.alt.typed = ""
	case key >= '0' && key <= '9' && len(t) < SMSCodeLen:
		j.alt.typed += string(key)
	default:
		changed = false
	}
	j.wk.mu.Unlock()
	if changed {
		j.wk.d.Session.Touch()
	}
	return changed
}

// SendIDCode has the portal text a code to the phone it holds for the
// citizen (starting the sms_on_file check).
func (j *noFace) SendIDCode() {
	if j.wk.d.OnFile == nil || !j.wk.d.OnFile.Possible() || !slices.Contains(j.h.alternatives(), portal.MethodSMSOnFile) {
		j.wk.fail(ErrMethodNotOffered)
		return
	}
	h := j.h.holder()
	var masked string
	j.wk.run(BusyIDCode, func(ctx context.Context) error {
		var err error
		masked, err = j.wk.d.OnFile.Send(ctx, h)
		return err
	}, func(err error) {
		if err == nil {
			j.wk.mu.Lock()
			j.alt.sent, j.alt.phone, j.alt.typed = true, masked, ""
			j.wk.mu.Unlock()
		}
	})
}

// VerifyIDCode checks the typed code and, when right, moves on: the
// citizen's identity is checked.
func (j *noFace) VerifyIDCode() {
	code := j.IDCodeTyped()
	if len(code) != SMSCodeLen {
		j.wk.fail(ErrSMSShort)
		return
	}
	if j.wk.d.OnFile == nil {
		j.wk.fail(ErrMethodNotOffered)
		return
	}
	j.wk.run(BusyIDCode, func(ctx context.Context) error { return j.wk.d.OnFile.Verify(ctx, code) }, func(err error) {
		j.wk.mu.Lock()
		j.alt.typed = ""
		if errors.Is(err, app.ErrSMSLocked) {
			j.alt.sent = false
		}
		j.wk.mu.Unlock()
		if err == nil {
			j.h.identified()
		}
	})
}
