package audit

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// testLog is a log in a temporary directory with a clock the test moves.
type testLog struct {
	*Log
	now *time.Time
}

func openTest(t *testing.T) testLog {
	t.Helper()
	now := t0
	l, err := Open(filepath.Join(t.TempDir(), FileName), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return testLog{l, &now}
}

func (l testLog) fill(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		*l.now = l.now.Add(time.Minute)
		if _, err := l.Append(context.Background(), Record{Actor: "1001", Action: "staff.login", Subject: "kiosk-" + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
}

// raw opens the log's file behind its back, as someone with a shell would.
func raw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func exec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func mustVerify(t *testing.T, l *Log) Report {
	t.Helper()
	r, err := l.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestChainHolds(t *testing.T) {
	l := openTest(t)
	if r := mustVerify(t, l.Log); r.Broken != nil || r.Rows != 0 {
		t.Fatalf("empty log: %+v", r)
	}
	l.fill(t, 20)
	r := mustVerify(t, l.Log)
	if r.Broken != nil || r.Rows != 20 || r.Head != 20 {
		t.Fatalf("report %+v", r)
	}
	rows, err := l.Last(context.Background(), 3)
	if err != nil || len(rows) != 3 || rows[0].Seq != 18 || rows[2].Seq != 20 {
		t.Fatalf("last: %v %+v", err, rows)
	}
	if rows[1].Prev != rows[0].Hash || rows[2].Prev != rows[1].Hash {
		t.Fatal("rows do not carry the previous row's hash")
	}
	if !rows[2].At.Equal(t0.Add(20 * time.Minute)) {
		t.Fatalf("time %v", rows[2].At)
	}
}

func TestTamperingIsNamed(t *testing.T) {
	cases := []struct {
		name    string
		tamper  func(t *testing.T, db *sql.DB)
		seq     int64
		inWords string
	}{
		{"changed detail", func(t *testing.T, db *sql.DB) {
			exec(t, db, `UPDATE rows SET detail = 'nothing to see' WHERE seq = 7`)
		}, 7, "changed"},
		{"changed actor", func(t *testing.T, db *sql.DB) {
			exec(t, db, `UPDATE rows SET actor = '9999' WHERE seq = 1`)
		}, 1, "changed"},
		{"changed with its hash recomputed", func(t *testing.T, db *sql.DB) {
			var at, prev string
			db.QueryRow(`SELECT at, prev FROM rows WHERE seq = 7`).Scan(&at, &prev)
			h := rowHash(7, at, "9999", "staff.login", "kiosk-6", "", prev)
			exec(t, db, `UPDATE rows SET actor = '9999', hash = ? WHERE seq = 7`, h)
		}, 8, "row 7 was changed"},
		{"deleted in the middle", func(t *testing.T, db *sql.DB) {
			exec(t, db, `DELETE FROM rows WHERE seq = 7`)
		}, 7, "missing"},
		{"deleted two at the start", func(t *testing.T, db *sql.DB) {
			exec(t, db, `DELETE FROM rows WHERE seq <= 2`)
		}, 1, "rows 1 to 2 are missing"},
		{"deleted at the end", func(t *testing.T, db *sql.DB) {
			exec(t, db, `DELETE FROM rows WHERE seq >= 19`)
		}, 19, "deleted at the end"},
		{"inserted with a made-up hash", func(t *testing.T, db *sql.DB) {
			for s := 20; s >= 7; s-- {
				exec(t, db, `UPDATE rows SET seq = seq + 1 WHERE seq = ?`, s)
			}
			exec(t, db, `INSERT INTO rows VALUES(7, '2026-01-05T09:06:30.000000000Z', '1001', 'outbox.discard', 'x', '', 'bad', 'bad')`)
		}, 7, "does not follow"},
		{"inserted with a good hash", func(t *testing.T, db *sql.DB) {
			for s := 20; s >= 7; s-- {
				exec(t, db, `UPDATE rows SET seq = seq + 1 WHERE seq = ?`, s)
			}
			var prev string
			db.QueryRow(`SELECT hash FROM rows WHERE seq = 6`).Scan(&prev)
			at := "2026-01-05T09:06:30.000000000Z"
			exec(t, db, `INSERT INTO rows VALUES(7, ?, '1001', 'outbox.discard', 'x', '', ?, ?)`, at, prev,
				rowHash(7, at, "1001", "outbox.discard", "x", "", prev))
		}, 8, "row 7 was changed, or inserted"},
		{"appended by hand", func(t *testing.T, db *sql.DB) {
			var prev string
			db.QueryRow(`SELECT hash FROM rows WHERE seq = 20`).Scan(&prev)
			at := "2026-01-05T10:00:00.000000000Z"
			exec(t, db, `INSERT INTO rows VALUES(21, ?, '1001', 'x', '', '', ?, ?)`, at, prev, rowHash(21, at, "1001", "x", "", "", prev))
		}, 21, "added outside the log"},
		{"last row changed with its hash", func(t *testing.T, db *sql.DB) {
			var at, prev string
			db.QueryRow(`SELECT at, prev FROM rows WHERE seq = 20`).Scan(&at, &prev)
			exec(t, db, `UPDATE rows SET subject = 'y', hash = ? WHERE seq = 20`, rowHash(20, at, "1001", "staff.login", "y", "", prev))
		}, 20, "last row was changed"},
		{"reordered", func(t *testing.T, db *sql.DB) {
			exec(t, db, `UPDATE rows SET seq = 100 WHERE seq = 5`)
			exec(t, db, `UPDATE rows SET seq = 5 WHERE seq = 6`)
			exec(t, db, `UPDATE rows SET seq = 6 WHERE seq = 100`)
		}, 5, "does not follow"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := openTest(t)
			l.fill(t, 20)
			c.tamper(t, raw(t, l.Path()))
			r := mustVerify(t, l.Log)
			if r.Broken == nil {
				t.Fatal("tampering not detected")
			}
			if r.Broken.Seq != c.seq || !strings.Contains(r.Broken.Reason, c.inWords) {
				t.Fatalf("broken at %d (%s), want row %d (%q)", r.Broken.Seq, r.Broken.Reason, c.seq, c.inWords)
			}
			if err := r.Err(); !errors.Is(err, ErrBroken) || !strings.Contains(err.Error(), "row "+strconv.FormatInt(c.seq, 10)) {
				t.Fatalf("error %v", err)
			}
			// The log goes on after a break, and the break stays reported.
			if _, err := l.Append(context.Background(), Record{Actor: "kiosk", Action: "audit.broken"}); err != nil {
				t.Fatal(err)
			}
			if r2 := mustVerify(t, l.Log); r2.Broken == nil || r2.Broken.Seq > c.seq+1 {
				t.Fatalf("after an append: %+v", r2.Broken)
			}
			if _, err := l.Roll(context.Background(), MinKeep); err == nil {
				t.Fatal("a broken log was rolled")
			}
		})
	}
}

func TestFieldsAreMaskedAndBounded(t *testing.T) {
	l := openTest(t)
	e, err := l.Append(context.Background(), Record{Actor: "1001", Action: "outbox.discard",
		Subject: "11010519491231002X", Detail: "citizen 13800138000 asked\nagain " + strings.Repeat("很", 1000)})
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"11010519491231002X", "13800138000", "\n"} {
		if strings.Contains(e.Subject+e.Detail, leak) {
			t.Fatalf("%q stored: %q %q", leak, e.Subject, e.Detail)
		}
	}
	if n := len([]rune(e.Detail)); n != maxDetail {
		t.Fatalf("detail of %d runes", n)
	}
	raw, _ := os.ReadFile(l.Path())
	if strings.Contains(string(raw), "13800138000") {
		t.Fatal("phone in the file")
	}
	if _, err := l.Append(context.Background(), Record{Actor: "1001"}); err == nil {
		t.Fatal("a row without an action was written")
	}
}

func TestRollKeepsTheChainCheckable(t *testing.T) {
	l := openTest(t)
	ctx := context.Background()
	l.fill(t, 10) // 09:01 … 09:10 on 5 January
	*l.now = t0.Add(MinKeep + 5*time.Minute + 30*time.Second)
	res, err := l.Roll(ctx, MinKeep)
	if err != nil {
		t.Fatal(err)
	}
	if res.First != 1 || res.Last != 5 || filepath.Base(res.Archive) != "audit-000000000001-000000000005.db" {
		t.Fatalf("roll %+v", res)
	}
	// Nothing old enough: no archive.
	if res, err := l.Roll(ctx, MinKeep); err != nil || res.Archive != "" {
		t.Fatalf("second roll %+v %v", res, err)
	}
	l.fill(t, 3)
	reps, err := VerifyAll(ctx, l.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 2 || reps[0].Rows != 5 || reps[1].Rows != 8 || reps[1].Base != 5 || reps[1].Head != 13 {
		t.Fatalf("reports %+v", reps)
	}
	for _, r := range reps {
		if r.Broken != nil {
			t.Fatalf("%s broken: %v", r.File, r.Broken)
		}
	}
	if _, err := l.Roll(ctx, 24*time.Hour); err == nil {
		t.Fatal("rolled rows younger than six months")
	}
	// Rolling everything, then appending: the new row follows the base.
	*l.now = l.now.Add(MinKeep + time.Hour)
	if res, err := l.Roll(ctx, MinKeep); err != nil || res.First != 6 || res.Last != 13 {
		t.Fatalf("roll all %+v %v", res, err)
	}
	l.fill(t, 1)
	reps, _ = VerifyAll(ctx, l.Path())
	if len(reps) != 3 || reps[2].Broken != nil || reps[2].Rows != 1 {
		t.Fatalf("reports %+v", reps)
	}
	// An archive removed after its own keeping time is no break.
	os.Remove(reps[0].File)
	reps, _ = VerifyAll(ctx, l.Path())
	if len(reps) != 2 || reps[0].Broken != nil || reps[1].Broken != nil {
		t.Fatalf("without the oldest archive: %+v", reps)
	}
	// A changed archive is named; so is a log that does not follow it.
	exec(t, raw(t, reps[0].File), `UPDATE rows SET action = 'x' WHERE seq = 9`)
	exec(t, raw(t, l.Path()), `UPDATE meta SET v = ? WHERE k = 'base_hash'`, ZeroHash)
	reps, _ = VerifyAll(ctx, l.Path())
	if reps[0].Broken == nil || reps[0].Broken.Seq != 9 {
		t.Fatalf("archive: %+v", reps[0].Broken)
	}
	if reps[1].Broken == nil || reps[1].Broken.Seq != 14 {
		t.Fatalf("log: %+v", reps[1].Broken)
	}
}

func TestConcurrentAppendsKeepTheChain(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	a, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path, Options{}) // another process, e.g. the command line
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	done := make(chan error, 2)
	for _, l := range []*Log{a, b} {
		go func() {
			for range 25 {
				if _, err := l.Append(context.Background(), Record{Actor: "x", Action: "y"}); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if r := mustVerify(t, a); r.Broken != nil || r.Rows != 50 {
		t.Fatalf("%+v", r)
	}
}
