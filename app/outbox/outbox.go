package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // database/sql driver "sqlite3"

	"hallkiosk/app/config"
	"hallkiosk/app/portal"
	"hallkiosk/internal/logging"
)

// Defaults of Options.
const (
	DefaultBaseDelay   = 2 * time.Second
	DefaultMaxDelay    = 5 * time.Minute
	DefaultIdlePoll    = 30 * time.Second
	DefaultSendTimeout = 3 * time.Minute
	// DefaultParkedRetention is how long the sealed data of a parked item
	// waits for staff before it is discarded.
	DefaultParkedRetention = 30 * 24 * time.Hour
	// DefaultMaxApplicationBytes bounds one application, rating or
	// feedback as JSON.
	DefaultMaxApplicationBytes = 1 << 20
	// DefaultMaxMaterials bounds the materials of one submission.
	DefaultMaxMaterials = 20
	// DefaultMaxSubmissionBytes bounds one submission, materials included.
	DefaultMaxSubmissionBytes = 64 << 20
)

// Portal is what the sender needs of the portal client; *portal.Client
// satisfies it.
type Portal interface {
	UploadMaterial(ctx context.Context, key, contentType string, data []byte) (portal.MaterialReceipt, error)
	SubmitApplication(ctx context.Context, key string, a portal.Application) (portal.ApplicationAck, error)
	Rate(ctx context.Context, key string, r portal.Rating) (string, error)
	SendFeedback(ctx context.Context, key string, f portal.Feedback) (string, error)
}

var _ Portal = (*portal.Client)(nil)

// Options configure an Outbox. Only Portal is needed to send; an Outbox
// without one can Add and List.
type Options struct {
	// Portal receives the queued requests.
	Portal Portal
	// Logger receives one line per send outcome (keys, codes, never
	// payloads).
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Sleep waits d or until ctx ends (default: a timer).
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns a number in [0, 1) for the backoff jitter (default
	// math/rand/v2).
	Rand func() float64
	// BaseDelay is the backoff ceiling after the first failure (default
	// DefaultBaseDelay); it doubles per failure up to MaxDelay (default
	// DefaultMaxDelay).
	BaseDelay time.Duration
	MaxDelay  time.Duration
	// IdlePoll is how often an idle sender looks for items added by
	// another process (default DefaultIdlePoll).
	IdlePoll time.Duration
	// SendTimeout bounds one send of one item (default DefaultSendTimeout);
	// the portal client's own deadline is usually shorter.
	SendTimeout time.Duration
	// ParkedRetention is how long a parked item's sealed data is kept for
	// staff to requeue it (default DefaultParkedRetention); then it is
	// discarded with an audit line.
	ParkedRetention time.Duration
	// KeyFile is the sealing key (default KeyPath of the database): keep
	// it where a copy of the data directory does not carry it.
	KeyFile string
	// MaxApplicationBytes, MaxMaterialBytes, MaxMaterials and
	// MaxSubmissionBytes bound what Add accepts (defaults
	// DefaultMaxApplicationBytes, portal.MaxMaterialBytes,
	// DefaultMaxMaterials, DefaultMaxSubmissionBytes).
	MaxApplicationBytes int64
	MaxMaterialBytes    int64
	MaxMaterials        int
	MaxSubmissionBytes  int64
}

// OptionsFromConfig returns the Options of the [outbox] and [limits]
// configuration sections. The caller adds Portal and Logger.
func OptionsFromConfig(c config.Config) Options {
	return Options{
		KeyFile:             c.Outbox.KeyFile,
		ParkedRetention:     c.Outbox.ParkedRetention.D(),
		MaxApplicationBytes: int64(c.Limits.ApplicationKB) << 10,
		MaxMaterialBytes:    int64(c.Limits.MaterialMB) << 20,
		MaxMaterials:        c.Limits.Materials,
		MaxSubmissionBytes:  int64(c.Limits.SubmissionMB) << 20,
	}
}

// Outbox is the durable queue. It is safe for concurrent use; one sender
// (Run or Drain) per Outbox at a time.
type Outbox struct {
	db    *sql.DB
	path  string
	seal  *sealer
	opts  Options
	log   *slog.Logger
	sem   chan struct{} // one send at a time
	clean chan struct{} // one WAL truncation at a time

	mu     sync.Mutex
	wake   context.CancelFunc
	kicked bool
	dirty  bool // acknowledged payloads may linger in the WAL
	status SenderStatus
}

// KeyPath returns the default key file of the database at dbPath: in a
// directory beside the database's, named after it with "-keys", so that a
// copy of the data directory does not carry the key that opens it:
// /var/lib/hallkiosk/outbox.db → /var/lib/hallkiosk-keys/outbox.db.key.
func KeyPath(dbPath string) string {
	if abs, err := filepath.Abs(dbPath); err == nil {
		dbPath = abs
	}
	dir := filepath.Dir(dbPath)
	return filepath.Join(dir+"-keys", filepath.Base(dbPath)+".key")
}

// legacyKeyPath is where versions before the key moved kept it.
func legacyKeyPath(dbPath string) string { return dbPath + ".key" }

// ErrQueueLost is returned by Open when the key file exists but the queue
// database beside it is missing or empty: the queue it sealed is gone.
// Nothing is replaced quietly; staff restore the database, or retire the
// key (RetireKey) to start a new queue.
var ErrQueueLost = errors.New("outbox: the queue database is missing or empty but its key file exists")

// ErrWrongKey is returned by Open when the key file is not the one the
// queue was sealed with (a data directory copied to another kiosk).
var ErrWrongKey = errors.New("outbox: the key file is not the key of this queue")

// Open opens (creating) the outbox database at path and its key file
// (Options.KeyFile, default KeyPath(path)). A key file whose database is
// missing or empty is ErrQueueLost; a key that is not the queue's own is
// ErrWrongKey.
func Open(path string, o Options) (*Outbox, error) {
	if o.Logger == nil {
		o.Logger = logging.Discard()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Rand == nil {
		o.Rand = rand.Float64
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = DefaultBaseDelay
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = DefaultMaxDelay
	}
	if o.IdlePoll <= 0 {
		o.IdlePoll = DefaultIdlePoll
	}
	if o.SendTimeout <= 0 {
		o.SendTimeout = DefaultSendTimeout
	}
	if o.ParkedRetention <= 0 {
		o.ParkedRetention = DefaultParkedRetention
	}
	if o.KeyFile == "" {
		o.KeyFile = KeyPath(path)
	}
	if o.MaxApplicationBytes <= 0 {
		o.MaxApplicationBytes = DefaultMaxApplicationBytes
	}
	if o.MaxMaterialBytes <= 0 || o.MaxMaterialBytes > portal.MaxMaterialBytes {
		o.MaxMaterialBytes = portal.MaxMaterialBytes
	}
	if o.MaxMaterials <= 0 {
		o.MaxMaterials = DefaultMaxMaterials
	}
	if o.MaxSubmissionBytes <= 0 {
		o.MaxSubmissionBytes = DefaultMaxSubmissionBytes
	}
	if err := adoptLegacyKey(legacyKeyPath(path), o.KeyFile); err != nil {
		return nil, err
	}
	if err := checkNotLost(path, o.KeyFile); err != nil {
		return nil, err
	}
	// Create the file 0600 before SQLite does; its WAL and shm files
	// inherit the mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("outbox: open %s: %w", path, err)
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
		return nil, fmt.Errorf("outbox: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(2)
	db.SetMaxIdleConns(2)
	db.SetConnMaxIdleTime(0)
	if err := migrate(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("outbox: %s: %w", path, err)
	}
	var sealed int
	if err := db.QueryRow(`SELECT count(*) FROM items WHERE payload IS NOT NULL`).Scan(&sealed); err != nil {
		db.Close()
		return nil, fmt.Errorf("outbox: %s: %w", path, err)
	}
	key, created, err := loadKey(o.KeyFile, sealed == 0)
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := checkKeyID(db, key, o.KeyFile); err != nil {
		db.Close()
		return nil, err
	}
	s, err := newSealer(key)
	if err != nil {
		db.Close()
		return nil, err
	}
	ob := &Outbox{db: db, path: path, seal: s, opts: o, log: logging.Component(o.Logger, "outbox"),
		sem: make(chan struct{}, 1), clean: make(chan struct{}, 1)}
	if created {
		ob.log.Info("created outbox key file", "path", o.KeyFile)
	}
	return ob, nil
}

// Close closes the database. Stop the sender first.
func (o *Outbox) Close() error {
	if err := o.db.Close(); err != nil {
		return fmt.Errorf("outbox: close: %w", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check and returns an error
// unless it answers "ok".
func (o *Outbox) IntegrityCheck(ctx context.Context) error {
	var res string
	if err := o.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("outbox: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("outbox: integrity check: %s", res)
	}
	return nil
}

// inTx runs fn in one write transaction that commits even if ctx ends: a
// state change of the queue, once started, must land.
func (o *Outbox) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	ctx = context.WithoutCancel(ctx)
	tx, err := o.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("outbox: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("outbox: commit: %w", err)
	}
	return nil
}

// sleep is the default Options.Sleep.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// errNoItem is returned when a key names no item.
var errNoItem = errors.New("outbox: no such item")
