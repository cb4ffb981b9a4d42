package receipt

import (
	"fmt"
	"strings"

	"hallkiosk/devices"
)

// Status is the printer's state as read with DLE EOT 1..4. Its JSON form is
// the one `hallkiosk receipt status` prints:
//
//	{"state":"user_error","paper":"out","cover_open":false,"cutter_error":false}
type Status struct {
	// State is the common device state (see StateOf for the rules).
	State devices.State `json:"state"`
	// Paper is the paper supply: ok, near_end or out.
	Paper devices.Paper `json:"paper"`
	// CoverOpen: the platen or paper cover is open (DLE EOT 2, bit 2).
	CoverOpen bool `json:"cover_open"`
	// CutterError: the autocutter jammed or failed (DLE EOT 3, bit 3).
	CutterError bool `json:"cutter_error"`

	// Offline is DLE EOT 1 bit 3: the printer will not print now.
	Offline bool `json:"-"`
	// FeedButton is DLE EOT 2 bit 3: the feed button is held down.
	FeedButton bool `json:"-"`
	// PaperStop is DLE EOT 2 bit 5: printing stopped at paper end.
	PaperStop bool `json:"-"`
	// ErrorOccurred is DLE EOT 2 bit 6: an error is pending.
	ErrorOccurred bool `json:"-"`
	// Mechanical is DLE EOT 3 bit 2 (some models): a mechanism error.
	Mechanical bool `json:"-"`
	// Unrecoverable is DLE EOT 3 bit 5: needs power off and an engineer.
	Unrecoverable bool `json:"-"`
	// AutoRecoverable is DLE EOT 3 bit 6: e.g. an overheated head; clears
	// by itself.
	AutoRecoverable bool `json:"-"`
	// Detail is a short PII-free description for staff ("paper out").
	Detail string `json:"-"`
}

// statusFixed masks the bits DLE EOT replies always have: bits 1 and 4 set,
// bits 0 and 7 clear.
const (
	statusFixedMask = 0x93
	statusFixedBits = 0x12
)

// ValidStatusByte reports whether b looks like a DLE EOT reply.
func ValidStatusByte(b byte) bool { return b&statusFixedMask == statusFixedBits }

// ApplyStatusByte records the reply b to DLE EOT n (1..4) in s. It fails,
// leaving s unchanged, for n outside 1..4 or a byte without the fixed bits.
func (s *Status) ApplyStatusByte(n int, b byte) error {
	if !ValidStatusByte(b) {
		return fmt.Errorf("receipt: DLE EOT %d reply %#02x: %w", n, b, ErrBadReply)
	}
	switch n {
	case 1:
		s.Offline = b&0x08 != 0
	case 2:
		s.CoverOpen = b&0x04 != 0
		s.FeedButton = b&0x08 != 0
		s.PaperStop = b&0x20 != 0
		s.ErrorOccurred = b&0x40 != 0
	case 3:
		s.Mechanical = b&0x04 != 0
		s.CutterError = b&0x08 != 0
		s.Unrecoverable = b&0x20 != 0
		s.AutoRecoverable = b&0x40 != 0
	case 4:
		switch {
		case b&0x60 != 0:
			s.Paper = devices.PaperOut
		case b&0x0C != 0:
			s.Paper = devices.PaperNearEnd
		default:
			s.Paper = devices.PaperOK
		}
	default:
		return fmt.Errorf("receipt: DLE EOT %d: want 1..4: %w", n, ErrBadReply)
	}
	return nil
}

// DecodeStatus turns the replies to DLE EOT 1, 2, 3 and 4 (in that order)
// into a Status with State and Detail filled in.
func DecodeStatus(replies [4]byte) (Status, error) {
	var s Status
	for i, b := range replies {
		if err := s.ApplyStatusByte(i+1, b); err != nil {
			return Status{}, err
		}
	}
	s.settle()
	return s, nil
}

// settle derives State and Detail from the flags.
func (s *Status) settle() {
	if s.PaperStop {
		s.Paper = devices.PaperOut
	}
	if s.Paper == "" {
		s.Paper = devices.PaperOK
	}
	s.State, s.Detail = StateOf(*s)
}

// StateOf applies the kiosk's rules, most severe first:
//   - unrecoverable, mechanical or cutter error → hardware_error (call an
//     engineer);
//   - paper out or cover open → user_error (staff can fix it on the spot);
//   - head overheated (auto-recoverable) or any other offline → offline;
//   - otherwise online, with "paper near end" as detail when low.
func StateOf(s Status) (devices.State, string) {
	var why []string
	add := func(c bool, w string) {
		if c {
			why = append(why, w)
		}
	}
	add(s.Unrecoverable, "unrecoverable error")
	add(s.Mechanical, "mechanism error")
	add(s.CutterError, "cutter error")
	if len(why) > 0 {
		return devices.HardwareError, strings.Join(why, ", ")
	}
	add(s.Paper == devices.PaperOut || s.PaperStop, "paper out")
	add(s.CoverOpen, "cover open")
	if len(why) > 0 {
		return devices.UserError, strings.Join(why, ", ")
	}
	if s.AutoRecoverable {
		return devices.Offline, "print head overheated, recovers by itself"
	}
	if s.Offline || s.ErrorOccurred {
		if s.FeedButton {
			return devices.Offline, "feed button held"
		}
		return devices.Offline, "printer offline"
	}
	if s.Paper == devices.PaperNearEnd {
		return devices.Online, "paper near end"
	}
	return devices.Online, ""
}

// Device returns the common status for the staff screen and the heartbeat.
func (s Status) Device() devices.Status {
	return devices.Status{State: s.State, Detail: s.Detail, Paper: s.Paper}
}

// Ready reports whether a job may be sent.
func (s Status) Ready() bool { return s.Err() == nil }

// Err returns nil when the printer can print, or the reason it cannot as a
// *StatusError matching one of ErrPaperOut, ErrCoverOpen, ErrCutter,
// ErrHardware, ErrOffline or ErrNoDevice.
func (s Status) Err() error {
	var cause error
	switch {
	case s.State == devices.NoDevice:
		cause = ErrNoDevice
	case s.CutterError:
		cause = ErrCutter
	case s.State == devices.HardwareError:
		cause = ErrHardware
	case s.Paper == devices.PaperOut || s.PaperStop:
		cause = ErrPaperOut
	case s.CoverOpen:
		cause = ErrCoverOpen
	case s.State == devices.Offline || s.Offline:
		cause = ErrOffline
	case s.State == devices.Online || s.State == devices.Busy:
		return nil
	default:
		cause = ErrOffline
	}
	return &StatusError{Status: s, Err: cause}
}

// String formats the status for a log line.
func (s Status) String() string { return s.Device().String() }
