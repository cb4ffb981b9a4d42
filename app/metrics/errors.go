package metrics

import (
	"context"
	"log/slog"
	"sync"
)

// ErrorCounter counts error and warning log lines by component; CountErrors
// puts it in front of the kiosk's log handler.
type ErrorCounter struct {
	mu sync.Mutex
	n  map[errKey]int
}

type errKey struct{ component, level string }

func (c *ErrorCounter) add(component, level string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[errKey]int{}
	}
	if len(c.n) >= 256 { // components are a fixed set; bound it anyway
		component = "other"
	}
	c.n[errKey{component, level}]++
}

func (c *ErrorCounter) snapshot() map[errKey]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[errKey]int, len(c.n))
	for k, v := range c.n {
		out[k] = v
	}
	return out
}

// Count returns the count of one component's lines at level ("error",
// "warn").
func (c *ErrorCounter) Count(component, level string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[errKey{component, level}]
}

// CountErrors returns a handler that counts every warning and error of h's
// records in c, by their "component" attribute ("kiosk" without one), and
// passes them on to h.
func CountErrors(h slog.Handler, c *ErrorCounter) slog.Handler {
	return &countingHandler{next: h, c: c, component: "kiosk"}
}

type countingHandler struct {
	next      slog.Handler
	c         *ErrorCounter
	component string
}

func (h *countingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn || h.next.Enabled(ctx, l)
}

func (h *countingHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelWarn {
		comp := h.component
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "component" {
				comp = a.Value.String()
				return false
			}
			return true
		})
		level := "warn"
		if r.Level >= slog.LevelError {
			level = "error"
		}
		h.c.add(comp, level)
	}
	if !h.next.Enabled(ctx, r.Level) {
		return nil
	}
	return h.next.Handle(ctx, r)
}

func (h *countingHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	n := *h
	n.next = h.next.WithAttrs(attrs)
	for _, a := range attrs {
		if a.Key == "component" {
			n.component = a.Value.String()
		}
	}
	return &n
}

func (h *countingHandler) WithGroup(name string) slog.Handler {
	n := *h
	n.next = h.next.WithGroup(name)
	return &n
}
