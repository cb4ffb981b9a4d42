package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"hallkiosk/app/portal"
	"hallkiosk/cmd/portalsim/server"
)

const token = "sim-test-token"

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func start(t *testing.T, o server.Options) (*server.Server, *syncBuf) {
	t.Helper()
	logs := &syncBuf{}
	o.Addr = "127.0.0.1:0"
	if o.DataDir == "" {
		o.DataDir = t.TempDir()
	}
	o.Token = token
	o.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := server.Start(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, logs
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) code() string {
	var e portal.ErrorBody
	json.Unmarshal(a.body, &e)
	return e.Error.Code
}

func do(t *testing.T, s *server.Server, method, path, ctype string, body []byte, hdr map[string]string) answer {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b}
}

func appBody(t *testing.T, marker string) []byte {
	who := server.DemoIdentities()[1]
	b, err := json.Marshal(portal.Application{ServiceCode: "GJJ-0302",
		Applicant: portal.Applicant{CardType: who.CardType, IDNumber: who.IDNumber, Name: who.Name},
		Form:      map[string]string{"marker": marker}, MaterialIDs: []string{}, Channel: "kiosk"})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestIdempotencyOverHTTP(t *testing.T) {
	s, _ := start(t, server.Options{})
	key := portal.NewKey()
	body := appBody(t, "a")
	first := do(t, s, "POST", "/api/v1/applications", "application/json", body, map[string]string{"Idempotency-Key": key})
	if first.status != 201 || first.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first: %d %s", first.status, first.body)
	}
	again := do(t, s, "POST", "/api/v1/applications", "application/json", body, map[string]string{"Idempotency-Key": key})
	if again.status != 201 || again.header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(again.body, first.body) {
		t.Fatalf("replay: %d %q %s", again.status, again.header.Get("Idempotent-Replayed"), again.body)
	}
	reuse := do(t, s, "POST", "/api/v1/applications", "application/json", appBody(t, "b"), map[string]string{"Idempotency-Key": key})
	if reuse.status != 422 || reuse.code() != portal.CodeIdempotencyKeyReuse {
		t.Fatalf("reuse: %d %s", reuse.status, reuse.body)
	}
	// The same key on another route is a reuse too.
	other := do(t, s, "POST", "/api/v1/feedback", "application/json", []byte(`{"category":"c","text":"t"}`), map[string]string{"Idempotency-Key": key})
	if other.status != 422 {
		t.Fatalf("cross-route reuse: %d", other.status)
	}
	for name, tc := range map[string]struct {
		path, ctype string
		body        []byte
		hdr         map[string]string
		status      int
		code        string
	}{
		"missing key":     {"/api/v1/applications", "application/json", body, nil, 400, "idempotency_key_missing"},
		"bad key":         {"/api/v1/applications", "application/json", body, map[string]string{"Idempotency-Key": "a b"}, 400, "idempotency_key_invalid"},
		"wrong type":      {"/api/v1/applications", "text/plain", body, map[string]string{"Idempotency-Key": portal.NewKey()}, 415, "unsupported_media_type"},
		"malformed":       {"/api/v1/applications", "application/json", []byte("{"), map[string]string{"Idempotency-Key": portal.NewKey()}, 400, "malformed_json"},
		"unknown service": {"/api/v1/applications", "application/json", []byte(`{"service_code":"X","applicant":{"card_type":"r","id_number":"1","name":"n"},"channel":"kiosk"}`), map[string]string{"Idempotency-Key": portal.NewKey()}, 422, "unknown_service"},
		"unknown material": {"/api/v1/applications", "application/json", []byte(`{"service_code":"SB-0202","applicant":{"card_type":"r","id_number":"1","name":"n"},"channel":"kiosk","material_ids":["M0"]}`),
			map[string]string{"Idempotency-Key": portal.NewKey()}, 422, "unknown_material"},
		"material no sha":   {"/api/v1/materials", "application/pdf", []byte("%PDF-1"), map[string]string{"Idempotency-Key": portal.NewKey()}, 400, "checksum_missing"},
		"material bad sha":  {"/api/v1/materials", "application/pdf", []byte("%PDF-1"), map[string]string{"Idempotency-Key": portal.NewKey(), "X-Content-SHA256": "ab"}, 422, portal.CodeChecksumMismatch},
		"material png":      {"/api/v1/materials", "image/png", []byte("x"), map[string]string{"Idempotency-Key": portal.NewKey()}, 415, "unsupported_media_type"},
		"material too big":  {"/api/v1/materials", "application/pdf", make([]byte, portal.MaxMaterialBytes+1), map[string]string{"Idempotency-Key": portal.NewKey(), "X-Content-SHA256": "ab"}, 413, "too_large"},
		"unknown route":     {"/api/v1/nothing", "", nil, nil, 404, "not_found"},
		"bad heartbeat":     {"/api/v1/devices/heartbeat", "application/json", []byte(`{}`), nil, 422, "invalid_heartbeat"},
		"bad rating":        {"/api/v1/ratings", "application/json", []byte(`{"service_code":"SB-0202","level":1}`), map[string]string{"Idempotency-Key": portal.NewKey()}, 422, "invalid_rating"},
		"unknown challenge": {"/api/v1/identity/sms/verify", "application/json", []byte(`{"challenge_id":"x","code":"1"}`), nil, 404, "challenge_unknown"},
	} {
		a := do(t, s, "POST", tc.path, tc.ctype, tc.body, tc.hdr)
		if a.status != tc.status || a.code() != tc.code {
			t.Errorf("%s: %d %s, want %d %s", name, a.status, a.body, tc.status, tc.code)
		}
	}
	// Wrong token.
	req, _ := http.NewRequest("GET", s.URL()+"/api/v1/catalog", nil)
	req.Header.Set("Authorization", "Bearer nope")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 || resp.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("wrong token: %d", resp.StatusCode)
	}
}

func TestStateSurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	s, _ := start(t, server.Options{DataDir: dir})
	key := portal.NewKey()
	body := appBody(t, "restart")
	first := do(t, s, "POST", "/api/v1/applications", "application/json", body, map[string]string{"Idempotency-Key": key})
	s.Close()
	s2, _ := start(t, server.Options{DataDir: dir})
	again := do(t, s2, "POST", "/api/v1/applications", "application/json", body, map[string]string{"Idempotency-Key": key})
	if again.header.Get("Idempotent-Replayed") != "true" || !bytes.Equal(first.body, again.body) {
		t.Fatalf("no replay after restart: %s", again.body)
	}
	apps, err := s2.Applications(context.Background())
	if err != nil || len(apps) != 1 {
		t.Fatalf("%d applications, %v", len(apps), err)
	}
}

func identity(t *testing.T, s *server.Server, who server.DemoIdentity) string {
	b, _ := json.Marshal(portal.IdentityRequest{CardType: who.CardType, IDNumber: who.IDNumber, Name: who.Name, FaceJPEG: []byte{0xFF, 0xD8, 0xFF}})
	a := do(t, s, "POST", "/api/v1/identity/sessions", "application/json", b, map[string]string{"Idempotency-Key": portal.NewKey()})
	var sess portal.IdentitySession
	if err := json.Unmarshal(a.body, &sess); err != nil || sess.IdentityToken == "" {
		t.Fatalf("session: %d %s", a.status, a.body)
	}
	return sess.IdentityToken
}

func TestApplicationsProgressWithClock(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	s, _ := start(t, server.Options{Now: clk.Now, Progress: server.Progress{Accepted: time.Minute, InReview: time.Hour, Done: 24 * time.Hour}})
	who := server.DemoIdentities()[1]
	a := do(t, s, "POST", "/api/v1/applications", "application/json", appBody(t, "p"), map[string]string{"Idempotency-Key": portal.NewKey()})
	var ack portal.ApplicationAck
	json.Unmarshal(a.body, &ack)
	statusNow := func() string {
		tok := identity(t, s, who)
		l := do(t, s, "GET", "/api/v1/applications", "", nil, map[string]string{"X-Identity-Token": tok})
		var out struct{ Items []portal.ApplicationStatus }
		json.Unmarshal(l.body, &out)
		for _, it := range out.Items {
			if it.ApplicationID == ack.ApplicationID {
				return it.Status
			}
		}
		t.Fatalf("application %s not listed: %s", ack.ApplicationID, l.body)
		return ""
	}
	for _, step := range []struct {
		advance time.Duration
		want    string
	}{
		{0, portal.StatusReceived},
		{2 * time.Minute, portal.StatusAccepted},
		{time.Hour, portal.StatusInReview},
		{24 * time.Hour, portal.StatusApproved},
	} {
		clk.Advance(step.advance)
		if got := statusNow(); got != step.want {
			t.Fatalf("after +%v: %s, want %s", step.advance, got, step.want)
		}
	}
}

func TestPDFs(t *testing.T) {
	s, logs := start(t, server.Options{})
	who := server.DemoIdentities()[0]
	tok := identity(t, s, who)
	l := do(t, s, "GET", "/api/v1/applications", "", nil, map[string]string{"X-Identity-Token": tok})
	var apps struct{ Items []portal.ApplicationStatus }
	json.Unmarshal(l.body, &apps)
	if len(apps.Items) != 3 {
		t.Fatalf("demo identity has %d applications, want 3", len(apps.Items))
	}
	rc := do(t, s, "GET", "/api/v1/applications/"+apps.Items[0].ApplicationID+"/receipt.pdf", "", nil, map[string]string{"X-Identity-Token": tok})
	if rc.status != 200 || rc.header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(rc.body, []byte("%PDF-")) {
		t.Fatalf("receipt: %d %s", rc.status, rc.header.Get("Content-Type"))
	}
	ls := do(t, s, "GET", "/api/v1/licenses", "", nil, map[string]string{"X-Identity-Token": tok})
	var lic struct{ Items []portal.License }
	json.Unmarshal(ls.body, &lic)
	lp := do(t, s, "GET", "/api/v1/licenses/"+lic.Items[0].LicenseID+".pdf", "", nil, map[string]string{"X-Identity-Token": tok})
	if lp.status != 200 || !bytes.HasPrefix(lp.body, []byte("%PDF-")) {
		t.Fatalf("license: %d", lp.status)
	}
	// Another citizen cannot fetch them.
	other := identity(t, s, server.DemoIdentities()[1])
	if a := do(t, s, "GET", "/api/v1/licenses/"+lic.Items[0].LicenseID+".pdf", "", nil, map[string]string{"X-Identity-Token": other}); a.status != 404 {
		t.Fatalf("foreign license: %d", a.status)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		for name, pdf := range map[string][]byte{"receipt": rc.body, "license": lp.body} {
			cmd := exec.Command("pdftotext", "-", "-")
			cmd.Stdin = bytes.NewReader(pdf)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s: pdftotext: %v", name, err)
			}
			text := string(out)
			want := map[string]string{"receipt": "受理回执", "license": "电子证照"}[name]
			if !strings.Contains(strings.ReplaceAll(text, " ", ""), want) || !strings.Contains(text, "王*兰") {
				t.Errorf("%s text lacks %q or the masked name:\n%s", name, want, text)
			}
			if strings.Contains(text, who.IDNumber) || strings.Contains(text, who.Name) {
				t.Errorf("%s shows the full ID number or name", name)
			}
		}
	}
	if strings.Contains(logs.String(), who.IDNumber) || strings.Contains(logs.String(), who.Name) {
		t.Error("simulator log carries personal data")
	}
}

func TestFontMissing(t *testing.T) {
	s, _ := start(t, server.Options{FontPath: "/nonexistent/font.ttf"})
	tok := identity(t, s, server.DemoIdentities()[0])
	a := do(t, s, "GET", "/api/v1/licenses/DZZZ-BDC-2019-000731.pdf", "", nil, map[string]string{"X-Identity-Token": tok})
	if a.status != 500 || a.code() != "pdf_font_missing" || !strings.Contains(string(a.body), "fonts-droid-fallback") {
		t.Fatalf("%d %s", a.status, a.body)
	}
}

func TestCatalogIsTheDemoCatalog(t *testing.T) {
	s, _ := start(t, server.Options{})
	a := do(t, s, "GET", "/api/v1/catalog", "", nil, nil)
	etag := a.header.Get("ETag")
	if a.status != 200 || etag == "" {
		t.Fatalf("%d %q", a.status, etag)
	}
	var c portal.Catalog
	if err := json.Unmarshal(a.body, &c); err != nil || len(c.Items) < 12 {
		t.Fatalf("catalog of %d items: %v", len(c.Items), err)
	}
	if b := do(t, s, "GET", "/api/v1/catalog", "", nil, map[string]string{"If-None-Match": etag}); b.status != 304 {
		t.Fatalf("If-None-Match: %d", b.status)
	}
}
