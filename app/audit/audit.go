package audit

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver

	"hallkiosk/internal/privacy"
)

// FileName is the audit log's database in the state directory.
const FileName = "audit.db"

// MinKeep is the shortest time rows are kept before they may be rolled
// into an archive: six months.
const MinKeep = 183 * 24 * time.Hour

// ZeroHash is what the first row of a chain follows.
const ZeroHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Field bounds, in runes.
const (
	maxActor   = 64
	maxAction  = 64
	maxSubject = 128
	maxDetail  = 400
)

// timeFormat is how a row's time is stored and hashed (UTC, fixed width).
const timeFormat = "2006-01-02T15:04:05.000000000Z"

// Record is what a caller writes: who did what to what, and a word on it.
type Record struct {
	// Actor is who acted: a staff id, "cli:<user>" on the command line,
	// "kiosk" for the program itself.
	Actor string
	// Action names the act, dotted: "staff.login", "outbox.discard".
	Action string
	// Subject is what it was done to: a staff id, a device, a queue key.
	Subject string
	// Detail is a word on it (a reason, a result); never a citizen's data.
	Detail string
}

// Entry is one stored row.
type Entry struct {
	Seq     int64     `json:"seq"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Subject string    `json:"subject"`
	Detail  string    `json:"detail"`
	Prev    string    `json:"prev"`
	Hash    string    `json:"hash"`
}

// Options configure a Log.
type Options struct {
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// Log is an open audit log. It is safe for concurrent use, also by
// several processes on the same file (each append is one immediate
// transaction).
type Log struct {
	db   *sql.DB
	path string
	now  func() time.Time
}

const schema = `
CREATE TABLE IF NOT EXISTS rows(
	seq INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	subject TEXT NOT NULL,
	detail TEXT NOT NULL,
	prev TEXT NOT NULL,
	hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
INSERT OR IGNORE INTO meta(k, v) VALUES ('base_seq', '0'), ('base_hash', '` + ZeroHash + `'),
	('head_seq', '0'), ('head_hash', '` + ZeroHash + `');
PRAGMA user_version = 1;
`

// Open opens (creating it 0600 when missing) the audit log at path.
func Open(path string, o Options) (*Log, error) {
	db, err := openDB(path, false)
	if err != nil {
		return nil, err
	}
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("audit: %s: schema: %w", path, err)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Log{db: db, path: path, now: o.Now}, nil
}

// openDB opens an SQLite file the way the log uses it.
func openDB(path string, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	if readOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("audit: open %s: %w", path, err)
		}
		q.Set("mode", "ro")
	} else {
		// Create the file 0600 before SQLite does; its WAL and shm files
		// inherit the mode.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("audit: open %s: %w", path, err)
		}
		f.Close()
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "FULL")
		q.Set("_txlock", "immediate")
	}
	q.Set("_busy_timeout", "10000")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("audit: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// Path is the log's file.
func (l *Log) Path() string { return l.path }

// Close closes the database.
func (l *Log) Close() error { return l.db.Close() }

// Append writes one row after the head, and moves the head, in one
// transaction that outlives ctx once begun (a staff act that happened is
// written even when its caller gave up).
func (l *Log) Append(ctx context.Context, r Record) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, fmt.Errorf("audit: append: %w", err)
	}
	e := Entry{
		At:      l.now().UTC(),
		Actor:   clean(r.Actor, maxActor, false),
		Action:  clean(r.Action, maxAction, false),
		Subject: clean(r.Subject, maxSubject, true),
		Detail:  clean(r.Detail, maxDetail, true),
	}
	if e.Action == "" {
		return Entry{}, errors.New("audit: append: a row needs an action")
	}
	tx, err := l.db.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return Entry{}, fmt.Errorf("audit: append: %w", err)
	}
	defer tx.Rollback()
	// A row follows the head (the last row this log wrote), not whatever
	// row is last now: rows cut off the end leave a gap, a row added by
	// hand is not followed, and Verify names either.
	m, err := readMeta(tx)
	if err != nil {
		return Entry{}, fmt.Errorf("audit: append: %w", err)
	}
	var last sql.NullInt64
	if err := tx.QueryRow(`SELECT max(seq) FROM rows`).Scan(&last); err != nil {
		return Entry{}, fmt.Errorf("audit: append: %w", err)
	}
	seq := max(m.headSeq, last.Int64)
	e.Seq, e.Prev = seq+1, m.headHash
	at := e.At.Format(timeFormat)
	e.Hash = rowHash(e.Seq, at, e.Actor, e.Action, e.Subject, e.Detail, e.Prev)
	if _, err := tx.Exec(`INSERT INTO rows(seq, at, actor, action, subject, detail, prev, hash) VALUES(?,?,?,?,?,?,?,?)`,
		e.Seq, at, e.Actor, e.Action, e.Subject, e.Detail, e.Prev, e.Hash); err != nil {
		return Entry{}, fmt.Errorf("audit: append: %w", err)
	}
	if _, err := tx.Exec(`UPDATE meta SET v = CASE k WHEN 'head_seq' THEN ? ELSE ? END WHERE k IN ('head_seq', 'head_hash')`,
		strconv.FormatInt(e.Seq, 10), e.Hash); err != nil {
		return Entry{}, fmt.Errorf("audit: append: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Entry{}, fmt.Errorf("audit: append: %w", err)
	}
	e.At, _ = time.Parse(timeFormat, at)
	return e, nil
}

// Last returns the last n rows, oldest first.
func (l *Log) Last(ctx context.Context, n int) ([]Entry, error) {
	rows, err := l.db.QueryContext(ctx, `SELECT seq, at, actor, action, subject, detail, prev, hash FROM
		(SELECT * FROM rows ORDER BY seq DESC LIMIT ?) ORDER BY seq`, n)
	if err != nil {
		return nil, fmt.Errorf("audit: last: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Subject, &e.Detail, &e.Prev, &e.Hash); err != nil {
			return nil, fmt.Errorf("audit: last: %w", err)
		}
		e.At, _ = time.Parse(timeFormat, at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: last: %w", err)
	}
	return out, nil
}

// rowHash is the hash of one row: SHA-256 over a length-prefixed encoding
// of its fields and the previous row's hash, hex.
func rowHash(seq int64, at, actor, action, subject, detail, prev string) string {
	var h hasher
	return string(h.sum(seq, at, actor, action, subject, detail, prev))
}

// hasher computes row hashes into a buffer it reuses (Verify reads
// millions of rows).
type hasher struct {
	buf []byte
	hex [2 * sha256.Size]byte
}

// sum returns the row's hash in hex; the slice is valid until the next
// call.
func (h *hasher) sum(seq int64, at, actor, action, subject, detail, prev string) []byte {
	b := append(h.buf[:0], "hallkiosk-audit-v1\n"...)
	b = strconv.AppendInt(b, seq, 10)
	for _, f := range [...]string{at, actor, action, subject, detail, prev} {
		b = append(b, '\n')
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
	}
	h.buf = b
	sum := sha256.Sum256(b)
	hex.Encode(h.hex[:], sum[:])
	return h.hex[:]
}

// clean bounds a field to max runes, makes it valid UTF-8 on one line and,
// for free text, masks what looks like an ID or phone number.
func clean(s string, max int, free bool) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if free {
		s = privacy.MaskShapes(s)
	}
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max-1]) + "…"
	}
	return s
}

// meta is the log's base (the last archived row) and head (the last row).
type meta struct {
	baseSeq, headSeq   int64
	baseHash, headHash string
}

type querier interface {
	QueryRow(query string, args ...any) *sql.Row
	Query(query string, args ...any) (*sql.Rows, error)
}

func readMeta(q querier) (meta, error) {
	rows, err := q.Query(`SELECT k, v FROM meta`)
	if err != nil {
		return meta{}, fmt.Errorf("meta: %w", err)
	}
	defer rows.Close()
	var m meta
	seen := 0
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return meta{}, fmt.Errorf("meta: %w", err)
		}
		var perr error
		switch k {
		case "base_seq":
			m.baseSeq, perr = strconv.ParseInt(v, 10, 64)
		case "head_seq":
			m.headSeq, perr = strconv.ParseInt(v, 10, 64)
		case "base_hash":
			m.baseHash = v
		case "head_hash":
			m.headHash = v
		default:
			continue
		}
		if perr != nil {
			return meta{}, fmt.Errorf("meta: %s is not a number", k)
		}
		seen++
	}
	if err := rows.Err(); err != nil {
		return meta{}, fmt.Errorf("meta: %w", err)
	}
	if seen != 4 {
		return meta{}, errors.New("meta: base or head missing")
	}
	return m, nil
}
