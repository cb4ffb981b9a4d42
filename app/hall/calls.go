package hall

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver
)

// ErrNoCall reports a call id the window does not know.
var ErrNoCall = errors.New("hall: no such call")

// StoredCall is a call as the window keeps it.
type StoredCall struct {
	Call
	State CallState `json:"state"`
	// Received is when the window stored it; Accepted and Closed when
	// staff did so (zero until then).
	Received time.Time `json:"received"`
	Accepted time.Time `json:"accepted,omitzero"`
	Closed   time.Time `json:"closed,omitzero"`
}

// CallStore keeps the window's calls in its own SQLite file, so calls not
// yet closed are still there after the window restarts. A call is stored
// before the kiosk is told it arrived. It is safe for concurrent use.
//
// Why SQLite and not a JetStream stream: the calls belong to the window
// (it alone accepts and closes them), a hall may run its own nats-server
// without JetStream, and the project already keeps its queue in SQLite
// with the same habits (WAL, FULL sync, one transaction per change).
type CallStore struct {
	db *sql.DB
}

// maxOpenCalls bounds the calls shown: more than that open at once is a
// fault storm, and the oldest are what staff need.
const maxOpenCalls = 500

// OpenCallStore opens (creating, mode 0600) the call store at path.
func OpenCallStore(path string) (*CallStore, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("hall: calls: %w", err)
	}
	f.Close()
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "10000")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("hall: calls %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS calls (
		id TEXT PRIMARY KEY,
		terminal TEXT NOT NULL,
		state TEXT NOT NULL,
		received_at INTEGER NOT NULL,
		accepted_at INTEGER NOT NULL DEFAULT 0,
		closed_at INTEGER NOT NULL DEFAULT 0,
		body BLOB NOT NULL)`); err != nil {
		db.Close()
		return nil, fmt.Errorf("hall: calls %s: %w", path, err)
	}
	if _, err := db.Exec(`CREATE INDEX IF NOT EXISTS calls_state ON calls(state, received_at)`); err != nil {
		db.Close()
		return nil, fmt.Errorf("hall: calls %s: %w", path, err)
	}
	return &CallStore{db: db}, nil
}

// Add stores a call received at now; a call stored already (the kiosk
// sent it again) is kept as it is. It returns the call as stored.
func (s *CallStore) Add(ctx context.Context, c Call, now time.Time) (StoredCall, error) {
	body, err := json.Marshal(c)
	if err != nil {
		return StoredCall{}, fmt.Errorf("hall: calls: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO calls (id, terminal, state, received_at, body) VALUES (?, ?, ?, ?, ?)`,
		c.ID, c.Terminal, string(CallOpen), now.UnixMilli(), body); err != nil {
		return StoredCall{}, fmt.Errorf("hall: store call: %w", err)
	}
	return s.Get(ctx, c.ID)
}

// Get returns one call.
func (s *CallStore) Get(ctx context.Context, id string) (StoredCall, error) {
	row := s.db.QueryRowContext(ctx, `SELECT state, received_at, accepted_at, closed_at, body FROM calls WHERE id = ?`, id)
	c, err := scanCall(row.Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return StoredCall{}, fmt.Errorf("%w: %s", ErrNoCall, id)
	}
	return c, err
}

// Set moves a call to state at now: accepted, or closed.
func (s *CallStore) Set(ctx context.Context, id string, state CallState, now time.Time) (StoredCall, error) {
	col := "accepted_at"
	switch state {
	case CallAccepted:
	case CallClosed:
		col = "closed_at"
	default:
		return StoredCall{}, fmt.Errorf("hall: a call cannot be set %q", state)
	}
	res, err := s.db.ExecContext(ctx, `UPDATE calls SET state = ?, `+col+` = ? WHERE id = ? AND state != 'closed'`,
		string(state), now.UnixMilli(), id)
	if err != nil {
		return StoredCall{}, fmt.Errorf("hall: update call: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.Get(ctx, id); err != nil {
			return StoredCall{}, err
		}
	}
	return s.Get(ctx, id)
}

// Open returns the calls not closed yet, oldest first.
func (s *CallStore) Open(ctx context.Context) ([]StoredCall, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT state, received_at, accepted_at, closed_at, body FROM calls
		WHERE state != 'closed' ORDER BY received_at, rowid LIMIT ?`, maxOpenCalls)
	if err != nil {
		return nil, fmt.Errorf("hall: open calls: %w", err)
	}
	defer rows.Close()
	var out []StoredCall
	for rows.Next() {
		c, err := scanCall(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("hall: open calls: %w", err)
	}
	return out, nil
}

// Prune drops closed calls closed before t.
func (s *CallStore) Prune(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM calls WHERE state = 'closed' AND closed_at < ?`, before.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("hall: prune calls: %w", err)
	}
	return res.RowsAffected()
}

// Close closes the store.
func (s *CallStore) Close() error { return s.db.Close() }

func scanCall(scan func(...any) error) (StoredCall, error) {
	var (
		state             string
		recv, acc, closed int64
		body              []byte
	)
	if err := scan(&state, &recv, &acc, &closed, &body); err != nil {
		return StoredCall{}, err
	}
	var c StoredCall
	if err := json.Unmarshal(body, &c.Call); err != nil {
		return StoredCall{}, fmt.Errorf("hall: stored call: %w", err)
	}
	c.State, c.Received = CallState(state), time.UnixMilli(recv)
	if acc > 0 {
		c.Accepted = time.UnixMilli(acc)
	}
	if closed > 0 {
		c.Closed = time.UnixMilli(closed)
	}
	return c, nil
}
