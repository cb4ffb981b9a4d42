package outbox

import (
	"context"
	"errors"
	"fmt"
)

// DrainResult counts what one Drain did.
type DrainResult struct {
	Sent    int `json:"sent"`
	Retried int `json:"retried"`
	Parked  int `json:"parked"`
	// Pending is how many items still wait when Drain returns.
	Pending int `json:"pending"`
}

// Drain sends what can be sent now, in order, and returns. With untilEmpty
// it also waits out backoffs until no item is pending (parked ones do not
// count) or ctx ends. It is the sender of `hallkiosk outbox drain`; do not
// run it beside Run on the same Outbox.
func (o *Outbox) Drain(ctx context.Context, untilEmpty bool) (DrainResult, error) {
	if o.opts.Portal == nil {
		return DrainResult{}, errors.New("outbox: drain: no portal configured")
	}
	if _, err := o.ExpireParked(ctx); err != nil {
		return DrainResult{}, err
	}
	var r DrainResult
	var stepErr error
	for ctx.Err() == nil {
		wait, idle, res, err := o.step(ctx)
		switch res {
		case resSent:
			r.Sent++
		case resRetry, resBlocked:
			r.Retried++
		case resParked:
			r.Parked++
		}
		if err != nil {
			stepErr = err
			break
		}
		if idle || (wait > 0 && !untilEmpty) {
			break
		}
		if wait > 0 {
			o.pause(ctx, wait)
		}
	}
	c, err := o.Counts(context.WithoutCancel(ctx))
	if err != nil {
		return r, err
	}
	r.Pending = c.Pending
	if stepErr != nil {
		return r, stepErr
	}
	if untilEmpty && r.Pending > 0 {
		return r, fmt.Errorf("outbox: drain: %d items still pending: %w", r.Pending, ctx.Err())
	}
	return r, nil
}
