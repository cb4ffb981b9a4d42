package portal_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"hallkiosk/app/portal"
)

// TestBadResponses points the client at a portal that answers garbage.
// Every case must give a typed error, never a panic.
func TestBadResponses(t *testing.T) {
	huge := strings.Repeat("x", portal.DefaultMaxJSONBytes+10)
	cases := []struct {
		name   string
		status int
		ctype  string
		body   string
		header map[string]string
		call   string // catalog | submit | receipt
		want   error
		retry  bool
		code   string
	}{
		{name: "malformed json", status: 201, ctype: "application/json", body: `{"application_id":`, call: "submit", want: portal.ErrBadResponse, retry: true},
		{name: "wrong type", status: 201, ctype: "application/json", body: `{"application_id":42}`, call: "submit", want: portal.ErrBadResponse, retry: true},
		{name: "missing id", status: 201, ctype: "application/json", body: `{"status":"received"}`, call: "submit", want: portal.ErrBadResponse, retry: true},
		{name: "trailing data", status: 201, ctype: "application/json", body: `{"application_id":"A"} {"x":1}`, call: "submit", want: portal.ErrBadResponse, retry: true},
		{name: "html captive portal", status: 200, ctype: "text/html", body: `<html>login</html>`, call: "catalog", want: portal.ErrBadResponse, retry: true},
		{name: "no content type", status: 200, ctype: "", body: `{}`, call: "catalog", want: portal.ErrBadResponse, retry: true},
		{name: "huge body", status: 200, ctype: "application/json", body: `{"version":"` + huge + `"}`, call: "catalog", want: portal.ErrTooLarge, retry: true},
		{name: "empty catalog", status: 200, ctype: "application/json", body: `{"version":"v","items":[]}`, call: "catalog", want: portal.ErrBadResponse, retry: true},
		{name: "bad time", status: 201, ctype: "application/json", body: `{"application_id":"A","accepted_at":"yesterday"}`, call: "submit", want: portal.ErrBadResponse, retry: true},
		{name: "304 without cache", status: 304, call: "catalog", want: portal.ErrBadResponse, retry: true},
		{name: "pdf that is json", status: 200, ctype: "application/json", body: `{}`, call: "receipt", want: portal.ErrBadResponse, retry: true},
		{name: "pdf type but not pdf", status: 200, ctype: "application/pdf", body: `hello`, call: "receipt", want: portal.ErrBadResponse, retry: true},
		{name: "error body not json", status: 500, ctype: "text/plain", body: "oops", call: "submit", retry: true},
		{name: "error body huge", status: 502, ctype: "application/json", body: huge, call: "submit", retry: true},
		{name: "error envelope", status: 422, ctype: "application/json", body: `{"error":{"code":"invalid_applicant","message":"id 110105194912310025 bad"}}`, call: "submit", code: "invalid_applicant"},
		{name: "408", status: 408, ctype: "application/json", body: `{}`, call: "submit", retry: true},
		{name: "425", status: 425, ctype: "application/json", body: `{}`, call: "submit", retry: true},
		{name: "429 date", status: 429, ctype: "application/json", body: `{}`, call: "submit", retry: true,
			header: map[string]string{"Retry-After": time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)}},
		{name: "409 other", status: 409, ctype: "application/json", body: `{"error":{"code":"duplicate"}}`, call: "submit", code: "duplicate"},
		{name: "redirect", status: 302, ctype: "text/html", body: "", header: map[string]string{"Location": "https://elsewhere.example/"}, call: "submit"},
		{name: "404", status: 404, ctype: "application/json", body: `{"error":{"code":"not_found"}}`, call: "receipt", want: portal.ErrNotFound, code: "not_found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				if tc.ctype != "" {
					w.Header().Set("Content-Type", tc.ctype)
				} else {
					w.Header()["Content-Type"] = nil
				}
				w.WriteHeader(tc.status)
				w.Write([]byte(tc.body))
			}))
			defer srv.Close()
			c, err := portal.New(portal.Options{BaseURL: srv.URL, Token: "t"})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			switch tc.call {
			case "catalog":
				_, _, err = c.Catalog(ctx)
			case "submit":
				_, err = c.SubmitApplication(ctx, portal.NewKey(), demoApplication("bad"))
			case "receipt":
				_, err = c.ApplicationReceiptPDF(ctx, "tok", "A1")
			}
			var pe *portal.Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v (%T), want *portal.Error", err, err)
			}
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if pe.Retryable != tc.retry {
				t.Errorf("retryable = %v, want %v (%v)", pe.Retryable, tc.retry, err)
			}
			if pe.Code != tc.code {
				t.Errorf("code = %q, want %q", pe.Code, tc.code)
			}
			if strings.Contains(err.Error(), "110105194912310025") {
				t.Errorf("error text carries an ID number: %v", err)
			}
			if tc.name == "429 date" && (pe.RetryAfter < 80*time.Second || pe.RetryAfter > 91*time.Second) {
				t.Errorf("RetryAfter = %v, want about 90s", pe.RetryAfter)
			}
		})
	}
}
