package portal_test

import (
	"context"
	"errors"
	"fmt"
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
		{name: "redirect", status: 302, ctype: "text/html", body: "", header: map[string]string{"Location": "https://elsewhere.example/"}, call: "submit", want: portal.ErrRedirected, retry: true},
		{name: "redirect 307", status: 307, ctype: "text/html", body: "", header: map[string]string{"Location": "https://elsewhere.example/"}, call: "submit", want: portal.ErrRedirected, retry: true},
		{name: "proxy 403 html", status: 403, ctype: "text/html", body: "<html>blocked</html>", call: "submit", want: portal.ErrNotPortal, retry: true},
		{name: "proxy 400 json without envelope", status: 400, ctype: "application/json", body: `{"msg":"x"}`, call: "submit", want: portal.ErrNotPortal, retry: true},
		{name: "404 without envelope", status: 404, ctype: "text/html", body: "<html>nginx</html>", call: "receipt", want: portal.ErrNotFound, retry: true},
		{name: "code that is not a code", status: 422, ctype: "application/json", body: `{"error":{"code":"张三丰 110105194912310025","message":"m"}}`, call: "submit", code: "unrecognized"},
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

// TestEchoedPersonalDataIsMasked: a portal that repeats the applicant's
// values in its error message, in every spelling, never gets them into the
// error's text, whichever call it answers.
func TestEchoedPersonalDataIsMasked(t *testing.T) {
	const id, name, phone = "11010519491231002X", "张三丰", "13800138000"
	spellings := []string{
		"bad applicant " + id + " " + name + " " + phone,
		"bad applicant 110105 19491231 002x / 138-0013-8000 / 张三丰",
		"申请人张三丰（证件号１１０１０５１９４９１２３１００２Ｘ）手机１３８００１３８０００有误",
	}
	for _, msg := range spellings {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnprocessableEntity)
			fmt.Fprintf(w, `{"error":{"code":"invalid_applicant","message":%q}}`, msg)
		}))
		c, err := portal.New(portal.Options{BaseURL: srv.URL, Token: "t"})
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		app := demoApplication("m")
		app.Applicant = portal.Applicant{CardType: "resident", IDNumber: id, Name: name, Phone: phone}
		// Each call with the pieces of what it sent.
		_, e1 := c.SubmitApplication(ctx, portal.NewKey(), app)
		_, e2 := c.StartIdentitySession(ctx, portal.IdentityRequest{CardType: "resident", IDNumber: id, Name: name})
		_, e3 := c.SendSMS(ctx, "tok", phone)
		_, e4 := c.SendFeedback(ctx, portal.NewKey(), portal.Feedback{Category: "other", Text: name, Contact: phone})
		all := []string{"19491231", "三丰", "0013", "１９４９"}
		for i, tc := range []struct {
			err   error
			leaks []string
		}{{e1, all}, {e2, all}, {e3, []string{"0013", "００１３"}}, {e4, []string{"三丰", "0013"}}} {
			if tc.err == nil {
				t.Fatalf("call %d: want an error", i)
			}
			text := tc.err.Error()
			for _, leak := range tc.leaks {
				if strings.Contains(text, leak) {
					t.Errorf("call %d: error text %q carries %q", i, text, leak)
				}
			}
		}
		srv.Close()
	}
}
