package catalog

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"hallkiosk/app/portal"
	"hallkiosk/internal/logging"
)

// ErrUnusable wraps a catalog the portal sent that fails validation
// (duplicate codes, a package of unknown parts): the portal answered, but
// with nothing the kiosk can offer.
var ErrUnusable = errors.New("catalog: the portal's catalog is unusable")

// Problem is why a kiosk still has no catalog.
type Problem int

const (
	// ProblemNone: no attempt has failed yet.
	ProblemNone Problem = iota
	// ProblemUnreachable: no answer from the portal (network down,
	// refused, an error status, the device token rejected).
	ProblemUnreachable
	// ProblemUnusable: the portal (or something in its place) answered
	// with something that is no usable catalog: not JSON, the wrong
	// shape, too large, a redirect, an item without a code.
	ProblemUnusable
)

// ProblemOf sorts a failed catalog fetch into a Problem.
func ProblemOf(err error) Problem {
	switch {
	case err == nil:
		return ProblemNone
	case errors.Is(err, portal.ErrBadResponse), errors.Is(err, portal.ErrTooLarge),
		errors.Is(err, portal.ErrNotPortal), errors.Is(err, portal.ErrRedirected), errors.Is(err, ErrUnusable):
		return ProblemUnusable
	}
	return ProblemUnreachable
}

// Wait is where a kiosk that has no catalog yet (a first start without a
// cached one) stands, reported after every failed attempt.
type Wait struct {
	// Attempts made so far.
	Attempts int
	// Problem is why the last one failed.
	Problem Problem
	// Retry is how long until the next attempt.
	Retry time.Duration
}

// Keeper keeps a kiosk's catalog from the portal: it asks at start, every
// Every, and whenever Wake fires (the heartbeat heard of a new catalog
// version). While the kiosk has no catalog at all it asks again with a
// backoff (MinBackoff doubling up to MaxBackoff) and reports each failed
// attempt to OnWait; the first catalog that arrives is stored at Path and
// handed to OnCatalog at once, like every newer one after it.
type Keeper struct {
	// Source is the portal; Path where the catalog is cached; Speller
	// spells the names in pinyin (see New).
	Source  Source
	Path    string
	Speller Speller
	// Timeout bounds each attempt (0: none beyond ctx).
	Timeout time.Duration
	// Every is the time between refreshes of a catalog the kiosk has
	// (default 30 min).
	Every time.Duration
	// MinBackoff and MaxBackoff bound the retries while there is none
	// (default 2 s and 1 min).
	MinBackoff, MaxBackoff time.Duration
	// Wake asks for a refresh now; nil never does.
	Wake <-chan struct{}
	// Log hears what happened; nil is silent.
	Log *slog.Logger
	// OnCatalog receives every new catalog, on Run's goroutine.
	OnCatalog func(*Catalog)
	// OnWait hears each failed attempt while there is no catalog yet.
	OnWait func(Wait)
	// After waits (time.After when nil; tests pass their own).
	After func(time.Duration) <-chan time.Time
}

// Run keeps the catalog until ctx ends. have says whether the kiosk has
// a catalog already (a cached one): without, it retries with backoff.
func (k *Keeper) Run(ctx context.Context, have bool) {
	log := k.Log
	if log == nil {
		log = logging.Discard()
	}
	after := k.After
	if after == nil {
		after = time.After
	}
	every := k.Every
	if every <= 0 {
		every = 30 * time.Minute
	}
	minB, maxB := k.MinBackoff, k.MaxBackoff
	if minB <= 0 {
		minB = 2 * time.Second
	}
	if maxB < minB {
		maxB = max(minB, time.Minute)
	}
	backoff, attempts := minB, 0
	for {
		idx, err := k.fetch(ctx, log)
		if ctx.Err() != nil {
			return
		}
		if idx != nil {
			have, attempts, backoff = true, 0, minB
			if k.OnCatalog != nil {
				k.OnCatalog(idx)
			}
		}
		wait := every
		if !have {
			attempts++
			wait = backoff
			backoff = min(2*backoff, maxB)
			if k.OnWait != nil {
				k.OnWait(Wait{Attempts: attempts, Problem: ProblemOf(err), Retry: wait})
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-after(wait):
		case <-k.Wake:
		}
	}
}

// fetch asks the portal once; a new catalog comes back even when it could
// not be cached (it is still the one to show).
func (k *Keeper) fetch(ctx context.Context, log *slog.Logger) (*Catalog, error) {
	c, cancel := ctx, context.CancelFunc(func() {})
	if k.Timeout > 0 {
		c, cancel = context.WithTimeout(ctx, k.Timeout)
	}
	idx, changed, err := Refresh(c, k.Source, k.Path, k.Speller)
	cancel()
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case idx != nil && err != nil:
		log.Warn("catalog not cached", "err", err)
	case err != nil:
		log.Warn("catalog not refreshed", "err", err, "unusable", ProblemOf(err) == ProblemUnusable)
		return nil, err
	case !changed:
		return nil, nil
	}
	log.Info("catalog updated", "version", idx.Version(), "items", len(idx.All()))
	return idx, nil
}
