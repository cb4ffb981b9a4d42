package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"hallkiosk/app/portal"
	"hallkiosk/internal/boundedio"
	"hallkiosk/internal/privacy"
)

// ErrInvalid is wrapped by Add when a request cannot be queued as given.
var ErrInvalid = errors.New("outbox: invalid request")

// ErrTooLarge is wrapped (with ErrInvalid) when a request is over one of
// the outbox's size limits.
var ErrTooLarge = errors.New("outbox: over the size limit")

// checkSize refuses (and wipes) an encoded request over
// MaxApplicationBytes.
func (o *Outbox) checkSize(what string, plain []byte) error {
	if int64(len(plain)) <= o.opts.MaxApplicationBytes {
		return nil
	}
	n := int64(len(plain))
	privacy.Wipe(plain)
	return fmt.Errorf("%w: %s is %s, at most %s: %w", ErrInvalid, what, boundedio.Size(n), boundedio.Size(o.opts.MaxApplicationBytes), ErrTooLarge)
}

// newItem is an item about to be inserted.
type newItem struct {
	kind         Kind
	key          string
	serviceCode  string
	materialCode string
	contentType  string
	size         int64
	sealed       []byte
}

// Add queues an application and its materials in one transaction that is
// committed (synchronous=FULL) before Add returns, even if ctx ends
// meanwhile. Each item gets its Idempotency-Key here, once. Channel
// defaults to "kiosk" and ClientCreatedAt to now; MaterialIDs already known
// are kept and the portal's ids of mats are appended when the application
// is sent. Add does not send; Run does, or use Submit.
func (o *Outbox) Add(ctx context.Context, app portal.Application, mats ...Material) (Receipt, error) {
	if err := ctx.Err(); err != nil {
		return Receipt{}, fmt.Errorf("outbox: add: %w", err)
	}
	switch {
	case app.ServiceCode == "":
		return Receipt{}, fmt.Errorf("%w: no service code", ErrInvalid)
	case app.Applicant.IDNumber == "" || app.Applicant.Name == "" || app.Applicant.CardType == "":
		return Receipt{}, fmt.Errorf("%w: applicant card type, ID number and name are required", ErrInvalid)
	}
	if len(mats) > o.opts.MaxMaterials {
		return Receipt{}, fmt.Errorf("%w: %d materials, at most %d in one submission: %w", ErrInvalid, len(mats), o.opts.MaxMaterials, ErrTooLarge)
	}
	total := int64(0)
	for i, m := range mats {
		if int64(len(m.Data)) > o.opts.MaxMaterialBytes {
			return Receipt{}, fmt.Errorf("%w: material %d (%s) is %s, at most %s: %w", ErrInvalid, i+1, m.Code,
				boundedio.Size(int64(len(m.Data))), boundedio.Size(o.opts.MaxMaterialBytes), ErrTooLarge)
		}
		if err := portal.CheckMaterial(m.ContentType, m.Data); err != nil {
			return Receipt{}, fmt.Errorf("%w: material %d (%s): %w", ErrInvalid, i+1, m.Code, err)
		}
		total += int64(len(m.Data))
	}
	if app.Channel == "" {
		app.Channel = "kiosk"
	}
	if app.ClientCreatedAt.IsZero() {
		app.ClientCreatedAt = o.opts.Now().UTC()
	}
	if app.MaterialIDs == nil {
		app.MaterialIDs = []string{}
	}
	if app.Form == nil {
		app.Form = map[string]string{}
	}
	appKey := portal.NewKey()
	items := make([]newItem, 0, len(mats)+1)
	for _, m := range mats {
		it := newItem{kind: KindMaterial, key: portal.NewKey(), serviceCode: app.ServiceCode,
			materialCode: m.Code, contentType: m.ContentType, size: int64(len(m.Data))}
		var err error
		if it.sealed, err = o.seal.seal(m.Data, it.key); err != nil {
			return Receipt{}, err
		}
		items = append(items, it)
	}
	plain, err := json.Marshal(app)
	if err != nil {
		return Receipt{}, fmt.Errorf("%w: encode application: %v", ErrInvalid, err)
	}
	if err := o.checkSize("application", plain); err != nil {
		return Receipt{}, err
	}
	if total += int64(len(plain)); total > o.opts.MaxSubmissionBytes {
		privacy.Wipe(plain)
		return Receipt{}, fmt.Errorf("%w: submission is %s, at most %s: %w", ErrInvalid, boundedio.Size(total), boundedio.Size(o.opts.MaxSubmissionBytes), ErrTooLarge)
	}
	sealed, err := o.seal.seal(plain, appKey)
	privacy.Wipe(plain)
	if err != nil {
		return Receipt{}, err
	}
	items = append(items, newItem{kind: KindApplication, key: appKey, serviceCode: app.ServiceCode, sealed: sealed})
	return o.insert(ctx, appKey, items)
}

// AddRating queues a 好差评 rating. Rate an application the portal has not
// acknowledged yet by its service code.
func (o *Outbox) AddRating(ctx context.Context, r portal.Rating) (Receipt, error) {
	if err := portal.CheckRating(r); err != nil {
		return Receipt{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if r.Reasons == nil {
		r.Reasons = []string{}
	}
	return o.addOne(ctx, KindRating, r.ServiceCode, r)
}

// AddFeedback queues 意见建议.
func (o *Outbox) AddFeedback(ctx context.Context, f portal.Feedback) (Receipt, error) {
	if f.Category == "" || f.Text == "" {
		return Receipt{}, fmt.Errorf("%w: feedback category and text are required", ErrInvalid)
	}
	return o.addOne(ctx, KindFeedback, "", f)
}

func (o *Outbox) addOne(ctx context.Context, kind Kind, serviceCode string, v any) (Receipt, error) {
	if err := ctx.Err(); err != nil {
		return Receipt{}, fmt.Errorf("outbox: add: %w", err)
	}
	plain, err := json.Marshal(v)
	if err != nil {
		return Receipt{}, fmt.Errorf("%w: encode %s: %v", ErrInvalid, kind, err)
	}
	if err := o.checkSize(string(kind), plain); err != nil {
		return Receipt{}, err
	}
	key := portal.NewKey()
	sealed, err := o.seal.seal(plain, key)
	privacy.Wipe(plain)
	if err != nil {
		return Receipt{}, err
	}
	return o.insert(ctx, key, []newItem{{kind: kind, key: key, serviceCode: serviceCode, sealed: sealed}})
}

// insert stores items as one group named by key, in order, with one
// voucher made of the date and the group's first sequence number.
func (o *Outbox) insert(ctx context.Context, key string, items []newItem) (Receipt, error) {
	now := o.opts.Now()
	var voucher string
	err := o.inTx(ctx, func(tx *sql.Tx) error {
		for i, it := range items {
			res, err := tx.Exec(`INSERT INTO items(key, kind, grp, voucher, service_code, material_code, content_type, size, created_at, payload)
				VALUES (?,?,?,?,?,?,?,?,?,?)`, it.key, string(it.kind), key, voucher, it.serviceCode, it.materialCode,
				it.contentType, it.size, ms(now), it.sealed)
			if err != nil {
				return fmt.Errorf("outbox: add: %w", err)
			}
			if i == 0 {
				seq, err := res.LastInsertId()
				if err != nil {
					return fmt.Errorf("outbox: add: %w", err)
				}
				voucher = Voucher(now, seq)
				if _, err := tx.Exec(`UPDATE items SET voucher=? WHERE seq=?`, voucher, seq); err != nil {
					return fmt.Errorf("outbox: add: %w", err)
				}
			}
		}
		return nil
	})
	if err != nil {
		return Receipt{}, err
	}
	o.Kick()
	return Receipt{Key: key, Voucher: voucher, State: StatePending}, nil
}

// Voucher formats the 凭证号 of a submission added at t with sequence
// number seq: the local date and the number, e.g. 20261128-000042.
func Voucher(t time.Time, seq int64) string {
	return fmt.Sprintf("%s-%06d", t.Local().Format("20060102"), seq)
}

// Submit is Add followed by one attempt to send the submission at once,
// bounded by within (e.g. 5 s), so the citizen standing at the kiosk learns
// the 受理号 when the portal is reachable. Whatever the attempt's outcome,
// the submission is stored; the Receipt says where it stands. The attempt
// may overtake older submissions still waiting for the network; within one
// submission, materials always go first.
func (o *Outbox) Submit(ctx context.Context, within time.Duration, app portal.Application, mats ...Material) (Receipt, error) {
	r, err := o.Add(ctx, app, mats...)
	if err != nil || within <= 0 || o.opts.Portal == nil {
		return r, err
	}
	tctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	if err := o.sendGroup(tctx, r.Key); err != nil && tctx.Err() == nil {
		o.log.Warn("immediate send", "key", r.Key, "err", err)
	}
	got, err := o.Receipt(context.WithoutCancel(ctx), r.Key)
	if err != nil {
		return r, nil
	}
	return got, nil
}
