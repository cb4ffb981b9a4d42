package portal

import (
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"log/slog"
	"strings"
)

// SPKIPin returns the pin of a DER-encoded SubjectPublicKeyInfo: the base64
// of its SHA-256, the form Options.SPKIPins and the configuration use.
func SPKIPin(spkiDER []byte) string {
	sum := sha256.Sum256(spkiDER)
	return base64.StdEncoding.EncodeToString(sum[:])
}

// pinVerifier returns a tls.Config.VerifyConnection hook that accepts the
// connection only when a certificate of the presented chain carries a
// pinned public key. It runs after the normal chain verification, so a pin
// never replaces it.
func pinVerifier(pins []string, log *slog.Logger) (func(tls.ConnectionState) error, error) {
	want := make(map[string]bool, len(pins))
	for _, p := range pins {
		p = strings.TrimPrefix(strings.TrimSpace(p), "sha256/")
		raw, err := base64.StdEncoding.DecodeString(p)
		if err != nil || len(raw) != sha256.Size {
			return nil, fmt.Errorf("portal: SPKI pin %q: want the base64 of a SHA-256 hash", p)
		}
		want[p] = true
	}
	return func(cs tls.ConnectionState) error {
		seen := make([]string, 0, len(cs.PeerCertificates))
		for _, cert := range cs.PeerCertificates {
			pin := SPKIPin(cert.RawSubjectPublicKeyInfo)
			if want[pin] {
				return nil
			}
			seen = append(seen, pin)
		}
		log.Error("portal: TLS public key pin mismatch, connection refused; check [portal] spki_pins or the network path",
			"server", cs.ServerName, "presented_pins", seen)
		return fmt.Errorf("%w: server %s presented none of the %d configured pins",
			ErrPinMismatch, cs.ServerName, len(want))
	}, nil
}
