package portal

import (
	"time"

	"hallkiosk/devices"
)

// ServiceItem is one 事项 of the portal's catalog (shared/portal-api.md).
type ServiceItem struct {
	Code             string     `json:"code"`
	Name             string     `json:"name"`
	Category         string     `json:"category"`
	Audience         []string   `json:"audience"`
	Hot              bool       `json:"hot"`
	OnlineTimeLimit  string     `json:"online_time_limit"`
	OfflineTimeLimit string     `json:"offline_time_limit"`
	StepsSaved       int        `json:"steps_saved"`
	RequiresIdentity bool       `json:"requires_identity"`
	RequiresFace     bool       `json:"requires_face"`
	PackageOf        []string   `json:"package_of,omitempty"`
	Form             Form       `json:"form"`
	Materials        []Material `json:"materials"`
	Guide            string     `json:"guide"`
	// MobileURL opens the same service in the phone app (扫码手机办).
	MobileURL string `json:"mobile_url,omitempty"`
	// FaceAlternatives are the identity methods besides the face a
	// service with RequiresFace accepts (MethodSMSOnFile,
	// MethodStaffWitnessed); see "Identity without a face".
	FaceAlternatives []string `json:"face_alternatives,omitempty"`
}

// Allows reports whether the service accepts identity method m: any method
// when it does not need a face; the face or one of its FaceAlternatives
// when it does.
func (it ServiceItem) Allows(m string) bool {
	if m == "" || m == MethodFace || !it.RequiresFace {
		return true
	}
	for _, a := range it.FaceAlternatives {
		if a == m {
			return true
		}
	}
	return false
}

// Identity methods of POST /api/v1/identity/sessions.
const (
	// MethodFace is the ID card and a live face, compared by the portal.
	MethodFace = "face"
	// MethodSMSOnFile is the ID card (or the ID number typed in), then a
	// code texted to the phone the portal holds for the person.
	MethodSMSOnFile = "sms_on_file"
	// MethodStaffWitnessed is the ID card and a logged-in member of staff
	// who saw the person.
	MethodStaffWitnessed = "staff_witnessed"
)

// Audiences of a ServiceItem.
const (
	AudiencePerson     = "person"
	AudienceEnterprise = "enterprise"
)

// Form is the one form a service asks for.
type Form struct {
	Fields []Field `json:"fields"`
}

// Field types of a form field.
const (
	FieldText        = "text"
	FieldDigits      = "digits"
	FieldPhone       = "phone"
	FieldDate        = "date"
	FieldSelect      = "select"
	FieldIDNumber    = "id_number"
	FieldAddress     = "address"
	FieldChineseText = "chinese_text"
	// FieldName is a person's name in Chinese; like id_number, phone and
	// address it is personal whether marked or not.
	FieldName = "name"
)

// Field is one input of a service form.
type Field struct {
	Key      string   `json:"key"`
	Label    string   `json:"label"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	MaxLen   int      `json:"max_len,omitempty"`
	Options  []string `json:"options,omitempty"`
	Prefill  string   `json:"prefill,omitempty"`
	// Personal marks a field whose value is personal data (a person's name,
	// a bank account): masked on screen and in every snapshot, never cached
	// in speech, never logged. Fields of type name, id_number, phone and
	// address and fields prefilled from the card are personal whether
	// marked or not; app.IsPersonal applies the whole rule.
	Personal bool `json:"personal,omitempty"`
}

// Material is a document a service needs.
type Material struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Required    bool   `json:"required"`
	FromLicense string `json:"from_license,omitempty"`
}

// Catalog is the answer of GET /api/v1/catalog.
type Catalog struct {
	Version string        `json:"version"`
	Items   []ServiceItem `json:"items"`
}

// IdentityRequest is the body of POST /api/v1/identity/sessions. Method
// "" is MethodFace; FaceJPEG goes with the face only, StaffID with
// MethodStaffWitnessed only.
type IdentityRequest struct {
	Method   string `json:"method,omitempty"`
	CardType string `json:"card_type"`
	IDNumber string `json:"id_number"`
	Name     string `json:"name"`
	FaceJPEG []byte `json:"face_jpeg,omitempty"`
	StaffID  string `json:"staff_id,omitempty"`
}

// IdentitySession is the answer of POST /api/v1/identity/sessions. A
// MethodSMSOnFile session is usable only after a code sent to the phone
// on file was verified.
type IdentitySession struct {
	IdentityToken string    `json:"identity_token"`
	ExpiresAt     time.Time `json:"expires_at"`
	Method        string    `json:"method,omitempty"`
	FaceScore     float64   `json:"face_score"`
	// PhoneMasked is the phone on file, masked (138****1234), or "".
	PhoneMasked string `json:"phone_masked,omitempty"`
}

// SMSChallenge is the answer of POST /api/v1/identity/sms.
type SMSChallenge struct {
	ChallengeID string    `json:"challenge_id"`
	ExpiresAt   time.Time `json:"expires_at"`
	// PhoneMasked is where the code went, masked.
	PhoneMasked string `json:"phone_masked,omitempty"`
}

// MaterialReceipt is the answer of POST /api/v1/materials.
type MaterialReceipt struct {
	MaterialID string `json:"material_id"`
	SHA256     string `json:"sha256"`
	Size       int64  `json:"size"`
	// Replayed reports that the portal answered with the first response to
	// this Idempotency-Key (header Idempotent-Replayed: true).
	Replayed bool `json:"-"`
}

// Applicant is the citizen an application is for.
type Applicant struct {
	CardType string `json:"card_type"`
	IDNumber string `json:"id_number"`
	Name     string `json:"name"`
	Phone    string `json:"phone,omitempty"`
}

// Application is the body of POST /api/v1/applications.
type Application struct {
	ServiceCode     string            `json:"service_code"`
	Applicant       Applicant         `json:"applicant"`
	Form            map[string]string `json:"form"`
	MaterialIDs     []string          `json:"material_ids"`
	Channel         string            `json:"channel"`
	DeviceID        string            `json:"device_id"`
	AssistedBy      string            `json:"assisted_by"`
	ClientCreatedAt time.Time         `json:"client_created_at"`
}

// ApplicationAck is the answer of POST /api/v1/applications.
type ApplicationAck struct {
	ApplicationID string    `json:"application_id"`
	Status        string    `json:"status"`
	AcceptedAt    time.Time `json:"accepted_at"`
	ReceiptURL    string    `json:"receipt_url"`
	// FirstOnline is true when this is the person's first application
	// through any online channel; the portal decides (网办有礼).
	FirstOnline bool `json:"first_online"`
	// Reward is what the hall gives for a first online application (a
	// coupon to print), or nil.
	Reward *Reward `json:"reward"`
	// Replayed reports that the portal answered with the first response to
	// this Idempotency-Key (header Idempotent-Replayed: true).
	Replayed bool `json:"-"`
}

// Reward is the 网办有礼 gift of a first online application. It holds no
// personal data.
type Reward struct {
	// Title is the gift, e.g. "网办有礼：环保购物袋一个".
	Title string `json:"title"`
	// Code is the redemption code.
	Code string `json:"code"`
	// ValidTo is the last day it is honoured, "2006-01-02" (or RFC 3339);
	// empty: no limit.
	ValidTo string `json:"valid_to"`
}

// ValidUntil parses ValidTo; zero when empty or unreadable.
func (r Reward) ValidUntil() time.Time {
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, r.ValidTo); err == nil {
			return t
		}
	}
	return time.Time{}
}

// Application statuses.
const (
	StatusReceived        = "received"
	StatusAccepted        = "accepted"
	StatusInReview        = "in_review"
	StatusNeedsSupplement = "needs_supplement"
	StatusApproved        = "approved"
	StatusRejected        = "rejected"
)

// StatusName is the Chinese word shown for an application status.
func StatusName(status string) string {
	switch status {
	case StatusReceived:
		return "已接收"
	case StatusAccepted:
		return "已受理"
	case StatusInReview:
		return "审核中"
	case StatusNeedsSupplement:
		return "需补正"
	case StatusApproved:
		return "已办结"
	case StatusRejected:
		return "不予受理"
	}
	return status
}

// HistoryEntry is one step of an application's history.
type HistoryEntry struct {
	Status string    `json:"status"`
	At     time.Time `json:"at"`
	Note   string    `json:"note,omitempty"`
}

// ApplicationStatus is one item of GET /api/v1/applications.
type ApplicationStatus struct {
	ApplicationID string         `json:"application_id"`
	ServiceCode   string         `json:"service_code"`
	ServiceName   string         `json:"service_name"`
	Status        string         `json:"status"`
	History       []HistoryEntry `json:"history"`
}

// License is one 电子证照 of GET /api/v1/licenses.
type License struct {
	LicenseID string `json:"license_id"`
	Type      string `json:"type"`
	Name      string `json:"name"`
	Issuer    string `json:"issuer"`
	IssuedAt  string `json:"issued_at"`
	ValidTo   string `json:"valid_to"`
}

// Rating is the body of POST /api/v1/ratings (好差评).
type Rating struct {
	ApplicationID string   `json:"application_id,omitempty"`
	ServiceCode   string   `json:"service_code,omitempty"`
	Level         int      `json:"level"`
	Reasons       []string `json:"reasons"`
	Comment       string   `json:"comment"`
}

// Feedback is the body of POST /api/v1/feedback (意见建议).
type Feedback struct {
	Category string `json:"category"`
	Text     string `json:"text"`
	Contact  string `json:"contact"`
}

// Heartbeat is the body of POST /api/v1/devices/heartbeat. It never carries
// personal data.
type Heartbeat struct {
	DeviceID    string                          `json:"device_id"`
	AppVersion  string                          `json:"app_version"`
	UptimeS     int64                           `json:"uptime_s"`
	OutboxDepth int                             `json:"outbox_depth"`
	Devices     map[devices.Kind]devices.Status `json:"devices"`
	Stats       HeartbeatStats                  `json:"stats"`
}

// HeartbeatStats are the counters a heartbeat reports.
type HeartbeatStats struct {
	Sessions       int            `json:"sessions"`
	Submissions    int            `json:"submissions"`
	RatingsByLevel map[string]int `json:"ratings_by_level"`
}

// HeartbeatAck is the answer of POST /api/v1/devices/heartbeat.
type HeartbeatAck struct {
	CatalogVersion string `json:"catalog_version"`
	ConfigVersion  string `json:"config_version"`
}

// ErrorBody is the portal's error envelope.
type ErrorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}
