package audit

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// fillFast writes n chained rows in one transaction (as n Appends would,
// without a commit each), for the benchmark's million rows.
func fillFast(b *testing.B, l *Log, n int) {
	b.Helper()
	tx, err := l.db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	ins, err := tx.Prepare(`INSERT INTO rows(seq, at, actor, action, subject, detail, prev, hash) VALUES(?,?,?,?,?,?,?,?)`)
	if err != nil {
		b.Fatal(err)
	}
	prev := ZeroHash
	for i := 1; i <= n; i++ {
		at := t0.Add(time.Duration(i) * time.Second).Format(timeFormat)
		subject := "OB-" + strconv.Itoa(i)
		h := rowHash(int64(i), at, "1001", "outbox.discard", subject, "portal refused: service closed", prev)
		if _, err := ins.Exec(i, at, "1001", "outbox.discard", subject, "portal refused: service closed", prev, h); err != nil {
			b.Fatal(err)
		}
		prev = h
	}
	ins.Close()
	if _, err := tx.Exec(`UPDATE meta SET v = CASE k WHEN 'head_seq' THEN ? ELSE ? END WHERE k IN ('head_seq', 'head_hash')`, strconv.Itoa(n), prev); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkVerifyMillion is `hallkiosk audit verify` of a log of one
// million rows (the issue asks for its time).
func BenchmarkVerifyMillion(b *testing.B) {
	l, err := Open(filepath.Join(b.TempDir(), FileName), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	fillFast(b, l, 1_000_000)
	b.ResetTimer()
	for b.Loop() {
		r, err := VerifyFile(context.Background(), l.Path())
		if err != nil || r.Broken != nil || r.Rows != 1_000_000 {
			b.Fatalf("%v %+v", err, r)
		}
	}
}

// BenchmarkAppend is one audit row written (one synced transaction).
func BenchmarkAppend(b *testing.B) {
	l, err := Open(filepath.Join(b.TempDir(), FileName), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	for b.Loop() {
		if _, err := l.Append(context.Background(), Record{Actor: "1001", Action: "staff.login", Subject: "kiosk-1"}); err != nil {
			b.Fatal(err)
		}
	}
}
