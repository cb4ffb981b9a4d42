package portal_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"hallkiosk/app/portal"
	"hallkiosk/cmd/portalsim/server"
)

const (
	testToken   = "device-token-for-tests"
	testSMSCode = "246810"
)

// logBuf is a concurrency-safe log sink the tests grep.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// rig is a portal simulator on loopback and a client for it, both logging
// at debug level into one buffer.
type rig struct {
	sim    *server.Server
	client *portal.Client
	logs   *logBuf
}

func newRig(t *testing.T, so server.Options, co portal.Options) *rig {
	t.Helper()
	logs := &logBuf{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	so.Addr = "127.0.0.1:0"
	so.DataDir = t.TempDir()
	if so.Token == "" {
		so.Token = testToken
	}
	so.DemoSMSCode = testSMSCode
	so.Logger = log
	so.Seed = 1
	ctx, cancel := context.WithCancel(context.Background())
	sim, err := server.Start(ctx, so)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		sim.Close()
	})
	co.BaseURL = sim.URL()
	if co.Token == "" {
		co.Token = testToken
	}
	co.Logger = log
	c, err := portal.New(co)
	if err != nil {
		t.Fatal(err)
	}
	return &rig{sim: sim, client: c, logs: logs}
}

// demoApplication is an application of the first demo identity.
func demoApplication(marker string) portal.Application {
	who := server.DemoIdentities()[0]
	return portal.Application{
		ServiceCode: "SB-0202",
		Applicant:   portal.Applicant{CardType: who.CardType, IDNumber: who.IDNumber, Name: who.Name, Phone: who.Phone},
		Form:        map[string]string{"name": who.Name, "id_number": who.IDNumber, "marker": marker},
		MaterialIDs: []string{},
		Channel:     "kiosk",
		DeviceID:    "K-TEST-01",
	}
}

// session opens an identity session for the first demo identity.
func session(t *testing.T, c *portal.Client) string {
	t.Helper()
	who := server.DemoIdentities()[0]
	s, err := c.StartIdentitySession(context.Background(), portal.IdentityRequest{
		CardType: who.CardType, IDNumber: who.IDNumber, Name: who.Name, FaceJPEG: fakeJPEG(""),
	})
	if err != nil {
		t.Fatal(err)
	}
	return s.IdentityToken
}

// fakeJPEG is a minimal JPEG-looking image; extra goes into a comment.
func fakeJPEG(extra string) []byte {
	b := []byte{0xFF, 0xD8, 0xFF, 0xFE, 0x00, byte(2 + len(extra))}
	b = append(b, extra...)
	return append(b, 0xFF, 0xD9)
}

// fakePDF is a small PDF-looking document.
func fakePDF(n int) []byte {
	return append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), n)...)
}

// assertNoPII fails if s contains any of the secrets.
func assertNoPII(t *testing.T, where, s string, secrets ...string) {
	t.Helper()
	for _, sec := range secrets {
		if sec != "" && strings.Contains(s, sec) {
			t.Errorf("%s contains personal data %q", where, sec)
		}
	}
}
