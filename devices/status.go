package devices

import "fmt"

// State is the common device state of the XFS4IoT status model.
type State string

// The device states every driver reports.
const (
	// Online means the device works and is ready.
	Online State = "online"
	// Offline means the device is present but not usable (e.g. the printer
	// reports itself offline).
	Offline State = "offline"
	// Busy means the device is working on a request.
	Busy State = "busy"
	// HardwareError means the device is broken and needs an engineer.
	HardwareError State = "hardware_error"
	// UserError means staff can fix it on the spot (paper out, cover open).
	UserError State = "user_error"
	// NoDevice means the device is not connected or cannot be opened.
	NoDevice State = "no_device"
)

// Valid reports whether s is one of the defined states.
func (s State) Valid() bool {
	switch s {
	case Online, Offline, Busy, HardwareError, UserError, NoDevice:
		return true
	}
	return false
}

// Paper is the paper supply of a printer.
type Paper string

// Paper levels reported by printers.
const (
	PaperOK      Paper = "ok"
	PaperNearEnd Paper = "near_end"
	PaperOut     Paper = "out"
)

// Status is one device's state as the staff screen and the portal heartbeat
// see it. Detail is a short, PII-free description for staff.
type Status struct {
	State  State  `json:"state"`
	Detail string `json:"detail,omitempty"`
	Paper  Paper  `json:"paper,omitempty"`
}

// String formats the status for a log line or the doctor command.
func (s Status) String() string {
	out := string(s.State)
	if s.Paper != "" {
		out += " paper=" + string(s.Paper)
	}
	if s.Detail != "" {
		out += fmt.Sprintf(" (%s)", s.Detail)
	}
	return out
}

// Kind names a device slot of the terminal, as used in the heartbeat.
type Kind string

// The device slots of a hall terminal.
const (
	KindIDCard  Kind = "idcard"
	KindReceipt Kind = "receipt"
	KindA4      Kind = "a4"
	KindCamera  Kind = "camera"
	KindAudio   Kind = "audio"
	// KindDocCamera is the document camera (高拍仪), reported apart from
	// the face camera even when both are the same device.
	KindDocCamera Kind = "doc_camera"
)

// AllKinds lists every device slot in display order.
func AllKinds() []Kind {
	return []Kind{KindIDCard, KindReceipt, KindA4, KindCamera, KindDocCamera, KindAudio}
}
