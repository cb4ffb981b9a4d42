package hall

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"hallkiosk/app/journey"
	"hallkiosk/devices"
)

// MaxMessage bounds every message a terminal reads from the bus; a bigger
// one is dropped with a log line, never decoded.
const MaxMessage = 256 << 10

// ErrTooBig reports a message over MaxMessage.
var ErrTooBig = errors.New("hall: message too big")

// Status is what a terminal says about itself every status interval on
// hall.status.<id>. It never carries personal data: device states, the
// outbox's depth, the faults and which screen is up.
type Status struct {
	Terminal string `json:"terminal"`
	Role     Role   `json:"role"`
	Version  string `json:"version,omitempty"`
	HallName string `json:"hall_name,omitempty"`
	// At is the terminal's clock when it sent the status.
	At time.Time `json:"at"`
	// Devices is every device slot's status (the XFS4IoT model).
	Devices map[devices.Kind]devices.Status `json:"devices,omitempty"`
	// Outbox is the offline queue; nil when the terminal has none.
	Outbox *OutboxStatus `json:"outbox,omitempty"`
	// Faults are the devices not online, with the time each went wrong.
	Faults []Fault `json:"faults,omitempty"`
	// Screen is the screen up now (its id: "home", "form" …) and
	// InSession whether a citizen is at the kiosk.
	Screen    string `json:"screen,omitempty"`
	InSession bool   `json:"in_session,omitempty"`
}

// OutboxStatus is the offline queue as staff see it.
type OutboxStatus struct {
	// Depth is pending plus parked items.
	Depth int `json:"depth"`
	// Parked items wait for staff.
	Parked int `json:"parked,omitempty"`
	// OldestPending is when the oldest item still to send was stored;
	// zero when none waits.
	OldestPending time.Time `json:"oldest_pending,omitzero"`
}

// Fault is a device that is not working, since when.
type Fault struct {
	Device devices.Kind  `json:"device"`
	State  devices.State `json:"state"`
	Detail string        `json:"detail,omitempty"`
	Paper  devices.Paper `json:"paper,omitempty"`
	Since  time.Time     `json:"since"`
}

// NeedsStaff reports whether staff can fix the fault on the spot (paper
// out, a jam, an open cover): such a fault raises a call by itself.
func (f Fault) NeedsStaff() bool {
	return f.State == devices.UserError || f.Paper == devices.PaperOut
}

// CallReason is why a call was raised.
type CallReason string

// The reasons of a call.
const (
	// ReasonCitizen: a citizen pressed 呼叫工作人员 (or F12).
	ReasonCitizen CallReason = "citizen"
	// ReasonFailures: the citizen failed three times in a row.
	ReasonFailures CallReason = "failures"
	// ReasonDevice: a device needs staff (paper out, jam, cover open).
	ReasonDevice CallReason = "device"
	// ReasonWitness: a citizen asks staff to check their identity in
	// person at the kiosk (staff_witnessed).
	ReasonWitness CallReason = "witness"
)

// Call is a call to the staff, sent on hall.call.<id> as a request: the
// window stores it and answers with a CallAck. It names the kiosk, the
// service and the step, never the citizen.
type Call struct {
	ID       string     `json:"id"`
	Terminal string     `json:"terminal"`
	Reason   CallReason `json:"reason"`
	// At is when the call was raised (the kiosk's clock); the window
	// shows how long it has waited from it.
	At time.Time `json:"at"`
	// Service, ServiceName and the stage ("第Stage步，共Stages步
	// StageName") are where the citizen stands; empty without a journey.
	Service     string `json:"service,omitempty"`
	ServiceName string `json:"service_name,omitempty"`
	Stage       int    `json:"stage,omitempty"`
	Stages      int    `json:"stages,omitempty"`
	StageName   string `json:"stage_name,omitempty"`
	// Screen is the screen the citizen came from.
	Screen string `json:"screen,omitempty"`
	// Device and Detail name the device of a ReasonDevice call.
	Device devices.Kind `json:"device,omitempty"`
	Detail string       `json:"detail,omitempty"`
}

// CallAck is the window's answer to a Call: it has stored it and shows it.
type CallAck struct {
	ID string `json:"id"`
}

// CallState is where a call stands at the window.
type CallState string

// The states of a call at the window.
const (
	CallOpen     CallState = "open"
	CallAccepted CallState = "accepted"
	CallClosed   CallState = "closed"
)

// CallUpdate tells a kiosk, on hall.callstate.<id>, what became of its
// call.
type CallUpdate struct {
	ID    string    `json:"id"`
	State CallState `json:"state"`
	At    time.Time `json:"at"`
}

// Watch asks a kiosk, on hall.watch.<id>, for its live view: the kiosk
// answers with its LiveView now and publishes every change on
// hall.snap.<id> until For has passed since the last Watch.
type Watch struct {
	For time.Duration `json:"for"`
}

// LiveView is what 在线帮办 draws of a kiosk: the screen, the masked
// journey snapshot and the devices. Never pixels, never an unmasked value.
type LiveView struct {
	Terminal string `json:"terminal"`
	// Seq grows with every change the kiosk sends.
	Seq uint64    `json:"seq"`
	At  time.Time `json:"at"`
	// Screen is the screen's id; InSession whether a citizen is there.
	Screen    string `json:"screen"`
	InSession bool   `json:"in_session"`
	// Journey is the journey under way (masked), nil when none.
	Journey *journey.Snapshot `json:"journey,omitempty"`
	// Call is where the citizen's call to the staff stands.
	Call journey.CallState `json:"call,omitempty"`
	// Devices is every device slot's status.
	Devices map[devices.Kind]devices.Status `json:"devices,omitempty"`
	// Items are the names of the screen's items staff may point at (none
	// that carries the citizen's data).
	Items []string `json:"items,omitempty"`
}

// Hint points, on hall.hint.<id>, at an item of the kiosk's screen: the
// kiosk rings it and says "请点这里". Item is "item:" and one of the
// LiveView's Items; staff cannot type into a session with it.
type Hint struct {
	Item string    `json:"item"`
	At   time.Time `json:"at"`
}

// TerminalInfo is a terminal as a directory last saw it.
type TerminalInfo struct {
	Status
	// LastSeen is when the directory last heard from it (its own clock).
	LastSeen time.Time `json:"last_seen"`
}

// Directory is the answer to hall.directory: every terminal seen.
type Directory struct {
	Terminals []TerminalInfo `json:"terminals"`
}

// Decode reads a bus message into v, refusing one over MaxMessage.
func Decode(data []byte, v any) error {
	if len(data) > MaxMessage {
		return fmt.Errorf("%w: %d bytes", ErrTooBig, len(data))
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("hall: decode %T: %w", v, err)
	}
	return nil
}
