package portal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"time"

	"hallkiosk/internal/privacy"
)

// Content types of the contract.
const (
	ContentJSON = "application/json"
	ContentPDF  = "application/pdf"
	ContentJPEG = "image/jpeg"
)

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 64 << 10

// answer is one HTTP answer as the decoder sees it: status, headers and at
// most limit+1 bytes of body.
type answer struct {
	status int
	header http.Header
	body   []byte
	// truncated reports that the body was longer than the limit.
	truncated bool
	// sent is the JSON body of the request, whose personal values are
	// masked wherever an error answer repeats them.
	sent []byte
}

// readAnswer reads resp's body up to limit bytes and closes it.
func readAnswer(resp *http.Response, limit int64) (answer, error) {
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		limit = min(limit, maxErrorBody)
	}
	if resp.ContentLength > limit {
		// Do not read a body we will refuse anyway; closing drops the
		// connection instead of draining it.
		return answer{status: resp.StatusCode, header: resp.Header, truncated: true}, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return answer{}, err
	}
	a := answer{status: resp.StatusCode, header: resp.Header, body: body}
	if int64(len(body)) > limit {
		a.body, a.truncated = nil, true
	}
	return a, nil
}

// decodeJSON turns a 2xx answer into out. A wrong content type, a body over
// the limit, malformed JSON, trailing data or a failed check is an *Error
// wrapping ErrBadResponse (and ErrTooLarge for size).
func decodeJSON(op string, a answer, now time.Time, out any, check func() error) error {
	if a.status < 200 || a.status > 299 {
		return errorFromAnswer(op, a, now)
	}
	if a.truncated {
		return badResponse(op, a.status, fmt.Errorf("%w: %w", ErrBadResponse, ErrTooLarge))
	}
	if !hasMediaType(a.header, ContentJSON) {
		return badResponse(op, a.status, fmt.Errorf("%w: content type %q, want %s",
			ErrBadResponse, clip(a.header.Get("Content-Type")), ContentJSON))
	}
	dec := json.NewDecoder(bytes.NewReader(a.body))
	if err := dec.Decode(out); err != nil {
		return badResponse(op, a.status, fmt.Errorf("%w: %s", ErrBadResponse, jsonProblem(err)))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badResponse(op, a.status, fmt.Errorf("%w: data after the JSON value", ErrBadResponse))
	}
	if check != nil {
		if err := check(); err != nil {
			return badResponse(op, a.status, fmt.Errorf("%w: %w", ErrBadResponse, err))
		}
	}
	return nil
}

// decodePDF checks that a 2xx answer is a PDF and returns its bytes.
func decodePDF(op string, a answer, now time.Time) ([]byte, error) {
	if a.status < 200 || a.status > 299 {
		return nil, errorFromAnswer(op, a, now)
	}
	if a.truncated {
		return nil, badResponse(op, a.status, fmt.Errorf("%w: %w", ErrBadResponse, ErrTooLarge))
	}
	if !hasMediaType(a.header, ContentPDF) {
		return nil, badResponse(op, a.status, fmt.Errorf("%w: content type %q, want %s",
			ErrBadResponse, clip(a.header.Get("Content-Type")), ContentPDF))
	}
	if !bytes.HasPrefix(a.body, []byte("%PDF-")) {
		return nil, badResponse(op, a.status, fmt.Errorf("%w: body is not a PDF", ErrBadResponse))
	}
	return a.body, nil
}

// jsonProblem describes a decoding error without echoing the body: a
// malformed answer could contain personal data.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("malformed JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("JSON field %q has the wrong type", clip(typ.Field))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "truncated JSON"
	}
	var perr *time.ParseError
	if errors.As(err, &perr) {
		return "JSON time field malformed"
	}
	return "JSON not understood"
}

// badResponse wraps a decoding failure. It is retryable: a proxy or captive
// portal in the hall's network answers exactly like that, and the
// idempotency key makes the retry safe.
func badResponse(op string, status int, err error) *Error {
	return &Error{Op: op, Status: status, Retryable: true, Err: err}
}

// errorFromAnswer builds the *Error for a non-2xx answer, reading the
// portal's error envelope when there is one.
func errorFromAnswer(op string, a answer, now time.Time) *Error {
	e := &Error{Op: op, Status: a.status}
	enveloped := false
	if !a.truncated && hasMediaType(a.header, ContentJSON) {
		var body ErrorBody
		if json.Unmarshal(a.body, &body) == nil && body.Error.Code != "" {
			enveloped = true
			e.Code = errorCode(body.Error.Code)
			e.Message = scrubMessage(body.Error.Message, SentRedactor(a.sent))
		}
	}
	switch {
	case a.status >= 300 && a.status < 400:
		// Not part of the contract: a captive portal or proxy on the
		// hall's network. The token never follows it (see New).
		e.Retryable, e.Err = true, ErrRedirected
	case !enveloped && a.status >= 400 && a.status < 500 && a.status != http.StatusUnauthorized:
		// A refusal without the portal's error envelope came from
		// something between the kiosk and the portal (a proxy's HTML
		// page, a captive portal): network trouble, not the portal's
		// verdict on the request.
		e.Retryable, e.Err = true, ErrNotPortal
	default:
		e.Retryable = retryableStatus(a.status, e.Code)
	}
	if e.Retryable {
		e.RetryAfter = parseRetryAfter(a.header.Get("Retry-After"), now)
	}
	switch a.status {
	case http.StatusUnauthorized:
		e.Err = ErrUnauthorized
	case http.StatusNotFound:
		if enveloped {
			e.Err = ErrNotFound
		} else {
			e.Err = fmt.Errorf("%w: %w", ErrNotFound, ErrNotPortal)
		}
	}
	return e
}

// errorCode accepts a portal error code of the contract's shape
// (snake_case, at most 64 characters) and replaces anything else, which
// could carry any text, by "unrecognized".
func errorCode(code string) string {
	if len(code) == 0 || len(code) > 64 {
		return "unrecognized"
	}
	for i := 0; i < len(code); i++ {
		c := code[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return "unrecognized"
		}
	}
	return code
}

// notPersonal are the request fields of the contract that carry no
// personal data; every other string the kiosk sent is masked in answers.
var notPersonal = []string{"service_code", "channel", "device_id", "client_created_at", "card_type",
	"category", "challenge_id", "application_id", "material_ids", "reasons", "app_version"}

// SentRedactor returns a Redactor that knows the personal values of a JSON
// request body of the contract (an Application, Rating, Feedback, identity
// request): every string in it but the fields known to carry none.
func SentRedactor(body []byte) *privacy.Redactor {
	r := &privacy.Redactor{}
	if len(body) > 0 {
		r.AddJSON(body, notPersonal...)
	}
	return r
}

// hasMediaType reports whether the Content-Type header names want.
func hasMediaType(h http.Header, want string) bool {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	return err == nil && mt == want
}

// clip bounds a string taken from an answer and makes it valid UTF-8.
func clip(s string) string {
	const n = 64
	if len(s) > n {
		s = s[:n]
	}
	return scrubMessage(s, nil)
}
