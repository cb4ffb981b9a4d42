package outbox_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
)

// call is one request the fake portal saw.
type call struct {
	kind outbox.Kind
	key  string
	app  portal.Application
	size int
}

// fakePortal answers from a script of errors (nil = success) and records
// every call.
type fakePortal struct {
	mu     sync.Mutex
	script []error
	calls  []call
}

func (f *fakePortal) next(c call) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
	if len(f.script) == 0 {
		return nil
	}
	err := f.script[0]
	f.script = f.script[1:]
	return err
}

func (f *fakePortal) UploadMaterial(_ context.Context, key, ct string, data []byte) (portal.MaterialReceipt, error) {
	if err := f.next(call{kind: outbox.KindMaterial, key: key, size: len(data)}); err != nil {
		return portal.MaterialReceipt{}, err
	}
	return portal.MaterialReceipt{MaterialID: "M-" + key[:8], Size: int64(len(data))}, nil
}

func (f *fakePortal) SubmitApplication(_ context.Context, key string, a portal.Application) (portal.ApplicationAck, error) {
	a.MaterialIDs = append([]string(nil), a.MaterialIDs...)
	if err := f.next(call{kind: outbox.KindApplication, key: key, app: a}); err != nil {
		return portal.ApplicationAck{}, err
	}
	return portal.ApplicationAck{ApplicationID: "SL-" + key[:8], Status: portal.StatusReceived}, nil
}

func (f *fakePortal) Rate(_ context.Context, key string, _ portal.Rating) (string, error) {
	return "R-" + key[:8], f.next(call{kind: outbox.KindRating, key: key})
}

func (f *fakePortal) SendFeedback(_ context.Context, key string, _ portal.Feedback) (string, error) {
	return "F-" + key[:8], f.next(call{kind: outbox.KindFeedback, key: key})
}

func (f *fakePortal) seen() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// fakeTime is an injected clock whose Sleep advances it and records the
// requested delays: backoff is tested without waiting.
type fakeTime struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeTime() *fakeTime {
	return &fakeTime{now: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
}

func (f *fakeTime) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeTime) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleeps = append(f.sleeps, d)
	f.now = f.now.Add(d)
	return ctx.Err()
}

func (f *fakeTime) slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// Personal data of the test citizen; tests grep files and logs for it.
const (
	testName  = "欧阳测试娜"
	testID    = "11010119900307777X"
	testPhone = "13912345678"
)

func application(marker string) portal.Application {
	return portal.Application{
		ServiceCode: "SB-0202",
		Applicant:   portal.Applicant{CardType: "resident", IDNumber: testID, Name: testName, Phone: testPhone},
		Form:        map[string]string{"name": testName, "id_number": testID, "marker": marker},
		DeviceID:    "K-TEST-01",
	}
}

func pdf(n int) []byte {
	b := make([]byte, n)
	copy(b, "%PDF-1.4\n")
	for i := 9; i < n; i++ {
		b[i] = byte('a' + i%26)
	}
	return b
}

// openTest opens an outbox in a temporary directory with a fake portal and
// fake time, rand fixed at 0.5.
func openTest(t *testing.T, p outbox.Portal, ft *fakeTime) (*outbox.Outbox, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "outbox.db")
	o := outbox.Options{Portal: p, Rand: func() float64 { return 0.5 }, BaseDelay: time.Second, MaxDelay: 5 * time.Minute}
	if ft != nil {
		o.Now, o.Sleep = ft.Now, ft.Sleep
	}
	ob, err := outbox.Open(path, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ob.Close() })
	return ob, path
}

func readFiles(t *testing.T, path string) []byte {
	t.Helper()
	var all []byte
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

func mustGet(t *testing.T, ob *outbox.Outbox, key string) outbox.Entry {
	t.Helper()
	e, err := ob.Get(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func retryable(status int, code string, after time.Duration) error {
	return &portal.Error{Op: "submit application", Status: status, Code: code, Retryable: true, RetryAfter: after}
}

func permanent(status int, code string) error {
	return &portal.Error{Op: "submit application", Status: status, Code: code, Message: fmt.Sprintf("refused %d", status)}
}
