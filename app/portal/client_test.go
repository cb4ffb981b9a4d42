package portal_test

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"hallkiosk/app/catalog"
	"hallkiosk/app/portal"
	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/devices"
)

func wantCode(t *testing.T, err error, status int, code string, retryable bool) *portal.Error {
	t.Helper()
	var pe *portal.Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v (%T), want *portal.Error", err, err)
	}
	if pe.Status != status || pe.Code != code || pe.Retryable != retryable {
		t.Fatalf("err = %v: status %d code %q retryable %v, want %d %q %v", err, pe.Status, pe.Code, pe.Retryable, status, code, retryable)
	}
	return pe
}

func TestCatalogETag(t *testing.T) {
	r := newRig(t, server.Options{}, portal.Options{})
	ctx := context.Background()
	cat, changed, err := r.client.Catalog(ctx)
	if err != nil || !changed {
		t.Fatalf("first Catalog: changed %v err %v", changed, err)
	}
	want, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cat, want) {
		t.Fatal("simulator does not serve the demo catalog")
	}
	if r.client.CatalogETag() == "" {
		t.Fatal("no ETag remembered")
	}
	again, changed, err := r.client.Catalog(ctx)
	if err != nil || changed {
		t.Fatalf("second Catalog: changed %v err %v, want 304", changed, err)
	}
	if again.Version != want.Version || len(again.Items) != len(want.Items) {
		t.Fatal("cached catalog differs")
	}
	// A fresh client seeded with the stored catalog also gets 304.
	c2, err := portal.New(portal.Options{BaseURL: r.sim.URL(), Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	c2.SeedCatalog(r.client.CatalogETag(), want)
	if _, changed, err := c2.Catalog(ctx); err != nil || changed {
		t.Fatalf("seeded Catalog: changed %v err %v", changed, err)
	}
}

func TestIdentityAndSMS(t *testing.T) {
	r := newRig(t, server.Options{}, portal.Options{})
	ctx := context.Background()
	tok := session(t, r.client)
	who := server.DemoIdentities()[0]
	ch, err := r.client.SendSMS(ctx, tok, who.Phone)
	if err != nil {
		t.Fatal(err)
	}
	if ch.ChallengeID == "" || ch.ExpiresAt.IsZero() {
		t.Fatalf("challenge %+v", ch)
	}
	for range 3 {
		err := r.client.VerifySMS(ctx, ch.ChallengeID, "000000")
		wantCode(t, err, http.StatusForbidden, portal.CodeSMSCodeWrong, false)
	}
	err = r.client.VerifySMS(ctx, ch.ChallengeID, testSMSCode)
	wantCode(t, err, http.StatusForbidden, portal.CodeSMSLocked, false)

	ch2, err := r.client.SendSMS(ctx, tok, who.Phone)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.client.VerifySMS(ctx, ch2.ChallengeID, testSMSCode); err != nil {
		t.Fatalf("right code: %v", err)
	}
	// SMS without a live identity session.
	_, err = r.client.SendSMS(ctx, "no-such-token", who.Phone)
	wantCode(t, err, http.StatusForbidden, "identity_expired", false)
	// The code is in the simulator's log, the phone only masked.
	if !strings.Contains(r.logs.String(), `"code":"`+testSMSCode+`"`) {
		t.Error("SMS code not logged by the simulator")
	}
}

func TestFaceMismatch(t *testing.T) {
	r := newRig(t, server.Options{}, portal.Options{})
	ctx := context.Background()
	who := server.DemoIdentities()[0]
	_, err := r.client.StartIdentitySession(ctx, portal.IdentityRequest{CardType: who.CardType, IDNumber: who.IDNumber,
		Name: who.Name, FaceJPEG: fakeJPEG(server.FaceMismatchMarker)})
	wantCode(t, err, http.StatusForbidden, portal.CodeFaceMismatch, false)
	m := server.MismatchIdentity()
	_, err = r.client.StartIdentitySession(ctx, portal.IdentityRequest{CardType: m.CardType, IDNumber: m.IDNumber,
		Name: m.Name, FaceJPEG: fakeJPEG("")})
	wantCode(t, err, http.StatusForbidden, portal.CodeFaceMismatch, false)
}

func TestMaterials(t *testing.T) {
	r := newRig(t, server.Options{}, portal.Options{})
	ctx := context.Background()
	key := portal.NewKey()
	doc := fakePDF(1000)
	rec, err := r.client.UploadMaterial(ctx, key, portal.ContentPDF, doc)
	if err != nil {
		t.Fatal(err)
	}
	if rec.MaterialID == "" || rec.Size != int64(len(doc)) || rec.Replayed {
		t.Fatalf("receipt %+v", rec)
	}
	again, err := r.client.UploadMaterial(ctx, key, portal.ContentPDF, doc)
	if err != nil || !again.Replayed || again.MaterialID != rec.MaterialID {
		t.Fatalf("replay: %+v %v", again, err)
	}
	if _, err := r.client.UploadMaterial(ctx, portal.NewKey(), portal.ContentJPEG, fakeJPEG("photo")); err != nil {
		t.Fatal(err)
	}
	// Client-side refusals.
	for name, tc := range map[string]struct {
		ct   string
		data []byte
	}{
		"not a pdf":  {portal.ContentPDF, []byte("hello")},
		"png":        {"image/png", []byte("\x89PNG")},
		"too large":  {portal.ContentPDF, fakePDF(portal.MaxMaterialBytes)},
		"empty data": {portal.ContentJPEG, nil},
	} {
		_, err := r.client.UploadMaterial(ctx, portal.NewKey(), tc.ct, tc.data)
		if !errors.Is(err, portal.ErrInvalidRequest) || portal.IsRetryable(err) {
			t.Errorf("%s: err = %v, want permanent ErrInvalidRequest", name, err)
		}
	}
	if _, err := r.client.UploadMaterial(ctx, "", portal.ContentPDF, doc); !errors.Is(err, portal.ErrInvalidRequest) {
		t.Errorf("no key: %v", err)
	}
}

// corruptSHA is a transport that sends a wrong X-Content-SHA256.
type corruptSHA struct{ next http.RoundTripper }

func (c corruptSHA) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	if r.Header.Get("X-Content-SHA256") != "" {
		r.Header.Set("X-Content-SHA256", "00"+r.Header.Get("X-Content-SHA256")[2:])
	}
	return c.next.RoundTrip(r)
}

func TestChecksumMismatch(t *testing.T) {
	r := newRig(t, server.Options{}, portal.Options{Transport: corruptSHA{http.DefaultTransport}})
	_, err := r.client.UploadMaterial(context.Background(), portal.NewKey(), portal.ContentPDF, fakePDF(10))
	wantCode(t, err, http.StatusUnprocessableEntity, portal.CodeChecksumMismatch, false)
}

func TestApplicationsReceiptsLicenses(t *testing.T) {
	r := newRig(t, server.Options{}, portal.Options{})
	ctx := context.Background()
	mat, err := r.client.UploadMaterial(ctx, portal.NewKey(), portal.ContentPDF, fakePDF(100))
	if err != nil {
		t.Fatal(err)
	}
	app := demoApplication("one")
	app.MaterialIDs = []string{mat.MaterialID}
	app.ClientCreatedAt = time.Now().UTC()
	ack, err := r.client.SubmitApplication(ctx, portal.NewKey(), app)
	if err != nil {
		t.Fatal(err)
	}
	if ack.ApplicationID == "" || ack.Status != portal.StatusReceived || ack.ReceiptURL == "" || ack.Replayed {
		t.Fatalf("ack %+v", ack)
	}
	tok := session(t, r.client)
	list, err := r.client.Applications(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, a := range list {
		found[a.ApplicationID] = a.Status
		if len(a.History) == 0 || a.ServiceName == "" {
			t.Errorf("application %s: no history or name", a.ApplicationID)
		}
	}
	if found[ack.ApplicationID] != portal.StatusReceived {
		t.Errorf("new application not listed as received: %v", found)
	}
	var supplement bool
	for _, st := range found {
		supplement = supplement || st == portal.StatusNeedsSupplement
	}
	if !supplement || len(found) < 4 {
		t.Errorf("demo identity lacks its sample applications: %v", found)
	}
	pdf, err := r.client.ApplicationReceiptPDF(ctx, tok, ack.ApplicationID)
	if err != nil {
		t.Fatal(err)
	}
	if len(pdf) < 1000 {
		t.Fatalf("receipt of %d bytes", len(pdf))
	}
	_, err = r.client.ApplicationReceiptPDF(ctx, tok, "SL00000000999999")
	if !errors.Is(err, portal.ErrNotFound) || portal.IsRetryable(err) {
		t.Fatalf("unknown receipt: %v", err)
	}
	if _, err := r.client.ApplicationReceiptPDF(ctx, tok, "../licenses"); !errors.Is(err, portal.ErrInvalidRequest) {
		t.Fatalf("path traversal id: %v", err)
	}
	lics, err := r.client.Licenses(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if len(lics) == 0 {
		t.Fatal("demo identity has no licenses")
	}
	lpdf, err := r.client.LicensePDF(ctx, tok, lics[0].LicenseID)
	if err != nil {
		t.Fatal(err)
	}
	if len(lpdf) < 1000 {
		t.Fatalf("license of %d bytes", len(lpdf))
	}
	// Without an identity session.
	_, err = r.client.Licenses(ctx, "expired")
	wantCode(t, err, http.StatusForbidden, "identity_expired", false)
}

func TestRatingsFeedbackHeartbeat(t *testing.T) {
	r := newRig(t, server.Options{}, portal.Options{})
	ctx := context.Background()
	id, err := r.client.Rate(ctx, "", portal.Rating{ServiceCode: "SB-0202", Level: portal.LevelVeryGood})
	if err != nil || id == "" {
		t.Fatalf("rate: %q %v", id, err)
	}
	if _, err := r.client.Rate(ctx, "", portal.Rating{ServiceCode: "SB-0202", Level: portal.LevelPoor}); !errors.Is(err, portal.ErrInvalidRequest) {
		t.Fatalf("low rating without reason: %v", err)
	}
	if _, err := r.client.Rate(ctx, "", portal.Rating{ServiceCode: "SB-0202", Level: portal.LevelVeryPoor,
		Reasons: []string{portal.ReasonSlow}}); err != nil {
		t.Fatal(err)
	}
	_, err = r.client.Rate(ctx, "", portal.Rating{ServiceCode: "NO-SUCH", Level: 4})
	wantCode(t, err, http.StatusUnprocessableEntity, "unknown_service", false)
	fid, err := r.client.SendFeedback(ctx, "", portal.Feedback{Category: "suggestion", Text: "字再大一点就好了", Contact: "13800001234"})
	if err != nil || fid == "" {
		t.Fatalf("feedback: %q %v", fid, err)
	}
	ack, err := r.client.Heartbeat(ctx, portal.Heartbeat{DeviceID: "K-TEST-01", AppVersion: "test", UptimeS: 10, OutboxDepth: 2,
		Devices: map[devices.Kind]devices.Status{devices.KindReceipt: {State: devices.Online, Paper: devices.PaperNearEnd}},
		Stats:   portal.HeartbeatStats{Sessions: 3, Submissions: 1, RatingsByLevel: map[string]int{"5": 1}}})
	if err != nil || ack.CatalogVersion == "" {
		t.Fatalf("heartbeat: %+v %v", ack, err)
	}
}

func TestIdempotencyReplayAndReuse(t *testing.T) {
	r := newRig(t, server.Options{}, portal.Options{})
	ctx := context.Background()
	key := portal.NewKey()
	app := demoApplication("replay")
	app.ClientCreatedAt = time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	first, err := r.client.SubmitApplication(ctx, key, app)
	if err != nil {
		t.Fatal(err)
	}
	second, err := r.client.SubmitApplication(ctx, key, app)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Replayed || second.ApplicationID != first.ApplicationID || !second.AcceptedAt.Equal(first.AcceptedAt) {
		t.Fatalf("replay %+v, first %+v", second, first)
	}
	changed := app
	changed.Form = map[string]string{"marker": "other"}
	_, err = r.client.SubmitApplication(ctx, key, changed)
	wantCode(t, err, http.StatusUnprocessableEntity, portal.CodeIdempotencyKeyReuse, false)
	apps, err := r.sim.Applications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 1 {
		t.Fatalf("%d applications stored, want 1", len(apps))
	}
	// A permanent refusal is replayed too: same key, same body, same answer.
	bad := demoApplication("bad")
	bad.ServiceCode = "NO-SUCH"
	k2 := portal.NewKey()
	_, err = r.client.SubmitApplication(ctx, k2, bad)
	wantCode(t, err, http.StatusUnprocessableEntity, "unknown_service", false)
	_, err = r.client.SubmitApplication(ctx, k2, bad)
	wantCode(t, err, http.StatusUnprocessableEntity, "unknown_service", false)
}

func TestRequestInProgress(t *testing.T) {
	r := newRig(t, server.Options{Faults: server.Faults{Latency: time.Second}}, portal.Options{})
	ctx := context.Background()
	key := portal.NewKey()
	app := demoApplication("concurrent")
	app.ClientCreatedAt = time.Now().UTC()
	// Two requests with one key, the second while the first is processed
	// (the simulator holds each for a second): one succeeds, the other is
	// 409 request_in_progress, retryable.
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := r.client.SubmitApplication(ctx, key, app)
			errs <- err
		}()
		time.Sleep(100 * time.Millisecond)
	}
	var ok, conflict int
	for range 2 {
		err := <-errs
		switch {
		case err == nil:
			ok++
		case portal.CodeOf(err) == portal.CodeRequestInProgress:
			wantCode(t, err, http.StatusConflict, portal.CodeRequestInProgress, true)
			conflict++
		default:
			t.Fatal(err)
		}
	}
	if ok != 1 || conflict != 1 {
		t.Fatalf("%d successes and %d conflicts, want one each", ok, conflict)
	}
}

func TestUnauthorized(t *testing.T) {
	r := newRig(t, server.Options{}, portal.Options{Token: "wrong-token"})
	_, _, err := r.client.Catalog(context.Background())
	wantCode(t, err, http.StatusUnauthorized, "unauthorized", false)
	if !errors.Is(err, portal.ErrUnauthorized) {
		t.Fatalf("err = %v, want ErrUnauthorized", err)
	}
}

func TestServerErrorsRetryable(t *testing.T) {
	r := newRig(t, server.Options{Faults: server.Faults{FailRate: 1}}, portal.Options{})
	_, err := r.client.SubmitApplication(context.Background(), portal.NewKey(), demoApplication("x"))
	var pe *portal.Error
	if !errors.As(err, &pe) || pe.Status < 500 || !pe.Retryable {
		t.Fatalf("err = %v, want retryable 5xx", err)
	}
}

func TestRateLimitRetryAfter(t *testing.T) {
	r := newRig(t, server.Options{Faults: server.Faults{RateLimit: 2}}, portal.Options{})
	var err error
	for range 10 {
		if _, _, err = r.client.Catalog(context.Background()); err != nil {
			break
		}
	}
	pe := wantCode(t, err, http.StatusTooManyRequests, "rate_limited", true)
	if pe.RetryAfter != time.Second || portal.RetryAfterOf(err) != time.Second {
		t.Fatalf("RetryAfter = %v, want 1s", pe.RetryAfter)
	}
}

func TestTimeout(t *testing.T) {
	r := newRig(t, server.Options{Faults: server.Faults{Latency: 500 * time.Millisecond}}, portal.Options{Timeout: 50 * time.Millisecond})
	_, _, err := r.client.Catalog(context.Background())
	if !errors.Is(err, portal.ErrNetwork) || !portal.IsRetryable(err) {
		t.Fatalf("err = %v, want retryable ErrNetwork", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the deadline as cause", err)
	}
}

func TestConnectionRefused(t *testing.T) {
	r := newRig(t, server.Options{}, portal.Options{})
	r.sim.Close()
	_, err := r.client.Heartbeat(context.Background(), portal.Heartbeat{DeviceID: "K"})
	if !errors.Is(err, portal.ErrNetwork) || !portal.IsRetryable(err) {
		t.Fatalf("err = %v, want retryable ErrNetwork", err)
	}
}

// TestDropAfterCommit: the portal stores the application and the connection
// drops before the answer. The retry with the same key gets the first
// answer replayed; the application exists once.
func TestDropAfterCommit(t *testing.T) {
	r := newRig(t, server.Options{Faults: server.Faults{DropAfterCommit: 1}}, portal.Options{})
	ctx := context.Background()
	key := portal.NewKey()
	app := demoApplication("dropped")
	app.ClientCreatedAt = time.Now().UTC()
	var ack portal.ApplicationAck
	var err error
	for attempt := 1; ; attempt++ {
		ack, err = r.client.SubmitApplication(ctx, key, app)
		if err == nil {
			break
		}
		if !portal.IsRetryable(err) || !errors.Is(err, portal.ErrNetwork) {
			t.Fatalf("attempt %d: %v, want a retryable network error", attempt, err)
		}
		if attempt == 3 {
			t.Fatal("no success after 3 attempts")
		}
	}
	if !ack.Replayed {
		t.Fatal("answer after a dropped commit was not a replay")
	}
	apps, err := r.sim.Applications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != 1 || apps[0].IdempotencyKey != key || apps[0].ApplicationID != ack.ApplicationID {
		t.Fatalf("stored %d applications (%+v), want exactly the one", len(apps), apps)
	}
}

// TestNoPIIInLogsOrURLs runs every call with debug logging on both sides
// and records every URL and header the client sends.
func TestNoPIIInLogsOrURLs(t *testing.T) {
	rec := &recorder{next: http.DefaultTransport}
	r := newRig(t, server.Options{}, portal.Options{Transport: rec})
	ctx := context.Background()
	who := server.DemoIdentities()[0]
	face := fakeJPEG("a-face-image-bytes")
	s, err := r.client.StartIdentitySession(ctx, portal.IdentityRequest{CardType: who.CardType, IDNumber: who.IDNumber, Name: who.Name, FaceJPEG: face})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := r.client.SendSMS(ctx, s.IdentityToken, who.Phone)
	if err != nil {
		t.Fatal(err)
	}
	r.client.VerifySMS(ctx, ch.ChallengeID, "111111")
	r.client.VerifySMS(ctx, ch.ChallengeID, testSMSCode)
	mat, _ := r.client.UploadMaterial(ctx, portal.NewKey(), portal.ContentJPEG, face)
	app := demoApplication("pii")
	app.MaterialIDs = []string{mat.MaterialID}
	ack, err := r.client.SubmitApplication(ctx, portal.NewKey(), app)
	if err != nil {
		t.Fatal(err)
	}
	r.client.Applications(ctx, s.IdentityToken)
	r.client.ApplicationReceiptPDF(ctx, s.IdentityToken, ack.ApplicationID)
	lics, _ := r.client.Licenses(ctx, s.IdentityToken)
	if len(lics) > 0 {
		r.client.LicensePDF(ctx, s.IdentityToken, lics[0].LicenseID)
	}
	r.client.Rate(ctx, "", portal.Rating{ApplicationID: ack.ApplicationID, Level: 5})
	r.client.SendFeedback(ctx, "", portal.Feedback{Category: "c", Text: "t", Contact: who.Phone})
	r.client.Heartbeat(ctx, portal.Heartbeat{DeviceID: "K"})
	secrets := []string{who.IDNumber, who.Name, who.Phone, base64.StdEncoding.EncodeToString(face), "a-face-image-bytes"}
	assertNoPII(t, "logs", r.logs.String(), secrets...)
	assertNoPII(t, "URLs and headers", rec.String(), secrets...)
	if rec.count() < 12 {
		t.Fatalf("only %d requests recorded", rec.count())
	}
}

// recorder keeps every URL and header of the requests it passes on.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.seen = append(r.seen, req.URL.String())
	for k, v := range req.Header {
		r.seen = append(r.seen, k+": "+v[0])
	}
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

func (r *recorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.seen, "\n")
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, s := range r.seen {
		if strings.HasPrefix(s, "http") {
			n++
		}
	}
	return n
}

func TestBaseURLRules(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"https://zwfw.example.gov.cn", true},
		{"http://127.0.0.1:8700", true},
		{"http://localhost:8700/", true},
		{"http://[::1]:8700", true},
		{"http://zwfw.example.gov.cn", false},
		{"ftp://x", false},
		{"", false},
	} {
		_, err := portal.New(portal.Options{BaseURL: tc.url, Token: "t"})
		if (err == nil) != tc.ok {
			t.Errorf("%q: err = %v, want ok %v", tc.url, err, tc.ok)
		}
	}
	if _, err := portal.New(portal.Options{BaseURL: "https://x"}); err == nil {
		t.Error("no token accepted")
	}
}
