package journey

import (
	"errors"

	"hallkiosk/app"
	"hallkiosk/app/portal"
	"hallkiosk/internal/privacy"
)

// Snapshot is where the citizen stands in a journey, as a plain value: for
// the narration, the staff's live view and the funnel figures. It holds no
// unmasked ID number, name, phone, address or image.
type Snapshot struct {
	Journey     string `json:"journey"`
	Service     string `json:"service,omitempty"`
	ServiceName string `json:"service_name,omitempty"`
	Step        Step   `json:"step"`
	// Stage and Stages are "第Stage步，共Stages步"; StageName is its words.
	Stage     int    `json:"stage"`
	Stages    int    `json:"stages"`
	StageName string `json:"stage_name"`
	// Field is the field on screen (StepField), with its number among the
	// asked ones.
	Field *FieldView `json:"field,omitempty"`
	// Fields are every field of the form, masked.
	Fields []FieldView `json:"fields,omitempty"`
	// Materials are the documents and whether each has its picture.
	Materials []MaterialView `json:"materials,omitempty"`
	// Errors are the problems shown to the citizen, in their words.
	Errors []string `json:"errors,omitempty"`
	// Problem is the kind of the last failure ("face_mismatch",
	// "network", …), "" when none.
	Problem string `json:"problem,omitempty"`
	// Busy is the slow work running ("submit": 正在提交…).
	Busy Busy `json:"busy,omitempty"`
	// Waiting names a device the journey waits for ("card").
	Waiting string `json:"waiting,omitempty"`
	// Outbox is the stored application's state (pending, sent, parked).
	Outbox string `json:"outbox,omitempty"`
	// Print is where printing the receipt (or the license on screen)
	// stands.
	Print PrintState `json:"print,omitempty"`
	// Topic is the chosen 意见建议 topic's code; Text what the feedback
	// says: a ready phrase as it is, words a citizen typed masked.
	Topic string `json:"topic,omitempty"`
	Text  string `json:"text,omitempty"`
	// Call is where the call to the staff stands.
	Call CallState `json:"call,omitempty"`
	// Records are what a records journey listed: titles and states only.
	Records []RecordView `json:"records,omitempty"`
	// Page and Pages are "第Page页，共Pages页" of the records on screen.
	Page  int `json:"page,omitempty"`
	Pages int `json:"pages,omitempty"`
	// Showing is the title of the license previewed on screen.
	Showing string `json:"showing,omitempty"`
}

// RecordView is one record of a records journey as others may see it: an
// application's service and status, or a license's title.
type RecordView struct {
	Title  string `json:"title"`
	Status string `json:"status,omitempty"`
}

// FieldView is one field as others may see it.
type FieldView struct {
	Number   int    `json:"number,omitempty"` // among the asked fields, from 1; 0 when the card filled it
	Of       int    `json:"of,omitempty"`
	Label    string `json:"label"`
	Value    string `json:"value"` // masked
	Filled   bool   `json:"filled"`
	FromCard bool   `json:"from_card,omitempty"`
}

// MaterialView is one material as others may see it.
type MaterialView struct {
	Name     string `json:"name"`
	Required bool   `json:"required"`
	Captured bool   `json:"captured"`
}

// Masked is how a field's value may be shown where others can see it: the
// field's own mask for personal data (110105********1234, 张*丰,
// 138****5678, 北京市东城区****), a first character for other personal
// values, and any ID or phone number in free text masked by its shape.
func Masked(f portal.Field, v string) string {
	if v == "" {
		return ""
	}
	if app.IsPersonal(f) {
		if m := app.MaskValue(f, v); m != v {
			return m
		}
		return privacy.Mask(privacy.KindText, v)
	}
	return privacy.MaskShapes(v)
}

// Snapshot returns where the citizen stands in the journey now.
func (j *Apply) Snapshot() Snapshot {
	step := j.Current()
	k, n := j.Stage(step)
	stages := j.Stages()
	s := Snapshot{Journey: "apply", Service: j.item.Code, ServiceName: j.item.Name, Step: step,
		Stage: k, Stages: n, StageName: string(stages[k-1]), Busy: j.Busy(), Problem: problemOf(j.Err())}
	asked := j.Asked()
	number := map[int]int{}
	for k, i := range asked {
		number[i] = k + 1
	}
	for i, f := range j.form.Fields {
		v := j.Value(f.Key)
		fv := FieldView{Number: number[i], Label: f.Label, Value: Masked(f, v), Filled: v != "", FromCard: j.FromCard(i)}
		if fv.Number > 0 {
			fv.Of = len(asked)
		}
		s.Fields = append(s.Fields, fv)
		if step.Kind == StepField && number[i] == step.Field+1 {
			cur := fv
			s.Field = &cur
		}
	}
	for _, m := range j.mats {
		s.Materials = append(s.Materials, MaterialView{Name: m.Name, Required: m.Required && m.FromLicense == "", Captured: j.Captured(m.Code)})
	}
	if fe := j.FieldError(); fe != nil {
		s.Errors = append(s.Errors, fe.Problem+"。"+fe.Fix)
	}
	for _, fe := range j.FormErrors() {
		s.Errors = append(s.Errors, fe.Field.Label+"："+fe.Problem)
	}
	if step.Kind == StepIdentify && j.d.Session.Data().Card() == nil {
		s.Waiting = "card"
	}
	if sub := j.Submission(); sub != nil {
		s.Outbox = string(sub.Receipt.State)
	}
	s.Print, _ = j.PrintState()
	return s
}

// problemOf names the kind of a journey's failure for snapshots and
// figures.
func problemOf(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, app.ErrFaceMismatch):
		return "face_mismatch"
	case errors.Is(err, ErrNoCamera):
		return "no_camera"
	case errors.Is(err, app.ErrNoCard):
		return "no_card"
	case errors.Is(err, app.ErrSMSWrong):
		return "sms_wrong"
	case errors.Is(err, app.ErrSMSLocked):
		return "sms_locked"
	case errors.Is(err, ErrSMSShort):
		return "sms_short"
	case errors.Is(err, app.ErrMissingMaterial):
		return "material_missing"
	case errors.Is(err, app.ErrNoQueue):
		return "no_queue"
	case errors.Is(err, ErrNoReason):
		return "no_reason"
	case errors.Is(err, app.ErrNoIdentity):
		return "no_identity"
	case errors.Is(err, app.ErrNoIdentityCheck):
		return "no_identity_check"
	case errors.Is(err, ErrUnavailable):
		return "unavailable"
	case errors.Is(err, ErrNoTopic):
		return "no_topic"
	case errors.Is(err, ErrNoText):
		return "no_text"
	case errors.Is(err, app.ErrNoStaffLink):
		return "no_staff_link"
	case errors.Is(err, app.ErrNoPhoneOnFile):
		return "no_phone_on_file"
	case errors.Is(err, app.ErrMethodNotAllowed):
		return "method_not_allowed"
	case errors.Is(err, ErrMethodNotOffered):
		return "method_not_offered"
	case errors.Is(err, ErrNoAnswer):
		return "no_answer"
	case portal.IsRetryable(err):
		return "network"
	}
	return "failed"
}
