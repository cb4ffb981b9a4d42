package outbox_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
)

// leaks are the pieces of the test citizen's data that must never be found
// in the data directory, the log or the queue's listing.
var leaks = []string{testID, strings.ToLower(testID), testID[6:14], testName, testName[3:9], testPhone, testPhone[3:7]}

func findLeaks(t *testing.T, where string, data []byte) {
	t.Helper()
	for _, l := range leaks {
		if bytes.Contains(data, []byte(l)) {
			t.Errorf("%s carries %q", where, l)
		}
	}
}

// echoPortal answers every request with an error that repeats the
// applicant's data, in the shape given.
type echoPortal struct {
	mu    sync.Mutex
	shape string // json422, json500, text400, html403, redirect
	ok    bool   // answer 201 instead
	seen  map[string]int
}

func (e *echoPortal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	shape, ok := e.shape, e.ok
	e.seen[r.URL.Path]++
	e.mu.Unlock()
	echo := fmt.Sprintf("bad applicant %s %s %s (%s)", testID, testName, testPhone, "138-0013-8000")
	if ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"application_id":"SL-%s","status":"received","accepted_at":"2026-12-01T10:00:00Z"}`,
			r.Header.Get("Idempotency-Key")[:8])
		return
	}
	switch shape {
	case "json422", "json500":
		status := http.StatusUnprocessableEntity
		if shape == "json500" {
			status = http.StatusInternalServerError
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":{"code":"invalid_applicant","message":%q}}`, echo)
	case "text400":
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, echo)
	case "html403":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, "<html><body>%s</body></html>", echo)
	case "redirect":
		w.Header().Set("Location", "http://captive.example/login?who="+testID)
		w.WriteHeader(http.StatusFound)
	}
}

func (e *echoPortal) set(shape string, ok bool) {
	e.mu.Lock()
	e.shape, e.ok = shape, ok
	e.mu.Unlock()
}

// hostileOutbox opens an outbox in its own data directory, sending through
// the real portal client to an echoing server, logging JSON into log.
func hostileOutbox(t *testing.T, shape string, log *syncBuf, ft *fakeTime) (*outbox.Outbox, *echoPortal, string) {
	t.Helper()
	ep := &echoPortal{shape: shape, seen: map[string]int{}}
	srv := httptest.NewServer(ep)
	t.Cleanup(srv.Close)
	lg := slog.New(slog.NewJSONHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, err := portal.New(portal.Options{BaseURL: srv.URL, Token: "t", Timeout: 2 * time.Second, Logger: lg})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "outbox.db")
	ob, err := outbox.Open(path, outbox.Options{Portal: c, Logger: lg, Now: ft.Now, Sleep: ft.Sleep,
		Rand: func() float64 { return 0.5 }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ob.Close() })
	return ob, ep, path
}

// TestPortalEchoNeverStored: a portal that echoes the applicant's values
// in its error, in every shape, leaves none of them in the database, the
// log or the listing.
func TestPortalEchoNeverStored(t *testing.T) {
	for _, shape := range []string{"json422", "json500", "text400", "html403", "redirect"} {
		t.Run(shape, func(t *testing.T) {
			var log syncBuf
			ob, _, path := hostileOutbox(t, shape, &log, newFakeTime())
			ctx := context.Background()
			r, err := ob.Add(ctx, application("echo"), outbox.Material{Code: "lease", ContentType: portal.ContentPDF, Data: pdf(2000)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ob.Drain(ctx, false); err != nil {
				t.Fatal(err)
			}
			var listing bytes.Buffer
			ob.Each(ctx, outbox.ListOptions{}, func(e outbox.Entry) error {
				fmt.Fprintf(&listing, "%+v\n", e)
				return nil
			})
			fmt.Fprintf(&listing, "%+v\n", ob.SenderStatus())
			e := mustGet(t, ob, r.Key)
			mat, _ := ob.List(ctx, outbox.ListOptions{Kind: outbox.KindMaterial})
			if len(mat) != 1 || mat[0].LastError == "" {
				t.Fatalf("the refusal was not recorded: %+v", mat)
			}
			if shape == "json422" {
				if mat[0].State != outbox.StateParked || !strings.Contains(mat[0].LastError, "110101********777X") ||
					!strings.Contains(mat[0].LastError, "139****5678") || !strings.Contains(mat[0].LastError, "欧***娜") {
					t.Errorf("parked reason not masked as expected: %q", mat[0].LastError)
				}
			} else if mat[0].State != outbox.StatePending {
				t.Errorf("%s: material is %s, want pending (retryable network trouble)", shape, mat[0].State)
			}
			_ = e
			findLeaks(t, "the database", readFiles(t, path))
			findLeaks(t, "the log", []byte(log.String()))
			findLeaks(t, "the listing", listing.Bytes())
		})
	}
}

// TestRedirectRetriesWithBackoff: a captive portal's redirect is network
// trouble: the item stays pending with a backoff, and the request never
// follows the redirect.
func TestRedirectRetriesWithBackoff(t *testing.T) {
	var log syncBuf
	ft := newFakeTime()
	ob, ep, _ := hostileOutbox(t, "redirect", &log, ft)
	ctx := context.Background()
	r, err := ob.Add(ctx, application("redirect"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Drain(ctx, false); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, ob, r.Key)
	if e.State != outbox.StatePending || e.Attempts != 1 || !e.NextAttemptAt.After(ft.Now()) {
		t.Fatalf("after a redirect: %+v, want pending with a backoff", e)
	}
	if !strings.Contains(e.LastError, "redirect") {
		t.Errorf("last error %q does not say redirect", e.LastError)
	}
	// The network comes back: the same key is delivered once.
	ep.set("", true)
	if _, err := ob.Drain(ctx, true); err != nil {
		t.Fatal(err)
	}
	if e := mustGet(t, ob, r.Key); e.State != outbox.StateSent {
		t.Fatalf("after the network came back: %+v", e)
	}
	if n := ep.seen["/api/v1/applications"]; n != 2 {
		t.Errorf("application posted %d times, want 2 (one redirected, one delivered)", n)
	}
}

// TestRequeueDeliversParkedOnce: parked → requeue → delivered exactly
// once, with the audit line written.
func TestRequeueDeliversParkedOnce(t *testing.T) {
	var log syncBuf
	ob, ep, _ := hostileOutbox(t, "json422", &log, newFakeTime())
	ctx := context.Background()
	r, err := ob.Add(ctx, application("requeue"))
	if err != nil {
		t.Fatal(err)
	}
	ob.Drain(ctx, false)
	if e := mustGet(t, ob, r.Key); e.State != outbox.StateParked {
		t.Fatalf("want parked, got %+v", e)
	}
	if err := ob.Requeue(ctx, r.Key, outbox.Action{Actor: "cli:staff"}); !errors.Is(err, outbox.ErrNoReason) {
		t.Fatalf("requeue without a reason: %v", err)
	}
	ep.set("", true)
	if err := ob.Requeue(ctx, r.Key, outbox.Action{Actor: "cli:staff", Reason: "portal fixed the catalog for " + testName}); err != nil {
		t.Fatal(err)
	}
	if err := ob.Requeue(ctx, r.Key, outbox.Action{Actor: "cli:staff", Reason: "again"}); err == nil {
		t.Fatal("a pending item was requeued again")
	}
	if _, err := ob.Drain(ctx, true); err != nil {
		t.Fatal(err)
	}
	ob.Drain(ctx, true)
	if e := mustGet(t, ob, r.Key); e.State != outbox.StateSent {
		t.Fatalf("after requeue: %+v", e)
	}
	if n := ep.seen["/api/v1/applications"]; n != 2 {
		t.Errorf("posted %d times, want 2 (refused, then delivered once)", n)
	}
	audit, err := ob.Audit(ctx, 10)
	if err != nil || len(audit) != 1 || audit[0].Action != "requeue" || audit[0].Key != r.Key || audit[0].Actor != "cli:staff" {
		t.Fatalf("audit = %+v, %v", audit, err)
	}
	if strings.Contains(audit[0].Reason, testName) || !strings.Contains(audit[0].Reason, "欧***娜") {
		t.Errorf("audit reason not masked: %q", audit[0].Reason)
	}
}

// TestDiscardDeletesSealedData: discard → the sealed data is gone (also
// from the files), the record stays, the audit line is written.
func TestDiscardDeletesSealedData(t *testing.T) {
	var log syncBuf
	ob, _, path := hostileOutbox(t, "json422", &log, newFakeTime())
	ctx := context.Background()
	app := application("discard")
	probe := "DISCARD-PROBE-" + strings.Repeat("z", 64)
	app.Form["probe"] = probe
	r, err := ob.Add(ctx, app)
	if err != nil {
		t.Fatal(err)
	}
	ob.Drain(ctx, false)
	if err := ob.Discard(ctx, r.Voucher, outbox.Action{Actor: "cli:staff", Reason: "citizen withdrew"}); err == nil {
		t.Fatal("discard by voucher without Resolve should name no item")
	}
	key, err := ob.Resolve(ctx, r.Voucher)
	if err != nil || key != r.Key {
		t.Fatalf("Resolve(voucher) = %q, %v", key, err)
	}
	if err := ob.Discard(ctx, key, outbox.Action{Actor: "cli:staff", Reason: "citizen withdrew"}); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, ob, r.Key)
	if e.Sealed || e.State != outbox.StateParked || e.LastCode != "discarded" {
		t.Fatalf("after discard: %+v", e)
	}
	if err := ob.Requeue(ctx, r.Key, outbox.Action{Actor: "x", Reason: "y"}); err == nil {
		t.Fatal("a discarded item was requeued")
	}
	audit, _ := ob.Audit(ctx, 10)
	if len(audit) != 1 || audit[0].Action != "discard" || audit[0].Reason != "citizen withdrew" {
		t.Fatalf("audit = %+v", audit)
	}
	// The sender's next idle step truncates the WAL; then no byte of the
	// plain request is anywhere (it was only ever stored sealed).
	ob.Drain(ctx, false)
	if bytes.Contains(readFiles(t, path), []byte(probe)) {
		t.Fatal("the request is in the files in the clear")
	}
}

// TestParkedDataExpires: sealed data of an item parked longer than the
// retention is discarded, with an audit line.
func TestParkedDataExpires(t *testing.T) {
	var log syncBuf
	ft := newFakeTime()
	ob, _, _ := hostileOutbox(t, "json422", &log, ft)
	ctx := context.Background()
	r, _ := ob.Add(ctx, application("expire"))
	ob.Drain(ctx, false)
	if n, err := ob.ExpireParked(ctx); n != 0 || err != nil {
		t.Fatalf("expired %d at once, %v", n, err)
	}
	ft.Sleep(ctx, outbox.DefaultParkedRetention+time.Hour)
	if n, err := ob.ExpireParked(ctx); n != 1 || err != nil {
		t.Fatalf("ExpireParked = %d, %v", n, err)
	}
	if e := mustGet(t, ob, r.Key); e.Sealed {
		t.Fatal("sealed data kept past the retention")
	}
	audit, _ := ob.Audit(ctx, 10)
	if len(audit) != 1 || audit[0].Action != "expire" {
		t.Fatalf("audit = %+v", audit)
	}
}

// TestLostQueueIsLoud: the database emptied or removed while its key
// exists stops Open with ErrQueueLost; nothing is quietly replaced. After
// the key is retired a new queue starts.
func TestLostQueueIsLoud(t *testing.T) {
	for _, how := range []string{"truncated", "removed"} {
		t.Run(how, func(t *testing.T) {
			ob, path := openTest(t, &fakePortal{script: []error{retryable(503, "", 0)}}, newFakeTime())
			if _, err := ob.Add(context.Background(), application("lost")); err != nil {
				t.Fatal(err)
			}
			ob.Close()
			if how == "truncated" {
				os.Truncate(path, 0)
			} else {
				os.Remove(path)
			}
			os.Remove(path + "-wal")
			os.Remove(path + "-shm")
			_, err := outbox.Open(path, outbox.Options{})
			if !errors.Is(err, outbox.ErrQueueLost) {
				t.Fatalf("Open = %v, want ErrQueueLost", err)
			}
			if st, err := os.Stat(path); how == "removed" && err == nil {
				t.Fatalf("Open created a new database (%d bytes)", st.Size())
			}
			retired, err := outbox.RetireKey(outbox.KeyPath(path), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(retired); err != nil {
				t.Fatal(err)
			}
			ob2, err := outbox.Open(path, outbox.Options{})
			if err != nil {
				t.Fatalf("after retiring the key: %v", err)
			}
			ob2.Close()
		})
	}
}

// TestKeyIsNotInTheDataDir: the key lives where a copy of the data
// directory does not carry it, in a 0700 directory; a key left beside the
// database by an older version is moved there.
func TestKeyIsNotInTheDataDir(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "hallkiosk")
	os.Mkdir(dataDir, 0o700)
	path := filepath.Join(dataDir, "outbox.db")
	kp := outbox.KeyPath(path)
	if strings.HasPrefix(kp, dataDir+string(filepath.Separator)) {
		t.Fatalf("key %s is inside the data dir %s", kp, dataDir)
	}
	// An older version's layout: the key beside the database.
	legacy := path + ".key"
	ob, err := outbox.Open(path, outbox.Options{KeyFile: legacy})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := ob.Add(context.Background(), application("legacy"))
	ob.Close()
	fp := &fakePortal{}
	ob2, err := outbox.Open(path, outbox.Options{Portal: fp})
	if err != nil {
		t.Fatal(err)
	}
	defer ob2.Close()
	if _, err := os.Stat(legacy); !os.IsNotExist(err) {
		t.Error("the old key file stayed in the data dir")
	}
	if st, err := os.Stat(filepath.Dir(kp)); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("key dir: %v %v", st, err)
	}
	if _, err := ob2.Drain(context.Background(), true); err != nil || mustGet(t, ob2, r.Key).State != outbox.StateSent {
		t.Fatalf("the moved key does not open the queue: %v", err)
	}
}

// TestSizeLimits: requests over the limits are refused with ErrTooLarge
// before anything is stored.
func TestSizeLimits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.db")
	ob, err := outbox.Open(path, outbox.Options{MaxApplicationBytes: 4 << 10, MaxMaterials: 2, MaxMaterialBytes: 8 << 10, MaxSubmissionBytes: 12 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	ctx := context.Background()
	big := application("big")
	big.Form["essay"] = strings.Repeat("字", 2000)
	mat := func(n int) outbox.Material {
		return outbox.Material{Code: "m", ContentType: portal.ContentPDF, Data: pdf(n)}
	}
	cases := map[string]func() error{
		"application": func() error { _, err := ob.Add(ctx, big); return err },
		"materials":   func() error { _, err := ob.Add(ctx, application("n"), mat(100), mat(100), mat(100)); return err },
		"material":    func() error { _, err := ob.Add(ctx, application("m"), mat(9<<10)); return err },
		"submission":  func() error { _, err := ob.Add(ctx, application("s"), mat(7<<10), mat(7<<10)); return err },
		"feedback": func() error {
			_, err := ob.AddFeedback(ctx, portal.Feedback{Category: "other", Text: strings.Repeat("长", 3000)})
			return err
		},
	}
	for name, add := range cases {
		if err := add(); !errors.Is(err, outbox.ErrTooLarge) || !errors.Is(err, outbox.ErrInvalid) {
			t.Errorf("%s: %v, want ErrTooLarge", name, err)
		}
	}
	if c, _ := ob.Counts(ctx); c.Pending != 0 {
		t.Errorf("%d items stored", c.Pending)
	}
}

// TestMigrationClearsOldErrorTexts: error texts an older version stored
// (digit runs masked only) are removed when the schema moves on.
func TestMigrationClearsOldErrorTexts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`CREATE TABLE items(seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
		grp TEXT NOT NULL, voucher TEXT NOT NULL DEFAULT '', service_code TEXT NOT NULL DEFAULT '', material_code TEXT NOT NULL DEFAULT '',
		content_type TEXT NOT NULL DEFAULT '', size INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL DEFAULT 'pending',
		attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '', last_code TEXT NOT NULL DEFAULT '',
		remote_id TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, next_at INTEGER NOT NULL DEFAULT 0,
		last_at INTEGER NOT NULL DEFAULT 0, sent_at INTEGER NOT NULL DEFAULT 0, payload BLOB);
		INSERT INTO items(key, kind, grp, state, last_error, created_at, last_at) VALUES ('k1', 'application', 'k1', 'parked', 'bad applicant ` + testName + `', 1, 5);
		PRAGMA user_version = 1;`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	ob, err := outbox.Open(path, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	e := mustGet(t, ob, "k1")
	if strings.Contains(e.LastError, testName) || e.State != outbox.StateParked {
		t.Fatalf("after migration: %+v", e)
	}
}
