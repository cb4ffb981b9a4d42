package journey

import (
	"sync"
)

// Current holds the journey of the citizen at the kiosk. A journey lives
// as long as its citizen's session: the wipe at the session's end stops
// and drops it. It is safe for concurrent use.
type Current struct {
	d Deps

	mu    sync.Mutex
	apply *Apply
}

// NewCurrent returns the holder of the kiosk's journeys, built on d.
func NewCurrent(d Deps) *Current {
	c := &Current{d: d}
	d.Session.OnWipe(c.end)
	return c
}

// Deps are the dependencies the journeys are built on.
func (c *Current) Deps() Deps {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.d
}

// SetCatalog hands the journeys a newer catalog; journeys started from now
// on use it (the kiosk adopts a catalog between two citizens).
func (c *Current) SetCatalog(cat Catalog) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.d.Catalog = cat
}

// Apply returns the citizen's journey for the service code, starting it
// (and ending a journey for another service) when there is none.
func (c *Current) Apply(code string) (*Apply, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	seq := c.d.Session.Snapshot().Seq
	if j := c.apply; j != nil && j.item.Code == code && j.seq == seq && j.ctx.Err() == nil {
		return j, nil
	}
	j, err := NewApply(c.d, code)
	if err != nil {
		return nil, err
	}
	if old := c.apply; old != nil {
		old.cancel()
	}
	c.apply = j
	return j, nil
}

// Active returns the journey under way, nil when there is none.
func (c *Current) Active() *Apply {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.apply == nil || c.apply.seq != c.d.Session.Snapshot().Seq {
		return nil
	}
	return c.apply
}

// Snapshot is where the citizen stands in the journey under way; ok is
// false when there is none.
func (c *Current) Snapshot() (s Snapshot, ok bool) {
	j := c.Active()
	if j == nil {
		return Snapshot{}, false
	}
	return j.Snapshot(), true
}

// end stops and drops the journey of the session that just ended. It does
// not wait: the wipe may come from the journey's own work (a rating that
// ends the session), and a result that arrives later is dropped anyway.
func (c *Current) end() {
	c.mu.Lock()
	j := c.apply
	c.apply = nil
	c.mu.Unlock()
	if j != nil {
		j.cancel()
	}
}

// Close stops the journey under way and waits for its work; call it when
// the kiosk stops, never from a journey's own work.
func (c *Current) Close() {
	c.mu.Lock()
	j := c.apply
	c.apply = nil
	c.mu.Unlock()
	if j != nil {
		j.Close()
	}
}
