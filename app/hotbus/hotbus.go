// Package hotbus carries the hall's hot list over the hall bus (app/hall):
// the window terminal, which holds every kiosk's usage events, ranks the
// services by the hall's submissions of the last figures.HotDays days and
// publishes the ranking on hall.hot (Publisher); each kiosk keeps the last
// ranking it heard (Follower) and ranks by it while it is fresh and the
// bus is up, else by its own submissions. Only the window may publish on
// hall.hot; a kiosk may only read it (hall.Permissions).
//
// The ranking is a list of service codes, most submitted first. An empty
// one (a new hall, no submission yet) leaves home's 热门服务 to the
// catalog's hot flag (app.HotList.Items).
package hotbus

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"hallkiosk/app/events"
	"hallkiosk/app/figures"
	"hallkiosk/app/hall"
)

// Subject is where the window publishes the hall's ranking.
const Subject = hall.SubjectHot

// MaxCodes bounds a ranking: more than home ever shows, far fewer than a
// message holds.
const MaxCodes = 64

// maxCode bounds one service code.
const maxCode = 64

// Defaults of the publisher and the follower.
const (
	DefaultCheck  = 30 * time.Second
	DefaultEvery  = 5 * time.Minute
	DefaultMaxAge = 3*DefaultEvery + time.Minute
)

// Ranking is the message on hall.hot.
type Ranking struct {
	// Codes are service codes, most submitted in the hall first.
	Codes []string `json:"codes"`
	// Days is the window the ranking covers, up to and including At's day.
	Days int `json:"days"`
	// At is when the window worked it out.
	At time.Time `json:"at"`
}

// Rank works out the hall's ranking from the window's usage log.
func Rank(ctx context.Context, st *events.Store, now time.Time) (Ranking, error) {
	cs, err := figures.Hot(ctx, st.DB(), st.Location(), now, figures.HotDays)
	if err != nil {
		return Ranking{}, err
	}
	r := Ranking{Codes: []string{}, Days: figures.HotDays, At: now}
	for _, c := range cs {
		if len(r.Codes) == MaxCodes {
			break
		}
		r.Codes = append(r.Codes, c.Code)
	}
	return r, nil
}

// Bus is what the publisher needs of the bus; *hall.Bus has it.
type Bus interface {
	Publish(subject string, v any) error
}

// Publisher publishes the hall's ranking from the window's usage log:
// worked out every Check, published when it changed and at least every
// Every (so a kiosk that joins later hears it).
type Publisher struct {
	Bus   Bus
	Store *events.Store
	Log   *slog.Logger
	// Check and Every default to DefaultCheck and DefaultEvery.
	Check, Every time.Duration
	// Now defaults to time.Now.
	Now func() time.Time

	last     []string
	lastSent time.Time
	sent     bool
}

// PublishOnce works out the ranking and publishes it when it changed or is
// due again. It reports whether it published.
func (p *Publisher) PublishOnce(ctx context.Context) (bool, error) {
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	every := p.Every
	if every <= 0 {
		every = DefaultEvery
	}
	t := now()
	r, err := Rank(ctx, p.Store, t)
	if err != nil {
		return false, fmt.Errorf("hotbus: rank: %w", err)
	}
	if p.sent && reflect.DeepEqual(r.Codes, p.last) && t.Sub(p.lastSent) < every {
		return false, nil
	}
	if err := p.Bus.Publish(Subject, r); err != nil {
		return false, fmt.Errorf("hotbus: publish: %w", err)
	}
	p.last, p.lastSent, p.sent = r.Codes, t, true
	return true, nil
}

// Run publishes until ctx ends.
func (p *Publisher) Run(ctx context.Context) {
	check := p.Check
	if check <= 0 {
		check = DefaultCheck
	}
	tick := time.NewTicker(check)
	defer tick.Stop()
	for {
		if _, err := p.PublishOnce(ctx); err != nil && ctx.Err() == nil && p.Log != nil {
			p.Log.Debug("hall hot list not published", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// Handler is what the follower needs of the bus; *hall.Bus has it.
type Handler interface {
	Handle(subject string, f func(m *nats.Msg)) (*nats.Subscription, error)
	Connected() bool
}

// Follower keeps the last ranking the window published.
type Follower struct {
	Bus Handler
	// MaxAge is how long a ranking counts after it arrived (default
	// DefaultMaxAge): a window gone quiet leaves the kiosk to its own.
	MaxAge time.Duration
	// OnChange is called (on the bus's goroutine) when a ranking different
	// from the last one arrives.
	OnChange func()
	Log      *slog.Logger

	mu    sync.Mutex
	codes []string
	at    time.Time // when it arrived, by the kiosk's clock
	sub   *nats.Subscription
}

// Start listens on hall.hot until Stop.
func (f *Follower) Start() error {
	sub, err := f.Bus.Handle(Subject, f.receive)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.sub = sub
	f.mu.Unlock()
	return nil
}

// Stop stops listening.
func (f *Follower) Stop() {
	f.mu.Lock()
	sub := f.sub
	f.sub = nil
	f.mu.Unlock()
	if sub != nil {
		_ = sub.Unsubscribe()
	}
}

func (f *Follower) receive(m *nats.Msg) {
	var r Ranking
	if err := json.Unmarshal(m.Data, &r); err != nil || len(r.Codes) > MaxCodes {
		if f.Log != nil {
			f.Log.Warn("hall hot list dropped: not a ranking")
		}
		return
	}
	codes := make([]string, 0, len(r.Codes))
	for _, c := range r.Codes {
		if c != "" && len(c) <= maxCode {
			codes = append(codes, c)
		}
	}
	f.mu.Lock()
	changed := f.at.IsZero() || !reflect.DeepEqual(codes, f.codes)
	f.codes, f.at = codes, time.Now()
	f.mu.Unlock()
	if changed && f.OnChange != nil {
		f.OnChange()
	}
}

// Codes is the hall's ranking, when the bus is up and the last one heard
// is fresh; ok is false when the kiosk must rank by its own.
func (f *Follower) Codes() (codes []string, ok bool) {
	if f == nil || !f.Bus.Connected() {
		return nil, false
	}
	maxAge := f.MaxAge
	if maxAge <= 0 {
		maxAge = DefaultMaxAge
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.at.IsZero() || time.Since(f.at) > maxAge {
		return nil, false
	}
	return append([]string(nil), f.codes...), true
}
