package server

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	_ "github.com/mattn/go-sqlite3" // database/sql driver "sqlite3"
)

// schema is the simulator's state. Times are Unix milliseconds of the
// simulator's clock.
const schema = `
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idem(
	key TEXT PRIMARY KEY,
	fingerprint TEXT NOT NULL,
	state TEXT NOT NULL,
	status INTEGER NOT NULL DEFAULT 0,
	content_type TEXT NOT NULL DEFAULT '',
	body BLOB,
	created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sessions(
	token TEXT PRIMARY KEY,
	card_type TEXT NOT NULL,
	id_number TEXT NOT NULL,
	name TEXT NOT NULL,
	expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sms(
	challenge_id TEXT PRIMARY KEY,
	token TEXT NOT NULL,
	code TEXT NOT NULL,
	wrong INTEGER NOT NULL DEFAULT 0,
	verified INTEGER NOT NULL DEFAULT 0,
	expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS materials(
	material_id TEXT PRIMARY KEY,
	sha256 TEXT NOT NULL,
	size INTEGER NOT NULL,
	content_type TEXT NOT NULL,
	created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS applications(
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	application_id TEXT NOT NULL UNIQUE,
	idem_key TEXT NOT NULL,
	service_code TEXT NOT NULL,
	id_number TEXT NOT NULL,
	name TEXT NOT NULL,
	body TEXT NOT NULL,
	plan TEXT NOT NULL DEFAULT 'normal',
	received_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS applications_by_person ON applications(id_number);
CREATE TABLE IF NOT EXISTS licenses(
	license_id TEXT PRIMARY KEY,
	id_number TEXT NOT NULL,
	holder TEXT NOT NULL,
	type TEXT NOT NULL,
	name TEXT NOT NULL,
	issuer TEXT NOT NULL,
	issued_at TEXT NOT NULL,
	valid_to TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS licenses_by_person ON licenses(id_number);
CREATE TABLE IF NOT EXISTS ratings(
	rating_id TEXT PRIMARY KEY,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS feedback(
	feedback_id TEXT PRIMARY KEY,
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS heartbeats(
	device_id TEXT PRIMARY KEY,
	body TEXT NOT NULL,
	at INTEGER NOT NULL);
`

// openDB opens (creating) dir/portalsim.db in WAL mode. The simulator is not
// the kiosk: synchronous=NORMAL is enough for it.
func openDB(dir string) (*sql.DB, error) {
	path := filepath.Join(dir, "portalsim.db")
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("portalsim: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	db.SetConnMaxIdleTime(time.Minute)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("portalsim: schema %s: %w", path, err)
	}
	if err := migrate(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("portalsim: schema %s: %w", path, err)
	}
	return db, nil
}

// columns are the columns added since the first schema, for databases
// made before them: identity methods ("Identity without a face").
var columns = []struct{ table, column, decl string }{
	{"sessions", "method", "TEXT NOT NULL DEFAULT 'face'"},
	{"sessions", "verified", "INTEGER NOT NULL DEFAULT 1"},
	{"sessions", "staff_id", "TEXT NOT NULL DEFAULT ''"},
	{"sms", "on_file", "INTEGER NOT NULL DEFAULT 0"},
}

// migrate adds the columns a database lacks.
func migrate(db *sql.DB) error {
	for _, c := range columns {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM pragma_table_info(?) WHERE name=?`, c.table, c.column).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			if _, err := db.Exec(`ALTER TABLE ` + c.table + ` ADD COLUMN ` + c.column + ` ` + c.decl); err != nil {
				return err
			}
		}
	}
	return nil
}

// ms converts a time to the stored Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts stored Unix milliseconds back to a time.
func fromMS(v int64) time.Time { return time.UnixMilli(v) }

// inTx runs fn in a write transaction and commits it.
func (s *Server) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("portalsim: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("portalsim: commit: %w", err)
	}
	return nil
}
