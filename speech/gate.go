package speech

import (
	"context"
	"sync"
)

// gate lets background work (warming the cache) wait while foreground
// synthesis (what a citizen is waiting to hear) is running.
type gate struct {
	mu   sync.Mutex
	busy int
	idle chan struct{} // closed while busy == 0
}

func newGate() *gate {
	g := &gate{idle: make(chan struct{})}
	close(g.idle)
	return g
}

// enter marks the start of foreground work.
func (g *gate) enter() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.busy == 0 {
		g.idle = make(chan struct{})
	}
	g.busy++
}

// leave marks its end.
func (g *gate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.busy--
	if g.busy == 0 {
		close(g.idle)
	}
}

// wait returns when no foreground work runs, or with ctx's error.
func (g *gate) wait(ctx context.Context) error {
	g.mu.Lock()
	idle := g.idle
	g.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
