package portal

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

// FuzzDecodeResponse feeds arbitrary answers to the response decoder: every
// outcome must be nil or an *Error, never a panic. The corpus lives in
// testdata/fuzz/FuzzDecodeResponse.
func FuzzDecodeResponse(f *testing.F) {
	f.Add(201, "application/json", []byte(`{"application_id":"SL1","status":"received","accepted_at":"2026-11-28T10:00:00Z","receipt_url":"/x"}`), false)
	f.Add(200, "application/json; charset=utf-8", []byte(`{"version":"v","items":[{"code":"A","name":"n"}]}`), false)
	f.Add(422, "application/json", []byte(`{"error":{"code":"checksum_mismatch","message":"bad"}}`), false)
	f.Add(429, "application/json", []byte(`{"error":{"code":"rate_limited"}}`), false)
	f.Add(200, "application/pdf", []byte("%PDF-1.4\n%%EOF"), false)
	f.Add(200, "text/html", []byte("<html>"), true)
	f.Add(200, "application/json", []byte(`{"items":[{"application_id":"A","history":[{"status":"received","at":"bad"}]}]}`), false)
	f.Fuzz(func(t *testing.T, status int, ctype string, body []byte, truncated bool) {
		h := http.Header{}
		h.Set("Content-Type", ctype)
		h.Set("Retry-After", string(body[:min(len(body), 12)]))
		a := answer{status: status, header: h, body: body, truncated: truncated}
		now := time.Unix(1_800_000_000, 0)
		check := func(err error) {
			if err == nil {
				return
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is %T, not *Error", err, err)
			}
			_ = pe.Error()
			if pe.RetryAfter < 0 || pe.RetryAfter > maxRetryAfter {
				t.Fatalf("RetryAfter %v out of range", pe.RetryAfter)
			}
		}
		var ack ApplicationAck
		check(decodeJSON("submit", a, now, &ack, func() error {
			if ack.ApplicationID == "" {
				return errors.New("no id")
			}
			return nil
		}))
		var cat Catalog
		check(decodeJSON("catalog", a, now, &cat, nil))
		var list struct {
			Items []ApplicationStatus `json:"items"`
		}
		check(decodeJSON("list", a, now, &list, nil))
		var lic struct {
			Items []License `json:"items"`
		}
		check(decodeJSON("licenses", a, now, &lic, nil))
		var sess IdentitySession
		check(decodeJSON("session", a, now, &sess, nil))
		_, err := decodePDF("pdf", a, now)
		check(err)
		check(errorFromAnswer("err", a, now))
	})
}
