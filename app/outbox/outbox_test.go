package outbox_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
)

func TestBackoff(t *testing.T) {
	base, cap := time.Second, 5*time.Minute
	for _, tc := range []struct {
		attempt int
		rnd     float64
		want    time.Duration
	}{
		{1, 0, 0},
		{1, 0.5, 500 * time.Millisecond},
		{2, 0.5, time.Second},
		{3, 0.5, 2 * time.Second},
		{9, 0.5, 128 * time.Second},
		{10, 0.5, 150 * time.Second}, // 512 s ceiling capped at 300 s
		{10, 0.999, 299700 * time.Millisecond},
		{64, 0.5, 150 * time.Second},
		{1000, 0.5, 150 * time.Second},
		{0, 0.5, 500 * time.Millisecond},
	} {
		if got := outbox.Backoff(tc.attempt, base, cap, tc.rnd); got != tc.want {
			t.Errorf("Backoff(%d, %.3f) = %v, want %v", tc.attempt, tc.rnd, got, tc.want)
		}
	}
}

// TestRetryBackoffWithoutSleeping drives the sender through retryable
// failures with injected time: each wait is the jittered backoff, at least
// the portal's Retry-After, and every retry carries the one key.
func TestRetryBackoffWithoutSleeping(t *testing.T) {
	ft := newFakeTime()
	fp := &fakePortal{script: []error{
		retryable(503, "unavailable", 0),
		&portal.Error{Op: "x", Err: portal.ErrNetwork, Retryable: true},
		retryable(429, "rate_limited", 7*time.Minute),
		retryable(409, portal.CodeRequestInProgress, 0),
		retryable(500, "", 0),
	}}
	ob, _ := openTest(t, fp, ft)
	ctx := context.Background()
	r, err := ob.Add(ctx, application("retry"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := ob.Drain(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != 1 || res.Retried != 5 || res.Pending != 0 {
		t.Fatalf("drain %+v", res)
	}
	waits := ft.slept()
	want := []time.Duration{500 * time.Millisecond, time.Second, 7 * time.Minute, 4 * time.Second, 8 * time.Second}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Fatalf("waits %v, want %v", waits, want)
	}
	calls := fp.seen()
	if len(calls) != 6 {
		t.Fatalf("%d calls", len(calls))
	}
	for _, c := range calls {
		if c.key != r.Key {
			t.Fatalf("retry with key %s, want %s", c.key, r.Key)
		}
	}
	e := mustGet(t, ob, r.Key)
	if e.State != outbox.StateSent || e.Attempts != 6 || e.ApplicationID != "SL-"+r.Key[:8] || e.Sealed {
		t.Fatalf("entry %+v", e)
	}
}

func TestPermanentFailureParksAndRequeueKeepsKey(t *testing.T) {
	ft := newFakeTime()
	fp := &fakePortal{script: []error{permanent(422, "invalid_applicant")}}
	ob, _ := openTest(t, fp, ft)
	ctx := context.Background()
	first, _ := ob.Add(ctx, application("a"))
	second, _ := ob.Add(ctx, application("b"))
	res, err := ob.Drain(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if res.Parked != 1 || res.Sent != 1 {
		t.Fatalf("drain %+v", res)
	}
	e := mustGet(t, ob, first.Key)
	if e.State != outbox.StateParked || e.LastCode != "invalid_applicant" || !strings.Contains(e.LastError, "refused 422") || !e.Sealed {
		t.Fatalf("parked entry %+v", e)
	}
	if mustGet(t, ob, second.Key).State != outbox.StateSent {
		t.Fatal("a parked item blocked the queue")
	}
	c, _ := ob.Counts(ctx)
	if c.Parked != 1 || c.Sent != 1 || c.Depth() != 1 {
		t.Fatalf("counts %+v", c)
	}
	if err := ob.Requeue(ctx, first.Key, outbox.Action{Actor: "test", Reason: "service fixed"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Drain(ctx, true); err != nil {
		t.Fatal(err)
	}
	calls := fp.seen()
	if last := calls[len(calls)-1]; last.key != first.Key {
		t.Fatalf("requeued item sent with key %s, want %s", last.key, first.Key)
	}
	if mustGet(t, ob, first.Key).State != outbox.StateSent {
		t.Fatal("requeued item not sent")
	}
}

func TestDeviceRefusalBlocksInsteadOfParking(t *testing.T) {
	ft := newFakeTime()
	unauthorized := &portal.Error{Op: "x", Status: 401, Code: "unauthorized", Err: portal.ErrUnauthorized}
	pin := &portal.Error{Op: "x", Err: fmt.Errorf("%w: test", portal.ErrPinMismatch)}
	fp := &fakePortal{script: []error{unauthorized, pin}}
	ob, _ := openTest(t, fp, ft)
	ctx := context.Background()
	r, _ := ob.Add(ctx, application("blocked"))
	if _, err := ob.Drain(ctx, false); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, ob, r.Key)
	if e.State != outbox.StatePending || e.LastCode != "unauthorized" {
		t.Fatalf("entry %+v", e)
	}
	if st := ob.SenderStatus(); !st.Blocked || st.LastError == "" {
		t.Fatalf("status %+v", st)
	}
	if _, err := ob.Drain(ctx, true); err != nil {
		t.Fatal(err)
	}
	if mustGet(t, ob, r.Key).State != outbox.StateSent || ob.SenderStatus().Blocked {
		t.Fatal("not sent once the device was accepted again")
	}
}

func TestMaterialsGoFirst(t *testing.T) {
	fp := &fakePortal{}
	ob, _ := openTest(t, fp, newFakeTime())
	ctx := context.Background()
	app := application("with materials")
	app.MaterialIDs = []string{"M-EXISTING"}
	r, err := ob.Add(ctx, app,
		outbox.Material{Code: "lease", ContentType: portal.ContentPDF, Data: pdf(3000)},
		outbox.Material{Code: "photo", ContentType: portal.ContentJPEG, Data: []byte{0xFF, 0xD8, 0xFF, 1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Drain(ctx, true); err != nil {
		t.Fatal(err)
	}
	calls := fp.seen()
	if len(calls) != 3 || calls[0].kind != outbox.KindMaterial || calls[1].kind != outbox.KindMaterial || calls[2].kind != outbox.KindApplication {
		t.Fatalf("calls %+v", calls)
	}
	want := []string{"M-EXISTING", "M-" + calls[0].key[:8], "M-" + calls[1].key[:8]}
	if fmt.Sprint(calls[2].app.MaterialIDs) != fmt.Sprint(want) || calls[2].key != r.Key {
		t.Fatalf("application material ids %v, want %v", calls[2].app.MaterialIDs, want)
	}
	if calls[0].size != 3000 {
		t.Fatalf("material size %d", calls[0].size)
	}
	list, _ := ob.List(ctx, outbox.ListOptions{Voucher: r.Voucher})
	if len(list) != 3 {
		t.Fatalf("voucher lists %d items", len(list))
	}
}

func TestParkedMaterialParksItsApplication(t *testing.T) {
	fp := &fakePortal{script: []error{permanent(422, portal.CodeChecksumMismatch)}}
	ob, _ := openTest(t, fp, newFakeTime())
	ctx := context.Background()
	r, _ := ob.Add(ctx, application("m"), outbox.Material{Code: "lease", ContentType: portal.ContentPDF, Data: pdf(100)})
	if _, err := ob.Drain(ctx, true); err != nil {
		t.Fatal(err)
	}
	e := mustGet(t, ob, r.Key)
	if e.State != outbox.StateParked || e.LastCode != "material_parked" {
		t.Fatalf("application %+v", e)
	}
	if len(fp.seen()) != 1 {
		t.Fatal("application sent although its material was refused")
	}
	// Requeueing the application requeues the material with its key.
	if err := ob.Requeue(ctx, r.Key, outbox.Action{Actor: "test", Reason: "material fixed"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Drain(ctx, true); err != nil {
		t.Fatal(err)
	}
	calls := fp.seen()
	if len(calls) != 3 || calls[1].key != calls[0].key || mustGet(t, ob, r.Key).State != outbox.StateSent {
		t.Fatalf("after requeue: %+v", calls)
	}
}

func TestBadInputIsRefused(t *testing.T) {
	ob, _ := openTest(t, &fakePortal{}, newFakeTime())
	ctx := context.Background()
	noCode := application("x")
	noCode.ServiceCode = ""
	noName := application("x")
	noName.Applicant.Name = ""
	for name, tc := range map[string]struct {
		app  portal.Application
		mats []outbox.Material
	}{
		"no service code": {noCode, nil},
		"no name":         {noName, nil},
		"not a pdf":       {application("x"), []outbox.Material{{ContentType: portal.ContentPDF, Data: []byte("hi")}}},
		"too large":       {application("x"), []outbox.Material{{ContentType: portal.ContentPDF, Data: pdf(portal.MaxMaterialBytes + 1)}}},
		"png":             {application("x"), []outbox.Material{{ContentType: "image/png", Data: []byte("x")}}},
	} {
		if _, err := ob.Add(ctx, tc.app, tc.mats...); !errors.Is(err, outbox.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
	if _, err := ob.AddRating(ctx, portal.Rating{ServiceCode: "SB-0202", Level: 1}); !errors.Is(err, outbox.ErrInvalid) {
		t.Errorf("rating without reason: %v", err)
	}
	c, _ := ob.Counts(ctx)
	if c.Pending != 0 {
		t.Fatalf("refused input was queued: %+v", c)
	}
}

func TestRatingsAndFeedback(t *testing.T) {
	fp := &fakePortal{}
	ob, _ := openTest(t, fp, newFakeTime())
	ctx := context.Background()
	r1, err := ob.AddRating(ctx, portal.Rating{ServiceCode: "SB-0202", Level: 2, Reasons: []string{portal.ReasonSlow}})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := ob.AddFeedback(ctx, portal.Feedback{Category: "suggestion", Text: "好", Contact: testPhone})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ob.Drain(ctx, true); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{r1.Key, r2.Key} {
		if e := mustGet(t, ob, k); e.State != outbox.StateSent || e.RemoteID == "" {
			t.Fatalf("%+v", e)
		}
	}
}

// TestSealedStorage greps the database files: no name, ID number or phone
// after Add; after the acknowledgement the sealed payload itself is gone.
func TestSealedStorage(t *testing.T) {
	fp := &fakePortal{}
	ob, path := openTest(t, fp, newFakeTime())
	ctx := context.Background()
	r, err := ob.Add(ctx, application("sealed"), outbox.Material{Code: "id_copy", ContentType: portal.ContentPDF, Data: []byte("%PDF-1.4 " + testID + " " + testName)})
	if err != nil {
		t.Fatal(err)
	}
	files := readFiles(t, path)
	for _, s := range []string{testName, testID, testPhone, "sealed\""} {
		if bytes.Contains(files, []byte(s)) {
			t.Fatalf("database files contain %q in plaintext", s)
		}
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var sealed []byte
	if err := db.QueryRow(`SELECT payload FROM items WHERE key=?`, r.Key).Scan(&sealed); err != nil || len(sealed) < 64 {
		t.Fatalf("sealed payload: %d bytes, %v", len(sealed), err)
	}
	probe := sealed[20:52]
	if !bytes.Contains(readFiles(t, path), probe) {
		t.Fatal("probe not found before ack: the grep is broken")
	}
	if _, err := ob.Drain(ctx, true); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM items WHERE payload IS NOT NULL`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d payloads left after ack (%v)", n, err)
	}
	if bytes.Contains(readFiles(t, path), probe) {
		t.Fatal("sealed payload bytes still in the database files after ack")
	}
	e := mustGet(t, ob, r.Key)
	if e.Key != r.Key || e.ServiceCode != "SB-0202" || e.ApplicationID == "" || e.CreatedAt.IsZero() || e.SentAt.IsZero() || e.Attempts != 1 {
		t.Fatalf("PII-free record incomplete: %+v", e)
	}
}

func TestKeyFile(t *testing.T) {
	ob, path := openTest(t, &fakePortal{}, newFakeTime())
	kp := outbox.KeyPath(path)
	st, err := os.Stat(kp)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 || st.Size() != 32 {
		t.Fatalf("key file mode %v size %d", st.Mode().Perm(), st.Size())
	}
	key, _ := os.ReadFile(kp)
	if _, err := ob.Add(context.Background(), application("k")); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(readFiles(t, path), key) {
		t.Fatal("the key is inside the database")
	}
	ob.Close()
	// A widened mode is narrowed again on open.
	os.Chmod(kp, 0o644)
	ob2, err := outbox.Open(path, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ob2.Close()
	if st, _ := os.Stat(kp); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v not narrowed", st.Mode().Perm())
	}
	// Without its key the sealed items cannot be opened: refuse, do not
	// create a new key.
	os.Rename(kp, kp+".bak")
	if _, err := outbox.Open(path, outbox.Options{}); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("open without key: %v", err)
	}
	if _, err := os.Stat(kp); !os.IsNotExist(err) {
		t.Fatal("a new key was created over sealed items")
	}
	// A wrong key (another kiosk's) is refused at open, loudly: nothing is
	// parked or sent garbled.
	os.WriteFile(kp, bytes.Repeat([]byte{7}, 32), 0o600)
	if _, err := outbox.Open(path, outbox.Options{Portal: &fakePortal{}}); !errors.Is(err, outbox.ErrWrongKey) {
		t.Fatalf("open with a wrong key: %v, want ErrWrongKey", err)
	}
	// The right key back: the item goes out.
	os.Rename(kp+".bak", kp)
	fp := &fakePortal{}
	ob3, err := outbox.Open(path, outbox.Options{Portal: fp})
	if err != nil {
		t.Fatal(err)
	}
	defer ob3.Close()
	res, err := ob3.Drain(context.Background(), true)
	if err != nil || res.Sent != 1 || len(fp.seen()) != 1 {
		t.Fatalf("right key: %+v %v, %d calls", res, err, len(fp.seen()))
	}
}

func TestRunStopsAndAddWakesIt(t *testing.T) {
	fp := &fakePortal{}
	path := t.TempDir() + "/outbox.db"
	ob, err := outbox.Open(path, outbox.Options{Portal: fp, IdlePoll: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ob.Run(ctx) }()
	r, err := ob.Add(context.Background(), application("wake"))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for mustGet(t, ob, r.Key).State != outbox.StateSent {
		if time.Now().After(deadline) {
			t.Fatal("Add did not wake the sender")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop with its context")
	}
}

func TestListPagesAndCounts(t *testing.T) {
	ob, _ := openTest(t, &fakePortal{}, newFakeTime())
	ctx := context.Background()
	for i := range 7 {
		if _, err := ob.Add(ctx, application(fmt.Sprint(i))); err != nil {
			t.Fatal(err)
		}
	}
	page, err := ob.List(ctx, outbox.ListOptions{Limit: 3})
	if err != nil || len(page) != 3 {
		t.Fatalf("%d %v", len(page), err)
	}
	next, _ := ob.List(ctx, outbox.ListOptions{Limit: 10, AfterSeq: page[2].Seq})
	if len(next) != 4 || next[0].Seq <= page[2].Seq {
		t.Fatalf("second page %d", len(next))
	}
	n := 0
	ob.Each(ctx, outbox.ListOptions{State: outbox.StatePending}, func(outbox.Entry) error { n++; return nil })
	if n != 7 {
		t.Fatalf("Each saw %d", n)
	}
	c, _ := ob.Counts(ctx)
	if c.Pending != 7 || c.OldestPending.IsZero() {
		t.Fatalf("%+v", c)
	}
	if d, _ := ob.Depth(ctx); d != 7 {
		t.Fatalf("depth %d", d)
	}
}
