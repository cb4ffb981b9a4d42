package outbox

import (
	"database/sql"
	"fmt"
)

// schemaV1 is the queue. Times are Unix milliseconds. payload is the sealed
// request and is NULL once the portal acknowledged it (or staff discarded
// it); every other column is free of personal data.
const schemaV1 = `
CREATE TABLE IF NOT EXISTS items(
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	key TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	grp TEXT NOT NULL,
	voucher TEXT NOT NULL DEFAULT '',
	service_code TEXT NOT NULL DEFAULT '',
	material_code TEXT NOT NULL DEFAULT '',
	content_type TEXT NOT NULL DEFAULT '',
	size INTEGER NOT NULL DEFAULT 0,
	state TEXT NOT NULL DEFAULT 'pending',
	attempts INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT '',
	last_code TEXT NOT NULL DEFAULT '',
	remote_id TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	next_at INTEGER NOT NULL DEFAULT 0,
	last_at INTEGER NOT NULL DEFAULT 0,
	sent_at INTEGER NOT NULL DEFAULT 0,
	payload BLOB);
CREATE INDEX IF NOT EXISTS items_state ON items(state, seq);
CREATE INDEX IF NOT EXISTS items_grp ON items(grp, seq);
CREATE INDEX IF NOT EXISTS items_voucher ON items(voucher);
`

// schemaV2 adds the audit trail of staff actions, the queue's metadata
// (the fingerprint of its key), and when an item was parked. Earlier
// versions stored the portal's error text with digit runs masked only, so a
// name it echoed could be there: those texts are cleared.
const schemaV2 = `
CREATE TABLE IF NOT EXISTS audit(
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	at INTEGER NOT NULL,
	action TEXT NOT NULL,
	key TEXT NOT NULL,
	voucher TEXT NOT NULL DEFAULT '',
	actor TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);
ALTER TABLE items ADD COLUMN parked_at INTEGER NOT NULL DEFAULT 0;
UPDATE items SET parked_at = last_at WHERE state = 'parked';
UPDATE items SET last_error = '(removed: stored by an older version)' WHERE last_error != '';
`

// schemaV3 keeps what the portal said of a first online application
// (网办有礼: first_online and the reward, as JSON; never personal data).
const schemaV3 = `
ALTER TABLE items ADD COLUMN reward TEXT NOT NULL DEFAULT '';
`

// migrate brings the schema to the current version.
func migrate(db *sql.DB) error {
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	if v > 3 {
		return fmt.Errorf("schema version %d is newer than this program", v)
	}
	steps := []string{schemaV1, schemaV2, schemaV3}
	for n := v; n < len(steps); n++ {
		tx, err := db.Begin()
		if err != nil {
			return fmt.Errorf("schema v%d: %w", n+1, err)
		}
		if _, err := tx.Exec(steps[n] + fmt.Sprintf("PRAGMA user_version = %d;", n+1)); err != nil {
			tx.Rollback()
			return fmt.Errorf("schema v%d: %w", n+1, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("schema v%d: %w", n+1, err)
		}
	}
	return nil
}
