package portal_test

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"hallkiosk/app/portal"
)

func TestSPKIPinning(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"catalog_version":"v1","config_version":"1"}`))
	}))
	defer srv.Close()
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	good := portal.SPKIPin(srv.Certificate().RawSubjectPublicKeyInfo)
	bad := base64.StdEncoding.EncodeToString(make([]byte, 32))
	hb := portal.Heartbeat{DeviceID: "K"}

	t.Run("pinned key matches", func(t *testing.T) {
		c, err := portal.New(portal.Options{BaseURL: srv.URL, Token: "t", RootCAs: roots, SPKIPins: []string{bad, "sha256/" + good}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Heartbeat(context.Background(), hb); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("mismatch is a hard, logged failure", func(t *testing.T) {
		logs := &logBuf{}
		c, err := portal.New(portal.Options{BaseURL: srv.URL, Token: "t", RootCAs: roots, SPKIPins: []string{bad},
			Logger: slog.New(slog.NewJSONHandler(logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Heartbeat(context.Background(), hb)
		if !errors.Is(err, portal.ErrPinMismatch) || portal.IsRetryable(err) {
			t.Fatalf("err = %v, want permanent ErrPinMismatch", err)
		}
		if !strings.Contains(logs.String(), "pin mismatch") || !strings.Contains(logs.String(), `"level":"ERROR"`) {
			t.Fatalf("mismatch not logged as an error: %s", logs.String())
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		c, err := portal.New(portal.Options{BaseURL: srv.URL, Token: "t"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Heartbeat(context.Background(), hb)
		if !errors.Is(err, portal.ErrCertificate) || portal.IsRetryable(err) {
			t.Fatalf("err = %v, want permanent ErrCertificate", err)
		}
	})
	t.Run("malformed pin", func(t *testing.T) {
		if _, err := portal.New(portal.Options{BaseURL: srv.URL, Token: "t", SPKIPins: []string{"not-a-pin"}}); err == nil {
			t.Fatal("malformed pin accepted")
		}
	})
}
