package staff

import (
	"context"
	"fmt"
	"time"
)

// Replica is one account as the window terminal hands it to a kiosk: with
// the PIN's hash (so the kiosk's staff menu opens when the bus is down),
// without the lockout state (each terminal keeps its own).
type Replica struct {
	ID        string    `json:"id"`
	Role      Role      `json:"role"`
	Hash      string    `json:"hash"`
	Disabled  bool      `json:"disabled"`
	UpdatedAt time.Time `json:"updated_at"`
}

// MaxReplicas bounds the accounts a copy may carry.
const MaxReplicas = 1000

// Export returns every account with its hash, for a kiosk's copy.
func (s *Store) Export(ctx context.Context) ([]Replica, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, role, hash, disabled, updated_at FROM accounts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("staff: export: %w", err)
	}
	defer rows.Close()
	out := []Replica{}
	for rows.Next() {
		var r Replica
		var updated int64
		if err := rows.Scan(&r.ID, &r.Role, &r.Hash, &r.Disabled, &updated); err != nil {
			return nil, fmt.Errorf("staff: export: %w", err)
		}
		r.UpdatedAt = time.UnixMilli(updated).UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// Import makes the store a copy of rs (from the window terminal, named by
// source in the audit log): accounts are added, changed or removed to
// match. An account whose hash is unchanged keeps its lockout state; a new
// PIN clears it. Nothing is changed when any replica is malformed.
func (s *Store) Import(ctx context.Context, rs []Replica, source string) error {
	if len(rs) > MaxReplicas {
		return fmt.Errorf("staff: import: %d accounts; at most %d", len(rs), MaxReplicas)
	}
	seen := map[string]bool{}
	for _, r := range rs {
		if err := ValidID(r.ID); err != nil {
			return fmt.Errorf("staff: import: %w", err)
		}
		if _, err := ParseRole(string(r.Role)); err != nil {
			return fmt.Errorf("staff: import %s: %w", r.ID, err)
		}
		if _, _, _, err := parseHash(r.Hash); err != nil {
			return fmt.Errorf("staff: import %s: %w", r.ID, err)
		}
		if seen[r.ID] {
			return fmt.Errorf("staff: import: %s twice", r.ID)
		}
		seen[r.ID] = true
	}
	tx, err := s.db.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return fmt.Errorf("staff: import: %w", err)
	}
	defer tx.Rollback()
	now := s.o.Now().UnixMilli()
	changed := 0
	for _, r := range rs {
		res, err := tx.Exec(`INSERT INTO accounts(id, role, hash, disabled, created_at, updated_at) VALUES(?,?,?,?,?,?)
			ON CONFLICT(id) DO UPDATE SET role = excluded.role, disabled = excluded.disabled, updated_at = excluded.updated_at,
				failures = CASE WHEN hash = excluded.hash THEN failures ELSE 0 END,
				locked_until = CASE WHEN hash = excluded.hash THEN locked_until ELSE 0 END,
				hash = excluded.hash
			WHERE role != excluded.role OR disabled != excluded.disabled OR hash != excluded.hash`,
			r.ID, string(r.Role), r.Hash, r.Disabled, now, r.UpdatedAt.UnixMilli())
		if err != nil {
			return fmt.Errorf("staff: import %s: %w", r.ID, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			changed++
		}
	}
	ids, err := tx.Query(`SELECT id FROM accounts`)
	if err != nil {
		return fmt.Errorf("staff: import: %w", err)
	}
	var gone []string
	for ids.Next() {
		var id string
		if err := ids.Scan(&id); err != nil {
			ids.Close()
			return fmt.Errorf("staff: import: %w", err)
		}
		if !seen[id] {
			gone = append(gone, id)
		}
	}
	ids.Close()
	for _, id := range gone {
		if _, err := tx.Exec(`DELETE FROM accounts WHERE id = ?`, id); err != nil {
			return fmt.Errorf("staff: import: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("staff: import: %w", err)
	}
	if changed+len(gone) == 0 {
		return nil
	}
	return s.audit(ctx, "kiosk", "staff.copy", source, fmt.Sprintf("%d accounts, %d changed, %d removed", len(rs), changed, len(gone)))
}
