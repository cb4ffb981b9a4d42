package hall

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// writeTLS makes a CA and a server certificate for 127.0.0.1 signed by it,
// as PEM files in dir.
func writeTLS(t *testing.T, dir string) (ca, cert, key string) {
	t.Helper()
	write := func(name, kind string, der []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "hall test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true,
		KeyUsage: x509.KeyUsageCertSign, BasicConstraintsValid: true}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, _ := x509.ParseCertificate(caDER)
	srvKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	srvTmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "hall bus"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		KeyUsage: x509.KeyUsageDigitalSignature}
	srvDER, err := x509.CreateCertificate(rand.Reader, srvTmpl, caCert, &srvKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, _ := x509.MarshalECPrivateKey(srvKey)
	return write("ca.pem", "CERTIFICATE", caDER), write("server.pem", "CERTIFICATE", srvDER), write("server.key", "EC PRIVATE KEY", keyDER)
}

// TestTLS: a server with [hall] tls_cert serves TLS; a kiosk that trusts
// the hall's CA connects over tls:// and its call is acknowledged; a plain
// connection is refused.
func TestTLS(t *testing.T) {
	ca, cert, key := writeTLS(t, t.TempDir())
	s := startServer(t, ServerOptions{TLS: &TLSFiles{Cert: cert, Key: key}})
	if !strings.HasPrefix(s.URL(), "tls://") {
		t.Fatalf("URL %s", s.URL())
	}
	w, _ := startWindowTLS(t, s.URL(), ca)
	defer w.Close()
	kb := connect(t, ClientOptions{URL: s.URL(), Terminal: "K1", Role: RoleKiosk, TLS: &TLSFiles{CA: ca}})
	eventually(t, "kiosk connected over TLS", kb.Connected)
	if _, err := (&Agent{Bus: kb}).Call(context.Background(), Call{}); err != nil {
		t.Fatalf("call over TLS: %v", err)
	}
	plain := strings.Replace(s.URL(), "tls://", "nats://", 1)
	if nc, err := nats.Connect(plain, nats.Timeout(time.Second)); err == nil {
		nc.Close()
		t.Fatal("a connection without TLS was let in")
	}
}

func startWindowTLS(t *testing.T, url, ca string) (*Window, *Bus) {
	t.Helper()
	wb := connect(t, ClientOptions{URL: url, Terminal: "W1", Role: RoleWindow, TLS: &TLSFiles{CA: ca}})
	eventually(t, "window connected", wb.Connected)
	w, err := StartWindow(WindowOptions{Bus: wb, CallsPath: filepath.Join(t.TempDir(), "calls.db")})
	if err != nil {
		t.Fatal(err)
	}
	return w, wb
}
