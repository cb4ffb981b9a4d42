package outbox

import (
	"time"

	"hallkiosk/app/portal"
)

// Kind is what an item carries.
type Kind string

// Kinds of items.
const (
	KindApplication Kind = "application"
	KindMaterial    Kind = "material"
	KindRating      Kind = "rating"
	KindFeedback    Kind = "feedback"
)

// State is where an item is.
type State string

// States of an item.
const (
	// StatePending waits to be sent (or to be retried).
	StatePending State = "pending"
	// StateSent was acknowledged by the portal; the payload is gone.
	StateSent State = "sent"
	// StateParked failed permanently and waits for staff.
	StateParked State = "parked"
)

// Material is a document to upload before the application that
// references it.
type Material struct {
	// Code is the catalog's material code (e.g. "lease"), kept for staff.
	Code string
	// ContentType is portal.ContentPDF or portal.ContentJPEG.
	ContentType string
	// Data is the document, at most portal.MaxMaterialBytes.
	Data []byte
}

// Receipt is what the caller tells the citizen after Add or Submit.
type Receipt struct {
	// Key is the Idempotency-Key of the application (or rating, feedback).
	Key string
	// Voucher is the 凭证号: the local number the citizen and staff use
	// while the portal has not acknowledged yet, e.g. 20261128-000042.
	Voucher string
	// State is StateSent once the portal acknowledged, StateParked if it
	// refused, else StatePending.
	State State
	// ApplicationID is the portal's 受理号 once acknowledged (for a rating
	// or feedback: the portal's id).
	ApplicationID string
	// SentAt is when the acknowledgement arrived.
	SentAt time.Time
	// LastError says why the last attempt failed (for staff; no personal
	// data). Empty after success.
	LastError string
	// LastCode is the portal's error code of the last failure.
	LastCode string
	// FirstOnline reports that the portal said this is the citizen's first
	// online application (网办有礼); Reward is its gift, or nil.
	FirstOnline bool
	Reward      *portal.Reward
}

// Acknowledged reports whether the portal has the request: the citizen is
// told 已受理，受理号 ApplicationID. Otherwise 已保存，网络恢复后自动提交，
// 凭证号 Voucher (or, when parked, to ask staff).
func (r Receipt) Acknowledged() bool { return r.State == StateSent }

// Entry is one item as the staff screen and `hallkiosk outbox list` show
// it. It carries no personal data.
type Entry struct {
	Seq           int64     `json:"seq"`
	Key           string    `json:"key"`
	Kind          Kind      `json:"kind"`
	Group         string    `json:"group"`
	Voucher       string    `json:"voucher"`
	ServiceCode   string    `json:"service_code"`
	MaterialCode  string    `json:"material_code,omitempty"`
	Size          int64     `json:"size,omitempty"`
	State         State     `json:"state"`
	Attempts      int       `json:"attempts"`
	LastError     string    `json:"last_error"`
	LastCode      string    `json:"last_code,omitempty"`
	ApplicationID string    `json:"application_id"`
	RemoteID      string    `json:"remote_id,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
	NextAttemptAt time.Time `json:"next_attempt_at,omitzero"`
	LastAttemptAt time.Time `json:"last_attempt_at,omitzero"`
	SentAt        time.Time `json:"sent_at,omitzero"`
	// Sealed reports that the encrypted request is still stored.
	Sealed bool `json:"sealed"`
	// FirstOnline and Reward are what the portal said of a first online
	// application (网办有礼).
	FirstOnline bool           `json:"first_online,omitempty"`
	Reward      *portal.Reward `json:"reward,omitempty"`
}

// Counts are the queue's figures for the staff screen and the heartbeat.
type Counts struct {
	Pending int `json:"pending"`
	Sent    int `json:"sent"`
	Parked  int `json:"parked"`
	// OldestPending is when the oldest pending item was added (zero if
	// none).
	OldestPending time.Time `json:"oldest_pending,omitzero"`
}

// Depth is what the portal does not have yet: pending plus parked, the
// heartbeat's outbox_depth.
func (c Counts) Depth() int { return c.Pending + c.Parked }

// SenderStatus is what the sender is doing, for the staff screen.
type SenderStatus struct {
	// LastAttempt is when the sender last tried an item.
	LastAttempt time.Time `json:"last_attempt,omitzero"`
	// LastSuccess is when the portal last acknowledged an item.
	LastSuccess time.Time `json:"last_success,omitzero"`
	// LastError is the last failure, "" after a success.
	LastError string `json:"last_error,omitempty"`
	// Blocked is set while the portal rejects the device itself (token,
	// TLS pin, certificate): nothing can be sent until staff fix it.
	Blocked bool `json:"blocked"`
	// NextAttempt is when the sender will try the head of the queue again.
	NextAttempt time.Time `json:"next_attempt,omitzero"`
}

// ms converts a time to stored Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts stored Unix milliseconds; 0 is the zero time.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}
