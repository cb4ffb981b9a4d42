package app

import (
	"context"
	"sync"

	"hallkiosk/app/portal"
)

// HotCatalog is what the hot list needs of the catalog; *catalog.Catalog
// has it.
type HotCatalog interface {
	Get(code string) (portal.ServiceItem, bool)
	Hot() []portal.ServiceItem
}

// HotList is home's 热门服务: the services the hall submitted most over
// the last 30 days, then the catalog's hot ones (which only seed a new
// hall). It is worked out between citizens and never changes while a
// citizen is at the kiosk: a list worked out during a visit waits for the
// visit's end. It is safe for concurrent use.
type HotList struct {
	Session *Session
	// Rank returns service codes by use, most first.
	Rank func(ctx context.Context) ([]string, error)
	// Size is how many services the list holds (default 8).
	Size int

	mu      sync.Mutex
	codes   []string
	pending []string
	waiting bool
	unsub   func()
}

// Items is the list to show now, from the catalog the screens use: the
// ranked services it has, then its hot ones. A nil list is the catalog's
// hot ones.
func (h *HotList) Items(cat HotCatalog) []portal.ServiceItem {
	if h == nil {
		return cat.Hot()
	}
	h.mu.Lock()
	codes := h.codes
	h.mu.Unlock()
	size := h.Size
	if size <= 0 {
		size = 8
	}
	var out []portal.ServiceItem
	seen := map[string]bool{}
	for _, c := range codes {
		if it, ok := cat.Get(c); ok && !seen[c] && len(out) < size {
			out = append(out, it)
			seen[c] = true
		}
	}
	for _, it := range cat.Hot() {
		if !seen[it.Code] && len(out) < size {
			out = append(out, it)
			seen[it.Code] = true
		}
	}
	return out
}

// idle reports whether no citizen is at the kiosk (the attract loop, or
// the closing screen after one left).
func idle(s Snapshot) bool { return s.State == StateAttract || s.State == StateEnding }

// Refresh works out the list again (on the caller's goroutine, never
// Fyne's: it reads the figures) and puts it in place at once when no
// citizen is at the kiosk, else when the citizen leaves.
func (h *HotList) Refresh(ctx context.Context) error {
	codes, err := h.Rank(ctx)
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.unsub == nil {
		h.unsub = h.Session.Subscribe(h.sessionChanged)
	}
	if idle(h.Session.Snapshot()) {
		h.codes, h.pending, h.waiting = codes, nil, false
		return nil
	}
	h.pending, h.waiting = codes, true
	return nil
}

// sessionChanged puts a waiting list in place once the citizen has gone.
func (h *HotList) sessionChanged(s Snapshot) {
	if !idle(s) {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.waiting {
		h.codes, h.pending, h.waiting = h.pending, nil, false
	}
}

// Close stops following the session.
func (h *HotList) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.unsub != nil {
		h.unsub()
		h.unsub = nil
	}
}
