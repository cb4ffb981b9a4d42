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

// migrate brings the schema to the current version.
func migrate(db *sql.DB) error {
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	switch v {
	case 0:
		if _, err := db.Exec(schemaV1 + `PRAGMA user_version = 1;`); err != nil {
			return fmt.Errorf("create schema: %w", err)
		}
	case 1:
	default:
		return fmt.Errorf("schema version %d is newer than this program", v)
	}
	return nil
}
