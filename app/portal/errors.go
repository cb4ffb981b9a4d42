package portal

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hallkiosk/internal/privacy"
)

// Sentinel causes of an *Error, matched with errors.Is.
var (
	// ErrUnauthorized means the portal rejected the device token (401).
	ErrUnauthorized = errors.New("portal: device token rejected")
	// ErrPinMismatch means the portal's TLS public key matched none of the
	// configured SPKI pins. The connection was refused.
	ErrPinMismatch = errors.New("portal: TLS public key pin mismatch")
	// ErrCertificate means the portal's TLS certificate did not verify.
	ErrCertificate = errors.New("portal: TLS certificate not trusted")
	// ErrBadResponse means the portal answered something the client cannot
	// read: wrong content type, malformed JSON, missing fields.
	ErrBadResponse = errors.New("portal: bad response")
	// ErrTooLarge means an answer exceeded the client's size limit.
	ErrTooLarge = errors.New("portal: response too large")
	// ErrNetwork means no answer arrived: connection refused or dropped,
	// timeout, DNS failure.
	ErrNetwork = errors.New("portal: network error")
	// ErrNotFound means the portal answered 404.
	ErrNotFound = errors.New("portal: not found")
	// ErrRedirected means the answer was a redirect, which the contract
	// never sends: a captive portal or proxy on the hall's network. It is
	// retryable, and the request is never sent on to the new address.
	ErrRedirected = errors.New("portal: redirected (a captive portal or proxy on the network?)")
	// ErrNotPortal means a refusal arrived without the portal's JSON error
	// envelope: something between the kiosk and the portal answered. It is
	// retryable network trouble.
	ErrNotPortal = errors.New("portal: answer did not come from the portal (no error envelope)")
	// ErrInvalidRequest means the client refused to send a request it knows
	// to be wrong (missing key, bad rating level, oversized material).
	ErrInvalidRequest = errors.New("portal: invalid request")
)

// Portal error codes of shared/portal-api.md the kiosk reacts to.
const (
	CodeFaceMismatch        = "face_mismatch"
	CodeSMSCodeWrong        = "sms_code_wrong"
	CodeSMSLocked           = "sms_locked"
	CodeChecksumMismatch    = "checksum_mismatch"
	CodeIdempotencyKeyReuse = "idempotency_key_reuse"
	CodeRequestInProgress   = "request_in_progress"
	// CodeNoPhoneOnFile: identity/sms {"to":"on_file"} for a person the
	// portal holds no phone for.
	CodeNoPhoneOnFile = "no_phone_on_file"
	// CodeMethodNotAllowed: an identity method the service (or the
	// portal) does not accept.
	CodeMethodNotAllowed = "method_not_allowed"
)

// Error is a failed portal call.
type Error struct {
	// Op is what the client tried, e.g. "submit application".
	Op string
	// Status is the HTTP status, 0 when no answer arrived.
	Status int
	// Code is the portal's snake_case error code, empty if it sent none.
	Code string
	// Message is the portal's human text with every personal value the
	// request carried masked, and any other ID or phone number masked by
	// its shape. It is never the portal's text unmasked.
	Message string
	// RetryAfter is the delay the portal asked for (Retry-After), 0 if none.
	RetryAfter time.Duration
	// Retryable reports whether the same request may succeed later.
	Retryable bool
	// Err is the cause: one of the sentinels, a network error, or both.
	Err error
}

// Error formats the failure as "portal: op: 422 code: message: cause".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("portal: ")
	b.WriteString(e.Op)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": %d", e.Status)
	}
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "portal: "))
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// IsRetryable reports whether err is a portal failure a later retry of the
// same request may cure. Errors that are not *Error are not retryable.
func IsRetryable(err error) bool {
	var pe *Error
	return errors.As(err, &pe) && pe.Retryable
}

// RetryAfterOf returns the Retry-After delay carried by err, or 0.
func RetryAfterOf(err error) time.Duration {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.RetryAfter
	}
	return 0
}

// CodeOf returns the portal error code carried by err, or "".
func CodeOf(err error) string {
	var pe *Error
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// retryableStatus reports whether the contract calls status retryable.
func retryableStatus(status int, code string) bool {
	switch {
	case status == http.StatusRequestTimeout, status == http.StatusTooEarly,
		status == http.StatusTooManyRequests, status >= 500:
		return true
	case status == http.StatusConflict && code == CodeRequestInProgress:
		return true
	}
	return false
}

// maxRetryAfter bounds a portal's Retry-After so a typo cannot stall the
// outbox for days.
const maxRetryAfter = time.Hour

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter
		}
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	if d < 0 {
		return 0
	}
	return min(d, maxRetryAfter)
}

// maxMessage bounds a stored portal message.
const maxMessage = 300

// scrubMessage masks the personal values the kiosk sent (red), then any
// other ID or phone number by its shape, and bounds the length, so an echo
// of a citizen's data never reaches a log, the database or the staff
// screen. The text is bounded before masking too, so a huge message costs
// nothing.
func scrubMessage(s string, red *privacy.Redactor) string {
	if len(s) > 8*maxMessage {
		s = s[:8*maxMessage]
	}
	s = red.Redact(s)
	if len(s) > maxMessage {
		cut := maxMessage
		for cut > 0 && !utf8RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
