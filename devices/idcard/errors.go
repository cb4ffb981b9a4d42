package idcard

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors, checked with errors.Is. Module status codes arrive as a
// *StatusError that unwraps to one of them; the decoder and the card parser
// wrap them with context.
var (
	// ErrNoCard: no card in the field (SW3 0x80, "find failed").
	ErrNoCard = errors.New("no card in field")
	// ErrSelectFailed: the card could not be selected (SW3 0x81).
	ErrSelectFailed = errors.New("select card failed")
	// ErrReadFailed: reading the card failed (SW3 0x41), typically because
	// it left the field or was not selected.
	ErrReadFailed = errors.New("read card failed")
	// ErrChecksum: a checksum did not match, either in a frame we received
	// or, reported by the module, in one we sent (SW3 0x10).
	ErrChecksum = errors.New("checksum error")
	// ErrLength: a length did not match, either in a frame we received or,
	// reported by the module, in one we sent (SW3 0x11).
	ErrLength = errors.New("length error")
	// ErrCommand: the module did not understand the command (SW3 0x21,
	// 0x24).
	ErrCommand = errors.New("command error")
	// ErrUnauthorized: the operation is not authorised (SW3 0x23, 0x66).
	ErrUnauthorized = errors.New("operation not authorised")
	// ErrAuth: card and SAM failed to authenticate each other (SW3 0x31,
	// 0x32, 0x33, 0x47).
	ErrAuth = errors.New("card authentication failed")
	// ErrCardType: the module does not know the card type (SW3 0x40).
	ErrCardType = errors.New("unknown card type")
	// ErrItemEmpty: the requested item is empty on the card (SW3 0x91),
	// e.g. no appended address.
	ErrItemEmpty = errors.New("item empty on card")
	// ErrSAM: the SAM itself is broken (SW3 0x60 self-test failed) or
	// answered with a code we do not know.
	ErrSAM = errors.New("SAM error")

	// ErrTimeout: no complete response arrived in time.
	ErrTimeout = errors.New("no response")
	// ErrHangup: the line returns end-of-file at once, so the device is
	// gone even though its path may exist again.
	ErrHangup = errors.New("line hung up")
	// ErrUnexpected: a response of the wrong shape for its command.
	ErrUnexpected = errors.New("unexpected response")

	// ErrUnsupportedLayout: the card's text layout is not one this package
	// can decode and verify (the 2023 'Y' foreign permanent resident card).
	ErrUnsupportedLayout = errors.New("unsupported card layout")
	// ErrBadField: a text field of the card is malformed. It is a read
	// error: read again, never show it.
	ErrBadField = errors.New("malformed card field")
	// ErrCheckDigit: an 18-character number failed its ISO 7064 MOD 11-2
	// check. It is a read error: read again, never trust it.
	ErrCheckDigit = errors.New("check character mismatch")
)

// Status codes of SW3 (SAMSerial.cs GetErrorDescription, DefaultLanguage.cs
// SAMStatus*, libsamv.h).
const (
	SWSuccess   = 0x90
	SWFound     = 0x9F
	SWItemEmpty = 0x91
	SWNoCard    = 0x80
	SWSelect    = 0x81
	SWRead      = 0x41
)

// statusInfo maps SW3 to a sentinel and a short English description; ok is
// false for codes no source lists.
func statusInfo(sw3 byte) (err error, text string, ok bool) {
	switch sw3 {
	case 0x10:
		return ErrChecksum, "module received a bad checksum", true
	case 0x11:
		return ErrLength, "module received a bad length", true
	case 0x21:
		return ErrCommand, "command error", true
	case 0x23:
		return ErrUnauthorized, "operation not authorised", true
	case 0x24:
		return ErrCommand, "unrecognised error", true
	case 0x31:
		return ErrAuth, "card failed to authenticate the SAM", true
	case 0x32:
		return ErrAuth, "SAM failed to authenticate the card", true
	case 0x33:
		return ErrAuth, "verification error", true
	case 0x40:
		return ErrCardType, "unknown card type", true
	case 0x41:
		return ErrReadFailed, "read card failed", true
	case 0x47:
		return ErrAuth, "random number failure", true
	case 0x60:
		return ErrSAM, "SAM self-test failed", true
	case 0x66:
		return ErrUnauthorized, "SAM not authorised", true
	case 0x80:
		return ErrNoCard, "no card in field", true
	case 0x81:
		return ErrSelectFailed, "select card failed", true
	case 0x91:
		return ErrItemEmpty, "item empty on card", true
	}
	return ErrSAM, "unknown status", false
}

// StatusError is a module status other than success, for one command.
// errors.Is matches it against the sentinel of its code (ErrNoCard for
// 0x80 …); unknown codes match ErrSAM.
type StatusError struct {
	Cmd           Command
	SW1, SW2, SW3 byte
}

// Error describes the command and the status code.
func (e *StatusError) Error() string {
	_, text, _ := statusInfo(e.SW3)
	return fmt.Sprintf("idcard: %s: status %02X (%s)", e.Cmd, e.SW3, text)
}

// Unwrap returns the sentinel error of the status code.
func (e *StatusError) Unwrap() error {
	err, _, _ := statusInfo(e.SW3)
	return err
}

var _ error = (*StatusError)(nil)

// cardGone reports whether err says the card is not (or no longer) in the
// field or answering, as opposed to a line or device problem.
func cardGone(err error) bool {
	return errors.Is(err, ErrNoCard) || errors.Is(err, ErrSelectFailed) ||
		errors.Is(err, ErrReadFailed) || errors.Is(err, ErrCardType) || errors.Is(err, ErrAuth)
}

// wrapped adds context to an error under a single "idcard: " prefix and
// keeps it in the chain for errors.Is.
type wrapped struct {
	what string
	err  error
}

func wrap(what string, err error) error { return &wrapped{what: what, err: err} }

// Error prints the context and err's message under one prefix.
func (w *wrapped) Error() string {
	return "idcard: " + w.what + ": " + strings.TrimPrefix(w.err.Error(), "idcard: ")
}

// Unwrap returns the wrapped error.
func (w *wrapped) Unwrap() error { return w.err }
