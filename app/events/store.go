package events

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver
)

// Options configure a store. Kiosk is required.
type Options struct {
	// Kiosk is the device ID of this terminal; its own events carry it.
	Kiosk string
	// Location is the hall's time zone, where days begin (default
	// time.Local).
	Location *time.Location
	// Keep is how long events and rollups are kept (default a year and a
	// day).
	Keep time.Duration
	// MaxQueue bounds the events waiting for the writer (default 100000);
	// beyond it new events are dropped and counted.
	MaxQueue int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Log hears of failed writes and drops; nil is silent.
	Log *slog.Logger
}

// DefaultKeep is a year and a day.
const DefaultKeep = 366 * 24 * time.Hour

// ErrClosed reports a store used after Close.
var ErrClosed = errors.New("events: store closed")

// Store is a kiosk's (or the window terminal's) usage log. It is safe for
// concurrent use.
type Store struct {
	db  *sql.DB
	o   Options
	wmu sync.Mutex // one write transaction at a time

	mu      sync.Mutex
	queue   []Event
	waiters []chan error
	seq     int64 // the last Seq given to one of our own events
	dropped int64
	closed  bool
	failing bool

	wake   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

const schema = `
CREATE TABLE IF NOT EXISTS events(
	id INTEGER PRIMARY KEY,
	kiosk TEXT NOT NULL,
	seq INTEGER NOT NULL,
	at INTEGER NOT NULL,
	kind INTEGER NOT NULL,
	service TEXT NOT NULL DEFAULT '',
	key TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	value INTEGER NOT NULL DEFAULT 0,
	flags INTEGER NOT NULL DEFAULT 0,
	tags TEXT NOT NULL DEFAULT '',
	UNIQUE(kiosk, seq));
CREATE INDEX IF NOT EXISTS events_at ON events(at);
CREATE INDEX IF NOT EXISTS events_session_len ON events(at, kiosk, value) WHERE kind = 2;
CREATE INDEX IF NOT EXISTS events_visit ON events(at, service, value) WHERE kind = 5;
CREATE TABLE IF NOT EXISTS rollup(
	day INTEGER NOT NULL,
	kiosk TEXT NOT NULL,
	service TEXT NOT NULL,
	metric TEXT NOT NULL,
	key TEXT NOT NULL,
	n INTEGER NOT NULL,
	total INTEGER NOT NULL,
	PRIMARY KEY(day, kiosk, service, metric, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rollup_metric ON rollup(metric, day);
CREATE TABLE IF NOT EXISTS rollup_month(
	month INTEGER NOT NULL,
	kiosk TEXT NOT NULL,
	service TEXT NOT NULL,
	metric TEXT NOT NULL,
	key TEXT NOT NULL,
	n INTEGER NOT NULL,
	total INTEGER NOT NULL,
	PRIMARY KEY(month, kiosk, service, metric, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counter(
	day INTEGER NOT NULL,
	service TEXT NOT NULL,
	n INTEGER NOT NULL,
	PRIMARY KEY(day, service)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS delivered(peer TEXT PRIMARY KEY, seq INTEGER NOT NULL);
PRAGMA user_version = 1;
`

// Open opens (creating it 0600) the store at path and starts its writer.
func Open(path string, o Options) (*Store, error) {
	if Clean(o.Kiosk) == "" {
		return nil, fmt.Errorf("events: open %s: kiosk ID %q is not a code", path, o.Kiosk)
	}
	if o.Location == nil {
		o.Location = time.Local
	}
	if o.Keep <= 0 {
		o.Keep = DefaultKeep
	}
	if o.MaxQueue <= 0 {
		o.MaxQueue = 100000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("events: open %s: %w", path, err)
	}
	f.Close()
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("events: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		db.Close()
		return nil, fmt.Errorf("events: open %s: %w", path, err)
	}
	if v > 1 {
		db.Close()
		return nil, fmt.Errorf("events: open %s: schema version %d is newer than this program", path, v)
	}
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("events: open %s: schema: %w", path, err)
	}
	s := &Store{db: db, o: o, wake: make(chan struct{}, 1), done: make(chan struct{})}
	if err := db.QueryRow(`SELECT coalesce(max(seq), 0) FROM events WHERE kiosk = ?`, o.Kiosk).Scan(&s.seq); err != nil {
		db.Close()
		return nil, fmt.Errorf("events: open %s: %w", path, err)
	}
	if _, err := s.Prune(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	go s.run(ctx)
	return s, nil
}

// Kiosk is this terminal's device ID.
func (s *Store) Kiosk() string { return s.o.Kiosk }

// Location is the hall's time zone.
func (s *Store) Location() *time.Location { return s.o.Location }

// DB is the database, for the figures' queries.
func (s *Store) DB() *sql.DB { return s.db }

// Add queues one of this kiosk's own events for the writer and returns at
// once; it never blocks on the disk. At defaults to now. The event's texts
// are cleaned (Clean) and it is numbered (Seq).
func (s *Store) Add(e Event) {
	if e.At.IsZero() {
		e.At = s.o.Now()
	}
	e.Kiosk = s.o.Kiosk
	e = e.clean()
	s.mu.Lock()
	if s.closed || len(s.queue) >= s.o.MaxQueue {
		s.dropped++
		d := s.dropped
		s.mu.Unlock()
		if s.o.Log != nil && d&(d-1) == 0 { // 1, 2, 4, 8 …: never a flood
			s.o.Log.Warn("usage events dropped", "dropped", d)
		}
		return
	}
	s.seq++
	e.Seq = s.seq
	s.queue = append(s.queue, e)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Dropped is how many events were dropped (queue full, store closed).
func (s *Store) Dropped() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dropped
}

// Flush waits until every event added before it is committed, or the
// write failed (its error), or ctx ends.
func (s *Store) Flush(ctx context.Context) error {
	ch := make(chan error, 1)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.waiters = append(s.waiters, ch)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
	select {
	case err := <-ch:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close writes what is queued, stops the writer and closes the database.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	<-s.done
	return s.db.Close()
}

// run is the writer: it commits what queued whenever woken, retries a
// failed write after a pause, and prunes once a day.
func (s *Store) run(ctx context.Context) {
	defer close(s.done)
	prune := time.NewTicker(6 * time.Hour)
	defer prune.Stop()
	var retry <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			s.writeQueued() // the last events, once
			s.mu.Lock()
			for _, w := range s.waiters {
				w <- ErrClosed
			}
			s.waiters = nil
			s.mu.Unlock()
			return
		case <-prune.C:
			if _, err := s.Prune(ctx); err != nil && s.o.Log != nil {
				s.o.Log.Warn("pruning usage events", "err", err)
			}
			continue
		case <-s.wake:
		case <-retry:
		}
		retry = nil
		if err := s.writeQueued(); err != nil {
			retry = time.After(time.Second)
		}
	}
}

// writeQueued commits the queue in one transaction. On failure the events
// go back to the head of the queue.
func (s *Store) writeQueued() error {
	s.mu.Lock()
	batch, waiters := s.queue, s.waiters
	s.queue, s.waiters = nil, nil
	s.mu.Unlock()
	var err error
	if len(batch) > 0 {
		_, err = s.write(batch)
	}
	s.mu.Lock()
	if err != nil {
		s.queue = append(batch, s.queue...)
		if len(s.queue) > s.o.MaxQueue {
			s.dropped += int64(len(s.queue) - s.o.MaxQueue)
			s.queue = s.queue[len(s.queue)-s.o.MaxQueue:]
		}
	}
	logIt := err != nil && !s.failing || err == nil && s.failing
	s.failing = err != nil
	s.mu.Unlock()
	for _, w := range waiters {
		w <- err
	}
	if logIt && s.o.Log != nil {
		if err != nil {
			s.o.Log.Error("usage events not written; kept in memory and tried again", "err", err)
		} else {
			s.o.Log.Info("usage events written again")
		}
	}
	return err
}

// write inserts the events that are not there yet (by kiosk and seq) and
// adds them to the rollup, in one transaction. It returns how many were
// new.
func (s *Store) write(batch []Event) (int, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	tx, err := s.db.Begin()
	if err != nil {
		return 0, fmt.Errorf("events: write: %w", err)
	}
	defer tx.Rollback()
	ins, err := tx.Prepare(`INSERT OR IGNORE INTO events(kiosk, seq, at, kind, service, key, detail, value, flags, tags)
		VALUES(?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return 0, fmt.Errorf("events: write: %w", err)
	}
	defer ins.Close()
	sums := map[rollKey]rollSum{}
	added := 0
	for _, e := range batch {
		res, err := ins.Exec(e.Kiosk, e.Seq, e.At.UnixMilli(), int(e.Kind), e.Service, e.Key, e.Detail, e.Value,
			e.flags(), strings.Join(e.Tags, ","))
		if err != nil {
			return 0, fmt.Errorf("events: write: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			added++
			rollups(sums, DayOf(e.At, s.o.Location), e)
		}
	}
	if len(sums) > 0 {
		up, err := tx.Prepare(`INSERT INTO rollup(day, kiosk, service, metric, key, n, total) VALUES(?,?,?,?,?,?,?)
			ON CONFLICT DO UPDATE SET n = n + excluded.n, total = total + excluded.total`)
		if err != nil {
			return 0, fmt.Errorf("events: rollup: %w", err)
		}
		defer up.Close()
		upm, err := tx.Prepare(`INSERT INTO rollup_month(month, kiosk, service, metric, key, n, total) VALUES(?,?,?,?,?,?,?)
			ON CONFLICT DO UPDATE SET n = n + excluded.n, total = total + excluded.total`)
		if err != nil {
			return 0, fmt.Errorf("events: rollup: %w", err)
		}
		defer upm.Close()
		for k, v := range sums {
			if _, err := up.Exec(int(k.day), k.kiosk, k.service, k.metric, k.key, v.n, v.total); err != nil {
				return 0, fmt.Errorf("events: rollup: %w", err)
			}
			if _, err := upm.Exec(int(k.day)/100, k.kiosk, k.service, k.metric, k.key, v.n, v.total); err != nil {
				return 0, fmt.Errorf("events: rollup: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("events: write: %w", err)
	}
	return added, nil
}

// Ingest stores events of another kiosk (the window terminal keeps the
// hall's). Events it holds already (same kiosk and Seq) are skipped, so a
// batch may come twice. It returns how many were new.
func (s *Store) Ingest(ctx context.Context, evs []Event) (int, error) {
	batch := make([]Event, 0, len(evs))
	for _, e := range evs {
		e = e.clean()
		if e.Kiosk == "" || e.Seq <= 0 || e.Kind <= KindNone || e.Kind >= kindEnd || e.At.IsZero() {
			continue // not an event this program could have made
		}
		batch = append(batch, e)
	}
	if len(batch) == 0 {
		return 0, nil
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return s.write(batch)
}

// Last is the highest Seq held of kiosk's events (0 for none).
func (s *Store) Last(ctx context.Context, kiosk string) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) FROM events WHERE kiosk = ?`, kiosk).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("events: last: %w", err)
	}
	return n, nil
}

// After returns up to limit of this store's events of kiosk with Seq
// above seq, in order.
func (s *Store) After(ctx context.Context, kiosk string, seq int64, limit int) ([]Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kiosk, seq, at, kind, service, key, detail, value, flags, tags
		FROM events WHERE kiosk = ? AND seq > ? ORDER BY seq LIMIT ?`, kiosk, seq, limit)
	if err != nil {
		return nil, fmt.Errorf("events: after: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at, flags int64
		var tags string
		if err := rows.Scan(&e.Kiosk, &e.Seq, &at, &e.Kind, &e.Service, &e.Key, &e.Detail, &e.Value, &flags, &tags); err != nil {
			return nil, fmt.Errorf("events: after: %w", err)
		}
		e.At = time.UnixMilli(at)
		e.setFlags(flags)
		if tags != "" {
			e.Tags = strings.Split(tags, ",")
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Delivered is how far peer has acknowledged this kiosk's events.
func (s *Store) Delivered(ctx context.Context, peer string) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT seq FROM delivered WHERE peer = ?`, peer).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("events: delivered: %w", err)
	}
	return n, nil
}

// SetDelivered records that peer holds this kiosk's events up to seq, as
// peer said: it moves back when peer holds less than it did (its
// database was replaced), so the events are sent again.
func (s *Store) SetDelivered(ctx context.Context, peer string, seq int64) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO delivered(peer, seq) VALUES(?, ?)
		ON CONFLICT DO UPDATE SET seq = excluded.seq`, peer, seq)
	if err != nil {
		return fmt.Errorf("events: delivered: %w", err)
	}
	return nil
}

// SetCounter records the offline counters' number of affairs on day (for
// service, "" for all), as staff entered it; a second entry replaces the
// first. n < 0 deletes it.
func (s *Store) SetCounter(ctx context.Context, day Day, service string, n int) error {
	if service != "" && Clean(service) == "" {
		return fmt.Errorf("events: counter: service %q is not a code", service)
	}
	var err error
	if n < 0 {
		_, err = s.db.ExecContext(ctx, `DELETE FROM counter WHERE day = ? AND service = ?`, int(day), service)
	} else {
		_, err = s.db.ExecContext(ctx, `INSERT INTO counter(day, service, n) VALUES(?,?,?)
			ON CONFLICT DO UPDATE SET n = excluded.n`, int(day), service, n)
	}
	if err != nil {
		return fmt.Errorf("events: counter: %w", err)
	}
	return nil
}

// Prune deletes events, rollups and counter numbers older than Keep. It
// returns how many events went.
func (s *Store) Prune(ctx context.Context) (int64, error) {
	cut := s.o.Now().Add(-s.o.Keep)
	day := DayOf(cut, s.o.Location)
	s.wmu.Lock()
	defer s.wmu.Unlock()
	res, err := s.db.ExecContext(ctx, `DELETE FROM events WHERE at < ?`, cut.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("events: prune: %w", err)
	}
	n, _ := res.RowsAffected()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM rollup WHERE day < ?`, int(day)); err != nil {
		return n, fmt.Errorf("events: prune: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM rollup_month WHERE month < ?`, int(day)/100); err != nil {
		return n, fmt.Errorf("events: prune: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM counter WHERE day < ?`, int(day)); err != nil {
		return n, fmt.Errorf("events: prune: %w", err)
	}
	return n, nil
}
