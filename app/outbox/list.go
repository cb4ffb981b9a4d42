package outbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"hallkiosk/internal/privacy"
)

const entryCols = `seq, key, kind, grp, voucher, service_code, material_code, size, state, attempts, last_error, last_code,
	remote_id, created_at, next_at, last_at, sent_at, payload IS NOT NULL, reward`

func scanEntry(sc interface{ Scan(...any) error }) (Entry, error) {
	var e Entry
	var kind, state string
	var created, next, last, sent int64
	var reward string
	err := sc.Scan(&e.Seq, &e.Key, &kind, &e.Group, &e.Voucher, &e.ServiceCode, &e.MaterialCode, &e.Size, &state,
		&e.Attempts, &e.LastError, &e.LastCode, &e.RemoteID, &created, &next, &last, &sent, &e.Sealed, &reward)
	if err != nil {
		return Entry{}, err
	}
	e.FirstOnline, e.Reward = decodeReward(reward)
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
		LastError: e.LastError, LastCode: e.LastCode, FirstOnline: e.FirstOnline, Reward: e.Reward}, nil
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

// Action is who does a staff action on the queue and why; both are kept in
// the audit trail.
type Action struct {
	// Actor names who acted: a staff id, or "cli:<user>" on the command
	// line.
	Actor string
	// Reason says why, in the staff's words (required; masked and bounded
	// before it is stored, since staff may quote a citizen's data).
	Reason string
}

// maxReasonRunes bounds a stored reason.
const maxReasonRunes = 200

// ErrNoReason is returned when a staff action comes without a reason.
var ErrNoReason = errors.New("outbox: a reason is required")

// reason returns the action's reason trimmed and bounded, or ErrNoReason.
func (a Action) reason() (string, error) {
	r := strings.TrimSpace(a.Reason)
	if r == "" {
		return "", ErrNoReason
	}
	if rs := []rune(r); len(rs) > maxReasonRunes {
		r = string(rs[:maxReasonRunes]) + "…"
	}
	return r, nil
}

// Requeue puts a parked submission back in the queue with its same keys:
// the item, and for an application its parked materials. Use it once staff
// fixed the cause (e.g. the portal's catalog now knows the service). The
// action is written to the audit trail in the same transaction.
func (o *Outbox) Requeue(ctx context.Context, key string, a Action) error {
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
	reason, err := o.reason(ctx, e, a)
	if err != nil {
		return err
	}
	err = o.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE items SET state='pending', next_at=0, parked_at=0 WHERE state='parked' AND payload IS NOT NULL
			AND (key=? OR (grp=? AND kind='material'))`, key, e.Group); err != nil {
			return err
		}
		return o.audit(tx, "requeue", e, a.Actor, reason)
	})
	if err != nil {
		return fmt.Errorf("outbox: requeue: %w", err)
	}
	o.log.Info("requeued by staff", "key", key, "voucher", e.Voucher, "actor", a.Actor, "reason", reason)
	o.Kick()
	return nil
}

// Discard deletes the sealed payload of a parked item (and, for an
// application, of its unsent materials): the citizen's data is gone, the
// PII-free record stays parked with code "discarded", and the action is
// written to the audit trail in the same transaction.
func (o *Outbox) Discard(ctx context.Context, key string, a Action) error {
	e, err := o.Get(ctx, key)
	if err != nil {
		return err
	}
	if e.State != StateParked {
		return fmt.Errorf("outbox: discard %s: item is %s, not parked", key, e.State)
	}
	reason, err := o.reason(ctx, e, a)
	if err != nil {
		return err
	}
	if err := o.discard(ctx, e, "discard", a.Actor, reason); err != nil {
		return err
	}
	o.log.Info("discarded by staff", "key", key, "voucher", e.Voucher, "actor", a.Actor, "reason", reason)
	return nil
}

// discard deletes the sealed payloads of e's submission and writes the
// audit line, in one transaction.
func (o *Outbox) discard(ctx context.Context, e Entry, action, actor, reason string) error {
	now := o.opts.Now()
	err := o.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE items SET state='parked', payload=NULL, last_code='discarded', last_at=?
			WHERE state != 'sent' AND (key=? OR (grp=? AND kind='material'))`, ms(now), e.Key, e.Group); err != nil {
			return err
		}
		return o.audit(tx, action, e, actor, reason)
	})
	if err != nil {
		return fmt.Errorf("outbox: %s: %w", action, err)
	}
	o.mu.Lock()
	o.dirty = true
	o.mu.Unlock()
	return nil
}

// reason checks a staff action's reason and returns it masked with what
// the item carries and bounded.
func (o *Outbox) reason(ctx context.Context, e Entry, a Action) (string, error) {
	r, err := a.reason()
	if err != nil {
		return "", err
	}
	var sealed []byte
	var kind, key string
	err = o.db.QueryRowContext(ctx, `SELECT key, kind, payload FROM items WHERE key=?`, e.Key).Scan(&key, &kind, &sealed)
	if err != nil {
		return "", fmt.Errorf("outbox: %w", err)
	}
	red := &privacy.Redactor{}
	if sealed != nil {
		if plain, err := o.seal.open(sealed, key); err == nil {
			red = o.redactor(ctx, item{key: key, kind: Kind(kind), grp: e.Group}, plain)
			privacy.Wipe(plain)
		}
	}
	return red.Redact(r), nil
}

// audit appends one line to the audit trail inside tx.
func (o *Outbox) audit(tx *sql.Tx, action string, e Entry, actor, reason string) error {
	_, err := tx.Exec(`INSERT INTO audit(at, action, key, voucher, actor, reason) VALUES (?,?,?,?,?,?)`,
		ms(o.opts.Now()), action, e.Key, e.Voucher, privacy.MaskShapes(actor), reason)
	return err
}

// RecordReset writes the first audit line of a queue started anew after
// the old one was lost: who, why, and where the retired key is kept.
func (o *Outbox) RecordReset(ctx context.Context, a Action, retiredKey string) error {
	r, err := a.reason()
	if err != nil {
		return err
	}
	r = privacy.MaskShapes(r) + " (old key: " + retiredKey + ")"
	err = o.inTx(ctx, func(tx *sql.Tx) error { return o.audit(tx, "reset", Entry{}, a.Actor, r) })
	if err != nil {
		return fmt.Errorf("outbox: reset: %w", err)
	}
	o.log.Warn("queue reset after loss", "actor", a.Actor, "reason", r)
	return nil
}

// AuditEntry is one line of the queue's audit trail: a staff action or an
// expiry, without personal data.
type AuditEntry struct {
	At      time.Time `json:"at"`
	Action  string    `json:"action"`
	Key     string    `json:"key"`
	Voucher string    `json:"voucher"`
	Actor   string    `json:"actor"`
	Reason  string    `json:"reason"`
}

// Audit returns the last n lines of the audit trail, oldest first.
func (o *Outbox) Audit(ctx context.Context, n int) ([]AuditEntry, error) {
	rows, err := o.db.QueryContext(ctx, `SELECT at, action, key, voucher, actor, reason FROM
		(SELECT * FROM audit ORDER BY id DESC LIMIT ?) ORDER BY id`, n)
	if err != nil {
		return nil, fmt.Errorf("outbox: audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var a AuditEntry
		var at int64
		if err := rows.Scan(&at, &a.Action, &a.Key, &a.Voucher, &a.Actor, &a.Reason); err != nil {
			return nil, fmt.Errorf("outbox: audit: %w", err)
		}
		a.At = fromMS(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Resolve returns the key of the submission an operator names: an item's
// key, or a 凭证号 (the key of its application, or of its only item).
func (o *Outbox) Resolve(ctx context.Context, id string) (string, error) {
	if _, err := o.Get(ctx, id); err == nil {
		return id, nil
	}
	var key string
	err := o.db.QueryRowContext(ctx, `SELECT grp FROM items WHERE voucher=? LIMIT 1`, id).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%w: %s", errNoItem, id)
	}
	if err != nil {
		return "", fmt.Errorf("outbox: resolve: %w", err)
	}
	return key, nil
}

// ExpireParked discards the sealed data of items parked longer than the
// retention (Options.ParkedRetention): a citizen's data does not wait for
// staff for ever. Each expiry is written to the audit trail. It returns how
// many submissions expired; Run calls it about once an hour.
func (o *Outbox) ExpireParked(ctx context.Context) (int, error) {
	before := o.opts.Now().Add(-o.opts.ParkedRetention)
	rows, err := o.db.QueryContext(ctx, `SELECT `+entryCols+` FROM items WHERE state='parked' AND payload IS NOT NULL
		AND parked_at > 0 AND parked_at < ? AND (kind != 'material' OR
			NOT EXISTS (SELECT 1 FROM items a WHERE a.grp = items.grp AND a.kind = 'application'))
		ORDER BY seq LIMIT 1000`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("outbox: expire: %w", err)
	}
	var expired []Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			rows.Close()
			return 0, fmt.Errorf("outbox: expire: %w", err)
		}
		expired = append(expired, e)
	}
	rows.Close()
	reason := fmt.Sprintf("retention: parked longer than %s", o.opts.ParkedRetention)
	for _, e := range expired {
		if err := o.discard(ctx, e, "expire", "outbox", reason); err != nil {
			return 0, err
		}
		o.log.Warn("parked item expired; its sealed data is deleted", "key", e.Key, "voucher", e.Voucher, "retention", o.opts.ParkedRetention.String())
	}
	return len(expired), nil
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
