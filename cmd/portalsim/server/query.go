package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"hallkiosk/app/portal"
)

// Stored is one application as the simulator received it.
type Stored struct {
	ApplicationID  string
	IdempotencyKey string
	Application    portal.Application
}

// Applications returns every application submitted to the simulator (not
// the seeded demo ones), in arrival order. Tests use it to check that each
// citizen's application arrived exactly once.
func (s *Server) Applications(ctx context.Context) ([]Stored, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT application_id, idem_key, body FROM applications
		WHERE idem_key NOT LIKE 'seed-%' ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("portalsim: list applications: %w", err)
	}
	defer rows.Close()
	var out []Stored
	for rows.Next() {
		var st Stored
		var body string
		if err := rows.Scan(&st.ApplicationID, &st.IdempotencyKey, &body); err != nil {
			return nil, fmt.Errorf("portalsim: list applications: %w", err)
		}
		if err := json.Unmarshal([]byte(body), &st.Application); err != nil {
			return nil, fmt.Errorf("portalsim: application %s: %w", st.ApplicationID, err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// Count returns how many rows a table of the simulator's state holds (the
// seeded demo applications included):
// "applications", "materials", "ratings", "feedback" or "heartbeats".
func (s *Server) Count(ctx context.Context, table string) (int, error) {
	switch table {
	case "applications", "materials", "ratings", "feedback", "heartbeats":
	default:
		return 0, fmt.Errorf("portalsim: count: unknown table %q", table)
	}
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n)
	return n, err
}

// Feedback returns every 意见建议 the simulator received, in arrival order.
func (s *Server) Feedback(ctx context.Context) ([]portal.Feedback, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT body FROM feedback ORDER BY created_at, rowid`)
	if err != nil {
		return nil, fmt.Errorf("portalsim: list feedback: %w", err)
	}
	defer rows.Close()
	var out []portal.Feedback
	for rows.Next() {
		var body string
		var f portal.Feedback
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("portalsim: list feedback: %w", err)
		}
		if err := json.Unmarshal([]byte(body), &f); err != nil {
			return nil, fmt.Errorf("portalsim: feedback: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// LastHeartbeat returns the last heartbeat the terminal deviceID sent;
// false when it sent none.
func (s *Server) LastHeartbeat(ctx context.Context, deviceID string) (portal.Heartbeat, bool, error) {
	var body string
	err := s.db.QueryRowContext(ctx, `SELECT body FROM heartbeats WHERE device_id = ?`, deviceID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return portal.Heartbeat{}, false, nil
	}
	if err != nil {
		return portal.Heartbeat{}, false, fmt.Errorf("portalsim: heartbeat: %w", err)
	}
	var hb portal.Heartbeat
	if err := json.Unmarshal([]byte(body), &hb); err != nil {
		return portal.Heartbeat{}, false, fmt.Errorf("portalsim: heartbeat: %w", err)
	}
	return hb, true, nil
}
