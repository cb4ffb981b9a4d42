package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const entryCols = `seq, key, kind, grp, voucher, service_code, material_code, size, state, attempts, last_error, last_code,
	remote_id, created_at, next_at, last_at, sent_at, payload IS NOT NULL`

func scanEntry(sc interface{ Scan(...any) error }) (Entry, error) {
	var e Entry
	var kind, state string
	var created, next, last, sent int64
	err := sc.Scan(&e.Seq, &e.Key, &kind, &e.Group, &e.Voucher, &e.ServiceCode, &e.MaterialCode, &e.Size, &state,
		&e.Attempts, &e.LastError, &e.LastCode, &e.RemoteID, &created, &next, &last, &sent, &e.Sealed)
	if err != nil {
		return Entry{}, err
	}
	e.Kind, e.State = Kind(kind), State(state)
	e.CreatedAt, e.NextAttemptAt, e.LastAttemptAt, e.SentAt = fromMS(created), fromMS(next), fromMS(last), fromMS(sent)
	if e.Kind == KindApplication {
		e.ApplicationID = e.RemoteID
	}
	if e.State != StatePending {
		e.NextAttemptAt = time.Time{}
	}
	return e, nil
}

// Get returns the item with key.
func (o *Outbox) Get(ctx context.Context, key string) (Entry, error) {
	e, err := scanEntry(o.db.QueryRowContext(ctx, `SELECT `+entryCols+` FROM items WHERE key=?`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return Entry{}, fmt.Errorf("%w: %s", errNoItem, key)
	}
	if err != nil {
		return Entry{}, fmt.Errorf("outbox: get: %w", err)
	}
	return e, nil
}

// Receipt returns where the submission (or rating, feedback) with key
// stands now, e.g. to tell a citizen later that the portal accepted it.
func (o *Outbox) Receipt(ctx context.Context, key string) (Receipt, error) {
	e, err := o.Get(ctx, key)
	if err != nil {
		return Receipt{}, err
	}
	return Receipt{Key: e.Key, Voucher: e.Voucher, State: e.State, ApplicationID: e.RemoteID, SentAt: e.SentAt,
		LastError: e.LastError, LastCode: e.LastCode}, nil
}

// ListOptions select items for List and Each.
type ListOptions struct {
	// State and Kind filter when set.
	State State
	Kind  Kind
	// Voucher finds a submission by its 凭证号.
	Voucher string
	// AfterSeq pages: only items with a larger Seq.
	AfterSeq int64
	// Limit bounds List (default 100); Each ignores it.
	Limit int
}

func (lo ListOptions) where() (string, []any) {
	q := ` WHERE seq > ?`
	args := []any{lo.AfterSeq}
	if lo.State != "" {
		q += ` AND state = ?`
		args = append(args, string(lo.State))
	}
	if lo.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, string(lo.Kind))
	}
	if lo.Voucher != "" {
		q += ` AND voucher = ?`
		args = append(args, lo.Voucher)
	}
	return q, args
}

// List returns up to lo.Limit items in queue order, for the staff screen.
// Page with AfterSeq set to the last Seq returned.
func (o *Outbox) List(ctx context.Context, lo ListOptions) ([]Entry, error) {
	if lo.Limit <= 0 {
		lo.Limit = 100
	}
	var out []Entry
	err := o.each(ctx, lo, lo.Limit, func(e Entry) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// Each calls fn for every selected item in queue order, reading the queue
// in pages so memory stays flat however long it is.
func (o *Outbox) Each(ctx context.Context, lo ListOptions, fn func(Entry) error) error {
	return o.each(ctx, lo, 0, fn)
}

func (o *Outbox) each(ctx context.Context, lo ListOptions, limit int, fn func(Entry) error) error {
	const page = 500
	for n := 0; limit == 0 || n < limit; {
		want := page
		if limit > 0 {
			want = min(page, limit-n)
		}
		where, args := lo.where()
		rows, err := o.db.QueryContext(ctx, `SELECT `+entryCols+` FROM items`+where+` ORDER BY seq LIMIT ?`, append(args, want)...)
		if err != nil {
			return fmt.Errorf("outbox: list: %w", err)
		}
		var batch []Entry
		for rows.Next() {
			e, err := scanEntry(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("outbox: list: %w", err)
			}
			batch = append(batch, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("outbox: list: %w", err)
		}
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
		n += len(batch)
		if len(batch) < want {
			return nil
		}
		lo.AfterSeq = batch[len(batch)-1].Seq
	}
	return nil
}

// Counts returns how many items are pending, sent and parked.
func (o *Outbox) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	rows, err := o.db.QueryContext(ctx, `SELECT state, count(*) FROM items GROUP BY state`)
	if err != nil {
		return Counts{}, fmt.Errorf("outbox: counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return Counts{}, fmt.Errorf("outbox: counts: %w", err)
		}
		switch State(state) {
		case StatePending:
			c.Pending = n
		case StateSent:
			c.Sent = n
		case StateParked:
			c.Parked = n
		}
	}
	if err := rows.Err(); err != nil {
		return Counts{}, fmt.Errorf("outbox: counts: %w", err)
	}
	var oldest sql.NullInt64
	if err := o.db.QueryRowContext(ctx, `SELECT min(created_at) FROM items WHERE state='pending'`).Scan(&oldest); err != nil {
		return Counts{}, fmt.Errorf("outbox: counts: %w", err)
	}
	if oldest.Valid {
		c.OldestPending = fromMS(oldest.Int64)
	}
	return c, nil
}

// Depth returns the heartbeat's outbox_depth: pending plus parked items.
func (o *Outbox) Depth(ctx context.Context) (int, error) {
	c, err := o.Counts(ctx)
	return c.Depth(), err
}

// Requeue puts a parked submission back in the queue with its same keys:
// the item, and for an application its parked materials. Use it once staff
// fixed the cause (e.g. the portal's catalog now knows the service).
func (o *Outbox) Requeue(ctx context.Context, key string) error {
	e, err := o.Get(ctx, key)
	if err != nil {
		return err
	}
	if e.State != StateParked {
		return fmt.Errorf("outbox: requeue %s: item is %s, not parked", key, e.State)
	}
	if !e.Sealed {
		return fmt.Errorf("outbox: requeue %s: payload was discarded", key)
	}
	err = o.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE items SET state='pending', next_at=0 WHERE state='parked' AND payload IS NOT NULL
			AND (key=? OR (grp=? AND kind='material'))`, key, e.Group)
		return err
	})
	if err != nil {
		return fmt.Errorf("outbox: requeue: %w", err)
	}
	o.log.Info("requeued by staff", "key", key)
	o.Kick()
	return nil
}

// Discard deletes the sealed payload of a parked item (and, for an
// application, of its unsent materials): the citizen's data is gone, the
// PII-free record stays parked with code "discarded".
func (o *Outbox) Discard(ctx context.Context, key string) error {
	e, err := o.Get(ctx, key)
	if err != nil {
		return err
	}
	if e.State != StateParked {
		return fmt.Errorf("outbox: discard %s: item is %s, not parked", key, e.State)
	}
	now := o.opts.Now()
	err = o.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE items SET state='parked', payload=NULL, last_code='discarded', last_at=?
			WHERE state != 'sent' AND (key=? OR (grp=? AND kind='material'))`, ms(now), key, e.Group)
		return err
	})
	if err != nil {
		return fmt.Errorf("outbox: discard: %w", err)
	}
	o.mu.Lock()
	o.dirty = true
	o.mu.Unlock()
	o.log.Info("discarded by staff", "key", key)
	return nil
}

// PruneSent deletes the records of items acknowledged before t and returns
// how many went.
func (o *Outbox) PruneSent(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := o.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`DELETE FROM items WHERE state='sent' AND sent_at < ?`, ms(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("outbox: prune: %w", err)
	}
	return n, nil
}
