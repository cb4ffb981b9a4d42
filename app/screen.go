package app

// ScreenID names a screen of the kiosk.
type ScreenID string

// The screens of the kiosk. Each belongs to one session State.
const (
	ScreenAttract   ScreenID = "attract"    // 宣传轮播, before anyone touches
	ScreenHome      ScreenID = "home"       // 首页
	ScreenCategory  ScreenID = "category"   // 个人 / 企业 service lists; Param is the audience
	ScreenSearch    ScreenID = "search"     // 搜索结果; Param is the query
	ScreenService   ScreenID = "service"    // 事项详情; Param is the service code
	ScreenIDCard    ScreenID = "idcard"     // 请将身份证放在感应区; Param is the service code or a Purpose
	ScreenFace      ScreenID = "face"       // 人脸核验; Param as ScreenIDCard
	ScreenForm      ScreenID = "form"       // 填写表单; Param is the service code, Index the asked field
	ScreenSMS       ScreenID = "sms"        // 短信验证 of the phone just typed; Param is the service code
	ScreenIDCode    ScreenID = "id_code"    // 短信核验本人: a code to the phone the portal holds; Param is the service code
	ScreenWitness   ScreenID = "witness"    // 工作人员核验本人; Param is the service code
	ScreenMaterials ScreenID = "materials"  // 拍照上传材料; Param is the service code
	ScreenConfirm   ScreenID = "confirm"    // 核对信息; Param is the service code
	ScreenResult    ScreenID = "result"     // 提交结果; Param is the service code
	ScreenRating    ScreenID = "rating"     // 好差评; Param is the service code
	ScreenProgress  ScreenID = "progress"   // 进度查询
	ScreenLicenses  ScreenID = "licenses"   // 电子证照; Param is a license's ID on its preview
	ScreenFeedback  ScreenID = "feedback"   // 意见建议
	ScreenCallStaff ScreenID = "call_staff" // 呼叫工作人员
	ScreenEnding    ScreenID = "ending"     // 请取回您的身份证
	ScreenAsk       ScreenID = "ask"        // 问一问 (智能客服); Param is the service code asked from, or ""
	ScreenTutorial  ScreenID = "tutorial"   // 看看怎么办: a service's steps as pictures; Param is the service code
)

// Purposes of the identity screens besides a service code.
const (
	PurposeProgress = "@progress" // 进度查询
	PurposeLicenses = "@licenses" // 电子证照
)

// Screen is one place in the kiosk: a screen and its parameters.
type Screen struct {
	ID ScreenID
	// Param is the service code (or Purpose, audience, query) the screen
	// is about.
	Param string
	// Index is the number of the item on screens that show one of many:
	// the asked field of ScreenForm (from 0).
	Index int
}

// State is the session state a screen belongs to.
func (s Screen) State() State {
	switch s.ID {
	case ScreenAttract:
		return StateAttract
	case ScreenHome, ScreenCategory, ScreenSearch, ScreenAsk, ScreenTutorial:
		return StateHome
	case ScreenEnding:
		return StateEnding
	}
	return StateInService
}

// State is the lifecycle state of the citizen session.
type State int

// Session states, in the order a citizen passes them.
const (
	StateAttract State = iota
	StateHome
	StateInService
	StateEnding
)

func (s State) String() string {
	switch s {
	case StateAttract:
		return "attract"
	case StateHome:
		return "home"
	case StateInService:
		return "in_service"
	case StateEnding:
		return "ending"
	}
	return "unknown"
}
