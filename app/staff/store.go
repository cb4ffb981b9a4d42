package staff

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver

	"hallkiosk/app/audit"
)

// FileName is the accounts' database in the state directory.
const FileName = "staff.db"

// Role is what a member of staff may do.
type Role string

// The roles.
const (
	RoleAssistant Role = "assistant"
	RoleAdmin     Role = "admin"
)

// ParseRole accepts "assistant" or "admin".
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleAssistant, RoleAdmin:
		return r, nil
	}
	return "", fmt.Errorf("staff: role %q: want assistant or admin", s)
}

// Permission is one kind of staff act.
type Permission string

// The permissions.
const (
	// PermDevices: see device health and run the test buttons.
	PermDevices Permission = "devices"
	// PermOutbox: retry or discard a parked outbox item.
	PermOutbox Permission = "outbox"
	// PermReprint: reprint the last receipt.
	PermReprint Permission = "reprint"
	// PermAssist: act for a citizen at the window (帮办).
	PermAssist Permission = "assist"
	// PermConfig: change the configuration.
	PermConfig Permission = "config"
	// PermLeave: leave the kiosk (end the program).
	PermLeave Permission = "leave"
)

// Can reports whether the role has the permission.
func (r Role) Can(p Permission) bool {
	switch p {
	case PermDevices, PermOutbox, PermReprint, PermAssist:
		return r == RoleAssistant || r == RoleAdmin
	case PermConfig, PermLeave:
		return r == RoleAdmin
	}
	return false
}

// MaxIDLen is the longest staff id.
const MaxIDLen = 32

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,` + strconv.Itoa(MaxIDLen) + `}$`)

// ValidID checks an account id (工号).
func ValidID(id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("staff: id %q: 1 to 32 letters, digits, '-' or '_'", clip(id))
	}
	return nil
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Account is one member of staff, without the PIN's hash.
type Account struct {
	ID          string    `json:"id"`
	Role        Role      `json:"role"`
	Disabled    bool      `json:"disabled"`
	Failures    int       `json:"failures"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Errors of the store. A wrong PIN and an unknown id are the same error.
var (
	ErrWrongPIN = errors.New("staff: wrong id or PIN")
	ErrDisabled = errors.New("staff: account disabled")
	ErrExists   = errors.New("staff: account exists")
	ErrNoSuchID = errors.New("staff: no such account")
)

// LockedError is a check refused because the account is locked.
type LockedError struct {
	// Until is when the next PIN will be checked.
	Until time.Time
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("staff: account locked until %s", e.Until.Format(time.RFC3339))
}

// Lockout: after LockAfter wrong PINs in a row the account is locked for
// FirstLock, doubled for every further wrong PIN, at most MaxLock.
const (
	LockAfter = 5
	FirstLock = 30 * time.Second
	MaxLock   = time.Hour
)

// lockFor is how long the failures-th wrong PIN in a row locks.
func lockFor(failures int) time.Duration {
	if failures < LockAfter {
		return 0
	}
	d := FirstLock
	for i := LockAfter; i < failures && d < MaxLock; i++ {
		d *= 2
	}
	return min(d, MaxLock)
}

// Options configure a Store.
type Options struct {
	// Audit receives a row for every change and every refused PIN; nil
	// writes none (tests of the store alone).
	Audit *audit.Log
	// Terminal names this terminal in the audit rows (the device id).
	Terminal string
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Params are the hash parameters of new PINs; zero is DefaultParams.
	Params Params
	// Rand is the salts' source; nil is crypto/rand.
	Rand io.Reader
}

// Store is the accounts in SQLite.
type Store struct {
	db   *sql.DB
	path string
	o    Options
}

const schema = `
CREATE TABLE IF NOT EXISTS accounts(
	id TEXT PRIMARY KEY,
	role TEXT NOT NULL,
	hash TEXT NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0,
	failures INTEGER NOT NULL DEFAULT 0,
	locked_until INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL);
PRAGMA user_version = 1;
`

// Open opens (creating it 0600 when missing) the accounts at path.
func Open(path string, o Options) (*Store, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Params == (Params{}) {
		o.Params = DefaultParams
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("staff: open %s: %w", path, err)
	}
	f.Close()
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "10000")
	q.Set("_txlock", "immediate")
	q.Set("_secure_delete", "on")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("staff: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(2)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("staff: %s: schema: %w", path, err)
	}
	return &Store{db: db, path: path, o: o}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Path is the store's file.
func (s *Store) Path() string { return s.path }

func (s *Store) audit(ctx context.Context, actor, action, subject, detail string) error {
	if s.o.Audit == nil {
		return nil
	}
	return AppendAudit(ctx, s.o.Audit, s.o.Terminal, audit.Record{Actor: actor, Action: action, Subject: subject, Detail: detail})
}

// Add creates an account. actor is who did it (for the audit log).
func (s *Store) Add(ctx context.Context, id string, role Role, pin, actor string) error {
	if err := ValidID(id); err != nil {
		return err
	}
	if _, err := ParseRole(string(role)); err != nil {
		return err
	}
	if err := ValidPIN(pin); err != nil {
		return err
	}
	h, err := HashPIN(pin, s.o.Params, s.o.Rand)
	if err != nil {
		return err
	}
	now := s.o.Now().UnixMilli()
	_, err = s.db.ExecContext(context.WithoutCancel(ctx), `INSERT INTO accounts(id, role, hash, created_at, updated_at) VALUES(?,?,?,?,?)`,
		id, string(role), h, now, now)
	if err != nil {
		if n, _ := s.count(ctx, id); n > 0 {
			return fmt.Errorf("%w: %s", ErrExists, id)
		}
		return fmt.Errorf("staff: add %s: %w", id, err)
	}
	return s.audit(ctx, actor, "staff.add", id, "role "+string(role))
}

func (s *Store) count(ctx context.Context, id string) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM accounts WHERE id = ?`, id).Scan(&n)
	return n, err
}

// SetPIN gives an account a new PIN and clears its lockout.
func (s *Store) SetPIN(ctx context.Context, id, pin, actor string) error {
	if err := ValidPIN(pin); err != nil {
		return err
	}
	h, err := HashPIN(pin, s.o.Params, s.o.Rand)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(context.WithoutCancel(ctx), `UPDATE accounts SET hash = ?, failures = 0, locked_until = 0, updated_at = ? WHERE id = ?`,
		h, s.o.Now().UnixMilli(), id)
	if err := oneRow(res, err, id); err != nil {
		return fmt.Errorf("staff: passwd: %w", err)
	}
	return s.audit(ctx, actor, "staff.passwd", id, "")
}

// Disable stops an account from logging in (it stays, for the audit log's
// names).
func (s *Store) Disable(ctx context.Context, id, actor string) error {
	res, err := s.db.ExecContext(context.WithoutCancel(ctx), `UPDATE accounts SET disabled = 1, updated_at = ? WHERE id = ?`,
		s.o.Now().UnixMilli(), id)
	if err := oneRow(res, err, id); err != nil {
		return fmt.Errorf("staff: disable: %w", err)
	}
	return s.audit(ctx, actor, "staff.disable", id, "")
}

func oneRow(res sql.Result, err error, id string) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("%w: %s", ErrNoSuchID, id)
	}
	return nil
}

// List returns every account, by id.
func (s *Store) List(ctx context.Context) ([]Account, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, role, disabled, failures, locked_until, created_at, updated_at FROM accounts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("staff: list: %w", err)
	}
	defer rows.Close()
	out := []Account{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("staff: list: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

func scanAccount(r scanner) (Account, error) {
	var a Account
	var locked, created, updated int64
	if err := r.Scan(&a.ID, &a.Role, &a.Disabled, &a.Failures, &locked, &created, &updated); err != nil {
		return Account{}, err
	}
	if locked > 0 {
		a.LockedUntil = time.UnixMilli(locked).UTC()
	}
	a.CreatedAt, a.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	return a, nil
}

// Check checks a PIN (see the package comment on lockout). It returns the
// account on a good PIN; ErrWrongPIN (also for an unknown id), a
// *LockedError or ErrDisabled otherwise. Each refusal is an audit row.
func (s *Store) Check(ctx context.Context, id, pin string) (Account, error) {
	var a Account
	var hash string
	var locked, created, updated int64
	err := s.db.QueryRowContext(ctx, `SELECT id, role, disabled, failures, locked_until, created_at, updated_at, hash FROM accounts WHERE id = ?`, id).
		Scan(&a.ID, &a.Role, &a.Disabled, &a.Failures, &locked, &created, &updated, &hash)
	if errors.Is(err, sql.ErrNoRows) || ValidID(id) != nil {
		CheckPIN(dummyHash, pin)
		// The id typed is not written: it may be a PIN in the wrong field.
		if err := s.audit(ctx, "unknown", "staff.login_refused", "", "unknown id"); err != nil {
			return Account{}, err
		}
		return Account{}, ErrWrongPIN
	}
	if err != nil {
		return Account{}, fmt.Errorf("staff: check: %w", err)
	}
	now := s.o.Now()
	if locked > 0 && now.Before(time.UnixMilli(locked)) {
		until := time.UnixMilli(locked)
		if err := s.audit(ctx, id, "staff.login_refused", id, "locked"); err != nil {
			return Account{}, err
		}
		return Account{}, &LockedError{Until: until}
	}
	ok, err := CheckPIN(hash, pin)
	if err != nil {
		return Account{}, fmt.Errorf("staff: check %s: %w", id, err)
	}
	if !ok {
		return Account{}, s.failed(ctx, id)
	}
	if a.Disabled {
		if err := s.audit(ctx, id, "staff.login_refused", id, "disabled"); err != nil {
			return Account{}, err
		}
		return Account{}, ErrDisabled
	}
	if p, ok := hashParams(hash); a.Failures > 0 || locked > 0 || (ok && p != s.o.Params) {
		if p != s.o.Params {
			if h, err := HashPIN(pin, s.o.Params, s.o.Rand); err == nil {
				hash = h
			}
		}
		if _, err := s.db.ExecContext(context.WithoutCancel(ctx), `UPDATE accounts SET failures = 0, locked_until = 0, hash = ? WHERE id = ?`, hash, id); err != nil {
			return Account{}, fmt.Errorf("staff: check: %w", err)
		}
	}
	a.Failures, a.LockedUntil = 0, time.Time{}
	a.CreatedAt, a.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	return a, nil
}

// failed counts a wrong PIN and locks the account from the fifth on.
func (s *Store) failed(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return fmt.Errorf("staff: check: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRow(`UPDATE accounts SET failures = failures + 1 WHERE id = ? RETURNING failures`, id).Scan(&n); err != nil {
		return fmt.Errorf("staff: check: %w", err)
	}
	var until time.Time
	if d := lockFor(n); d > 0 {
		until = s.o.Now().Add(d)
		if _, err := tx.Exec(`UPDATE accounts SET locked_until = ? WHERE id = ?`, until.UnixMilli(), id); err != nil {
			return fmt.Errorf("staff: check: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("staff: check: %w", err)
	}
	detail := fmt.Sprintf("wrong PIN (%d in a row)", n)
	if !until.IsZero() {
		detail += fmt.Sprintf("; locked for %s", until.Sub(s.o.Now()).Round(time.Second))
	}
	if err := s.audit(ctx, id, "staff.login_refused", id, detail); err != nil {
		return err
	}
	if !until.IsZero() {
		return &LockedError{Until: until}
	}
	return ErrWrongPIN
}
