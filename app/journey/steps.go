package journey

import "fmt"

// StepKind is the kind of a step of a journey.
type StepKind int

// Kinds of steps, in the order an Apply journey passes them.
const (
	StepNone      StepKind = iota
	StepIdentify           // 刷身份证
	StepFace               // 核验本人
	StepField              // one field of the form
	StepSMS                // 短信验证 of the phone just typed
	StepMaterials          // 拍照上传材料
	StepReview             // 核对信息, then 确认提交
	StepResult             // 提交结果 with the receipt to print
	StepRate               // 好差评
	StepRecords            // what the portal holds: 进度 or 电子证照
	StepTopic              // 意见建议: the topic
	StepPhrase             // 意见建议: the phrase
	StepDone               // thanked, nothing more to do
	StepHelp               // 呼叫工作人员: where help is
	StepIDCode             // 短信核验本人: identity by a code to the phone on file
	StepWitness            // 工作人员核验本人: identity witnessed by staff
)

var stepNames = [...]string{"none", "identify", "face", "field", "sms", "materials", "review", "result", "rate",
	"records", "topic", "phrase", "done", "help", "id_code", "witness"}

// String is the step kind's name in snapshots and figures ("field").
func (k StepKind) String() string {
	if int(k) < len(stepNames) {
		return stepNames[k]
	}
	return "unknown"
}

// MarshalText writes the step kind's name.
func (k StepKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a step kind's name, so a snapshot read back (the
// window's live view) is the snapshot sent; an unknown name is an error.
func (k *StepKind) UnmarshalText(b []byte) error {
	for i, n := range stepNames {
		if n == string(b) {
			*k = StepKind(i)
			return nil
		}
	}
	return fmt.Errorf("journey: unknown step kind %q", b)
}

// Step is one step of a journey. Field is the number (from 0) of the field
// among those the citizen is asked, for StepField.
type Step struct {
	Kind  StepKind `json:"kind"`
	Field int      `json:"field,omitempty"`
}

// Stage is a step as the citizen is told it: "第2步，共4步：核验本人".
type Stage string

// Stages of the journeys.
const (
	StageCard      Stage = "刷身份证"
	StageFace      Stage = "核验本人"
	StageForm      Stage = "填写一张表"
	StageMaterials Stage = "拍照上传材料"
	StageSubmit    Stage = "确认提交，打印回执"
	StageRecords   Stage = "查看结果"
)

// stage is the stage a step kind belongs to in an Apply journey.
func (k StepKind) stage() Stage {
	switch k {
	case StepIdentify:
		return StageCard
	case StepFace, StepIDCode, StepWitness:
		return StageFace
	case StepField, StepSMS:
		return StageForm
	case StepMaterials:
		return StageMaterials
	case StepRecords:
		return StageRecords
	}
	return StageSubmit
}

// stageIn returns the stage of step s among stages as "k of n" (k from 1);
// a step of no stage counts as the last.
func stageIn(stages []Stage, s Step) (k, n int) {
	for i, st := range stages {
		if st == s.Kind.stage() {
			return i + 1, len(stages)
		}
	}
	return len(stages), len(stages)
}
