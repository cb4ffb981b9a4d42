package hall

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
)

// Roster is every terminal heard on the bus with its last status and when
// it was heard, kept from hall.status.*; it answers hall.directory. The
// terminal a status is about is the one its subject names (the server
// lets a kiosk publish only its own), never the one the message claims.
// It is safe for concurrent use.
type Roster struct {
	now func() time.Time

	mu        sync.Mutex
	terms     map[string]TerminalInfo
	listeners []func(TerminalInfo)
	subs      []*nats.Subscription
}

// maxTerminals bounds the roster: a hall has tens of terminals.
const maxTerminals = 1000

// NewRoster returns an empty roster; now is its clock (time.Now when nil).
func NewRoster(now func() time.Time) *Roster {
	if now == nil {
		now = time.Now
	}
	return &Roster{now: now, terms: map[string]TerminalInfo{}}
}

// Serve keeps the roster from b's status messages, and answers directory
// requests when answer is set, until Stop.
func (r *Roster) Serve(b *Bus, answer bool) error {
	s1, err := b.Handle(All(KindStatus), func(m *nats.Msg) {
		var st Status
		if err := Decode(m.Data, &st); err != nil {
			return
		}
		r.Seen(idOf(m.Subject), st)
	})
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.subs = append(r.subs, s1)
	r.mu.Unlock()
	if !answer {
		return nil
	}
	s2, err := b.Handle(SubjectDirectory, func(m *nats.Msg) {
		_ = b.Reply(m, Directory{Terminals: r.List()})
	})
	if err != nil {
		r.Stop()
		return err
	}
	r.mu.Lock()
	r.subs = append(r.subs, s2)
	r.mu.Unlock()
	return nil
}

// Stop ends Serve's subscriptions.
func (r *Roster) Stop() {
	r.mu.Lock()
	subs := r.subs
	r.subs = nil
	r.mu.Unlock()
	for _, s := range subs {
		_ = s.Unsubscribe()
	}
}

// OnChange calls f with every status heard, on the bus's goroutine.
func (r *Roster) OnChange(f func(TerminalInfo)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.listeners = append(r.listeners, f)
}

// Seen records a status of terminal id heard now.
func (r *Roster) Seen(id string, st Status) {
	if CheckTerminalID(id) != nil {
		return
	}
	st.Terminal = id
	ti := TerminalInfo{Status: st, LastSeen: r.now()}
	r.mu.Lock()
	if _, ok := r.terms[id]; !ok && len(r.terms) >= maxTerminals {
		r.mu.Unlock()
		return
	}
	r.terms[id] = ti
	ls := append([]func(TerminalInfo){}, r.listeners...)
	r.mu.Unlock()
	for _, f := range ls {
		f(ti)
	}
}

// Get returns terminal id as last heard.
func (r *Roster) Get(id string) (TerminalInfo, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ti, ok := r.terms[id]
	return ti, ok
}

// List returns every terminal heard, by id.
func (r *Roster) List() []TerminalInfo {
	r.mu.Lock()
	out := make([]TerminalInfo, 0, len(r.terms))
	for _, ti := range r.terms {
		out = append(out, ti)
	}
	r.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Terminal < out[j].Terminal })
	return out
}

// idOf is the terminal a subject hall.<kind>.<id> is about.
func idOf(subject string) string {
	if i := strings.LastIndexByte(subject, '.'); i >= 0 {
		return subject[i+1:]
	}
	return ""
}

// Survey returns every terminal on the bus: the directory's list when a
// window or `hall serve` keeps one, else the statuses heard within
// listen (a little over one status interval).
func Survey(ctx context.Context, b *Bus, listen time.Duration) ([]TerminalInfo, error) {
	rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	var d Directory
	err := b.Request(rctx, SubjectDirectory, struct{}{}, &d)
	cancel()
	if err == nil {
		return d.Terminals, nil
	}
	if !errors.Is(err, ErrDown) && !errors.Is(err, context.DeadlineExceeded) {
		return nil, err
	}
	if !b.Connected() {
		return nil, ErrDown
	}
	r := NewRoster(nil)
	if err := r.Serve(b, false); err != nil {
		return nil, err
	}
	defer r.Stop()
	t := time.NewTimer(listen)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
	}
	return r.List(), nil
}
