package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"hallkiosk/app/portal"
	"hallkiosk/internal/privacy"
)

// item is a queue row as the sender sees it (without the payload).
type item struct {
	seq          int64
	key          string
	kind         Kind
	grp          string
	serviceCode  string
	materialCode string
	contentType  string
	attempts     int
	nextAt       time.Time
}

const itemCols = `seq, key, kind, grp, service_code, material_code, content_type, attempts, next_at`

func scanItem(sc interface{ Scan(...any) error }) (item, error) {
	var it item
	var kind string
	var next int64
	err := sc.Scan(&it.seq, &it.key, &kind, &it.grp, &it.serviceCode, &it.materialCode, &it.contentType, &it.attempts, &next)
	it.kind, it.nextAt = Kind(kind), fromMS(next)
	return it, err
}

// result is the outcome of one send.
type result int

const (
	resSent    result = iota // acknowledged
	resRetry                 // retryable failure, backoff recorded
	resBlocked               // the device is refused; backoff recorded
	resParked                // permanent failure
	resSkipped               // nothing done (not pending any more, or stopping)
)

// head returns the oldest pending item.
func (o *Outbox) head(ctx context.Context) (item, bool, error) {
	it, err := scanItem(o.db.QueryRowContext(ctx, `SELECT `+itemCols+` FROM items WHERE state='pending' ORDER BY seq LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return item{}, false, nil
	}
	if err != nil {
		return item{}, false, fmt.Errorf("outbox: next item: %w", err)
	}
	return it, true, nil
}

// Run is the sender: it drains the queue in order until ctx ends, waiting
// out each item's backoff, and sleeps while the queue is empty until Add
// (or Kick) wakes it. Run it in one goroutine the caller owns; it returns
// nil when ctx ends.
func (o *Outbox) Run(ctx context.Context) error {
	if o.opts.Portal == nil {
		return errors.New("outbox: run: no portal configured")
	}
	var expired time.Time
	for ctx.Err() == nil {
		if now := o.opts.Now(); now.Sub(expired) >= time.Hour {
			expired = now
			if _, err := o.ExpireParked(ctx); err != nil && ctx.Err() == nil {
				o.log.Error("expire parked items", "err", err)
			}
		}
		wait, _, _, err := o.step(ctx)
		if err != nil && ctx.Err() == nil {
			o.log.Error("sender step", "err", err)
			wait = o.opts.BaseDelay
		}
		if wait > 0 {
			o.pause(ctx, wait)
		}
	}
	return nil
}

// Kick wakes a sleeping sender, e.g. after the network came back.
func (o *Outbox) Kick() {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.wake != nil {
		o.wake()
		o.wake = nil
	} else {
		o.kicked = true
	}
}

// pause sleeps d or until Kick or ctx.
func (o *Outbox) pause(ctx context.Context, d time.Duration) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	o.mu.Lock()
	if o.kicked {
		o.kicked = false
		o.mu.Unlock()
		return
	}
	o.wake = cancel
	o.mu.Unlock()
	o.opts.Sleep(wctx, d)
	o.mu.Lock()
	o.wake = nil
	o.kicked = false
	o.mu.Unlock()
}

// step tries the head of the queue once. wait is how long to wait before
// the next step (0: go on at once); idle reports an empty queue.
func (o *Outbox) step(ctx context.Context) (wait time.Duration, idle bool, res result, err error) {
	it, ok, err := o.head(ctx)
	if err != nil {
		return 0, false, resSkipped, err
	}
	if !ok {
		o.truncateWAL(ctx)
		return o.opts.IdlePoll, true, resSkipped, nil
	}
	if now := o.opts.Now(); it.nextAt.After(now) {
		o.setNext(it.nextAt)
		return it.nextAt.Sub(now), false, resSkipped, nil
	}
	res, err = o.sendOne(ctx, it)
	return 0, false, res, err
}

// sendGroup sends the pending items of one submission in order and stops
// at the first that is not acknowledged.
func (o *Outbox) sendGroup(ctx context.Context, grp string) error {
	rows, err := o.db.QueryContext(ctx, `SELECT `+itemCols+` FROM items WHERE grp=? AND state='pending' ORDER BY seq`, grp)
	if err != nil {
		return fmt.Errorf("outbox: group: %w", err)
	}
	var items []item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("outbox: group: %w", err)
		}
		items = append(items, it)
	}
	rows.Close()
	for _, it := range items {
		res, err := o.sendOne(ctx, it)
		if err != nil {
			return err
		}
		if res != resSent && res != resSkipped {
			return nil
		}
	}
	return nil
}

// sendOne sends one pending item and records the outcome. Only one send
// runs at a time per Outbox.
func (o *Outbox) sendOne(ctx context.Context, it item) (result, error) {
	select {
	case o.sem <- struct{}{}:
	case <-ctx.Done():
		return resSkipped, nil
	}
	defer func() { <-o.sem }()

	var state string
	var sealed []byte
	err := o.db.QueryRowContext(ctx, `SELECT state, attempts, payload FROM items WHERE seq=?`, it.seq).Scan(&state, &it.attempts, &sealed)
	if err != nil {
		if ctx.Err() != nil {
			return resSkipped, nil
		}
		return resSkipped, fmt.Errorf("outbox: load item: %w", err)
	}
	if state != string(StatePending) {
		return resSkipped, nil
	}
	if sealed == nil {
		return o.park(ctx, it, "local", "sealed payload missing")
	}
	plain, err := o.seal.open(sealed, it.key)
	if err != nil {
		return o.park(ctx, it, "local", err.Error())
	}
	defer privacy.Wipe(plain)
	// Whatever the portal answers is masked with what this submission
	// carries before it is stored, logged or shown.
	red := o.redactor(ctx, it, plain)

	var remote, reward string
	o.setAttempt()
	sctx, cancel := context.WithTimeout(ctx, o.opts.SendTimeout)
	defer cancel()
	switch it.kind {
	case KindMaterial:
		var rec portal.MaterialReceipt
		rec, err = o.opts.Portal.UploadMaterial(sctx, it.key, it.contentType, plain)
		remote = rec.MaterialID
	case KindApplication:
		var app portal.Application
		if err := json.Unmarshal(plain, &app); err != nil {
			return o.park(ctx, it, "local", "sealed application unreadable")
		}
		ids, parked, waitMat, merr := o.groupMaterialIDs(ctx, it.grp)
		switch {
		case merr != nil:
			return resSkipped, merr
		case parked != "":
			return o.park(ctx, it, "material_parked", "a material of this submission was refused: "+parked)
		case waitMat:
			// A material of this submission is still pending behind it
			// (after a requeue): wait for it without counting an attempt.
			return resSkipped, nil
		}
		app.MaterialIDs = append(app.MaterialIDs, ids...)
		var ack portal.ApplicationAck
		ack, err = o.opts.Portal.SubmitApplication(sctx, it.key, app)
		remote = ack.ApplicationID
		reward = encodeReward(ack)
		wipeApplication(&app)
	case KindRating:
		var r portal.Rating
		if err := json.Unmarshal(plain, &r); err != nil {
			return o.park(ctx, it, "local", "sealed rating unreadable")
		}
		remote, err = o.opts.Portal.Rate(sctx, it.key, r)
	case KindFeedback:
		var f portal.Feedback
		if err := json.Unmarshal(plain, &f); err != nil {
			return o.park(ctx, it, "local", "sealed feedback unreadable")
		}
		remote, err = o.opts.Portal.SendFeedback(sctx, it.key, f)
	default:
		return o.park(ctx, it, "local", "unknown item kind "+string(it.kind))
	}
	if err == nil {
		return o.ack(ctx, it, remote, reward)
	}
	if ctx.Err() != nil {
		// The sender is stopping (or an immediate attempt ran out of
		// time): the outcome is unknown, the key will tell on the retry.
		return resSkipped, nil
	}
	return o.fail(ctx, it, red, err)
}

// redactor knows the personal values of an item: those of its own payload,
// and for a material those of the application it belongs to.
func (o *Outbox) redactor(ctx context.Context, it item, plain []byte) *privacy.Redactor {
	if it.kind != KindMaterial {
		return portal.SentRedactor(plain)
	}
	var key string
	var sealed []byte
	err := o.db.QueryRowContext(ctx, `SELECT key, payload FROM items WHERE grp=? AND kind='application'`, it.grp).Scan(&key, &sealed)
	if err != nil || sealed == nil {
		return &privacy.Redactor{}
	}
	app, err := o.seal.open(sealed, key)
	if err != nil {
		return &privacy.Redactor{}
	}
	defer privacy.Wipe(app)
	return portal.SentRedactor(app)
}

// groupMaterialIDs returns the portal's ids of a submission's materials in
// order, or the reason one was parked, or whether one is still pending.
func (o *Outbox) groupMaterialIDs(ctx context.Context, grp string) (ids []string, parked string, pending bool, err error) {
	rows, err := o.db.QueryContext(ctx, `SELECT state, remote_id, material_code, last_error FROM items
		WHERE grp=? AND kind='material' ORDER BY seq`, grp)
	if err != nil {
		return nil, "", false, fmt.Errorf("outbox: materials: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var state, id, code, lastErr string
		if err := rows.Scan(&state, &id, &code, &lastErr); err != nil {
			return nil, "", false, fmt.Errorf("outbox: materials: %w", err)
		}
		switch State(state) {
		case StateSent:
			ids = append(ids, id)
		case StateParked:
			return nil, code + ": " + lastErr, false, nil
		default:
			pending = true
		}
	}
	return ids, "", pending, rows.Err()
}

// wipeApplication clears the personal data of a decoded application.
func wipeApplication(a *portal.Application) {
	a.Applicant = portal.Applicant{}
	clear(a.Form)
}

// ack records an acknowledgement: state sent, the portal's id, the sealed
// payload deleted.
func (o *Outbox) ack(ctx context.Context, it item, remote, reward string) (result, error) {
	now := o.opts.Now()
	err := o.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE items SET state='sent', remote_id=?, sent_at=?, last_at=?, attempts=attempts+1,
			next_at=0, last_error='', last_code='', payload=NULL, reward=? WHERE seq=? AND state='pending'`, remote, ms(now), ms(now), reward, it.seq)
		return err
	})
	if err != nil {
		return resSkipped, fmt.Errorf("outbox: record ack: %w", err)
	}
	o.mu.Lock()
	o.status.LastSuccess, o.status.LastError, o.status.Blocked, o.status.NextAttempt = now, "", false, time.Time{}
	o.dirty = true
	o.mu.Unlock()
	o.log.Info("sent", "key", it.key, "kind", it.kind, "service_code", it.serviceCode, "remote_id", remote, "attempts", it.attempts+1)
	return resSent, nil
}

// fail records a failed send: backoff for a retryable one, park for a
// permanent one.
func (o *Outbox) fail(ctx context.Context, it item, red *privacy.Redactor, err error) (result, error) {
	code, msg := red.Redact(portal.CodeOf(err)), errText(err, red)
	blocked := errors.Is(err, portal.ErrUnauthorized) || errors.Is(err, portal.ErrPinMismatch) || errors.Is(err, portal.ErrCertificate)
	if !blocked && !portal.IsRetryable(err) {
		return o.park(ctx, it, code, msg)
	}
	n := it.attempts + 1
	delay := Backoff(n, o.opts.BaseDelay, o.opts.MaxDelay, o.opts.Rand())
	if ra := portal.RetryAfterOf(err); ra > delay {
		delay = ra
	}
	now := o.opts.Now()
	next := now.Add(delay)
	werr := o.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE items SET attempts=attempts+1, last_at=?, next_at=?, last_error=?, last_code=?
			WHERE seq=? AND state='pending'`, ms(now), ms(next), msg, code, it.seq)
		return err
	})
	if werr != nil {
		return resSkipped, fmt.Errorf("outbox: record failure: %w", werr)
	}
	o.mu.Lock()
	o.status.LastError, o.status.Blocked, o.status.NextAttempt = msg, blocked, next
	o.mu.Unlock()
	if blocked {
		o.log.Error("portal refuses this device; queue blocked until fixed", "key", it.key, "err", msg, "retry_in", delay.String())
		return resBlocked, nil
	}
	o.log.Warn("send failed, will retry", "key", it.key, "kind", it.kind, "code", code, "attempts", n, "retry_in", delay.String(), "err", msg)
	return resRetry, nil
}

// park records a permanent failure for staff. msg is the kiosk's own
// words or an errText, already masked.
func (o *Outbox) park(ctx context.Context, it item, code, msg string) (result, error) {
	now := o.opts.Now()
	err := o.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE items SET state='parked', attempts=attempts+1, last_at=?, parked_at=?, next_at=0, last_error=?, last_code=?
			WHERE seq=? AND state='pending'`, ms(now), ms(now), msg, code, it.seq)
		return err
	})
	if err != nil {
		return resSkipped, fmt.Errorf("outbox: park: %w", err)
	}
	o.mu.Lock()
	o.status.LastError = msg
	o.mu.Unlock()
	o.log.Error("parked for staff", "key", it.key, "kind", it.kind, "service_code", it.serviceCode, "code", code, "err", msg)
	return resParked, nil
}

// errText is the text of a send failure stored for staff, bounded, with
// the portal's free text masked by red (the kiosk's own words are left as
// they are).
func errText(err error, red *privacy.Redactor) string {
	const maxText = 400
	var s string
	var pe *portal.Error
	if errors.As(err, &pe) {
		masked := *pe
		masked.Message = red.Redact(pe.Message)
		s = masked.Error()
	} else {
		s = red.Redact(err.Error())
	}
	if len(s) > maxText {
		s = strings.ToValidUTF8(s[:maxText], "") + "…"
	}
	return s
}

func (o *Outbox) setAttempt() {
	o.mu.Lock()
	o.status.LastAttempt = o.opts.Now()
	o.mu.Unlock()
}

func (o *Outbox) setNext(t time.Time) {
	o.mu.Lock()
	o.status.NextAttempt = t
	o.mu.Unlock()
}

// SenderStatus returns what the sender is doing.
func (o *Outbox) SenderStatus() SenderStatus {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.status
}

// truncateWAL checkpoints and truncates the WAL once the queue is empty, so
// the pages of deleted payloads do not linger in it.
func (o *Outbox) truncateWAL(ctx context.Context) {
	o.mu.Lock()
	dirty := o.dirty
	o.dirty = false
	o.mu.Unlock()
	if !dirty {
		return
	}
	select {
	case o.clean <- struct{}{}:
	default:
		return
	}
	defer func() { <-o.clean }()
	var busy, logPages, done int
	if err := o.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logPages, &done); err != nil && ctx.Err() == nil {
		o.log.Debug("wal checkpoint", "err", err)
	}
}
