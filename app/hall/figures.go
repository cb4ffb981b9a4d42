package hall

import (
	"context"
	"time"
)

// Figures are the window terminal's counts of the hall, for its metrics:
// counts only, never a terminal's id or anything of a citizen's.
type Figures struct {
	// Kiosks is how many kiosks were heard within the stale time, Silent
	// how many were heard before but not since.
	Kiosks, Silent int
	// Calls counts the calls not closed yet by state (open, accepted).
	Calls map[CallState]int
}

// Figures counts the kiosks heard within stale (the window's screens'
// own test of a kiosk being there) and the calls not closed yet.
func (w *Window) Figures(ctx context.Context, stale time.Duration) (Figures, error) {
	f := Figures{Calls: map[CallState]int{CallOpen: 0, CallAccepted: 0}}
	now := w.now()
	for _, ti := range w.roster.List() {
		if ti.Role != RoleKiosk {
			continue
		}
		if now.Sub(ti.LastSeen) <= stale {
			f.Kiosks++
		} else {
			f.Silent++
		}
	}
	calls, err := w.calls.Open(ctx)
	if err != nil {
		return f, err
	}
	for _, c := range calls {
		f.Calls[c.State]++
	}
	return f, nil
}

// Running reports whether the embedded server is up and taking
// connections.
func (s *Server) Running() bool { return s.ns.Running() }

// Clients is how many connections the embedded server has now (every
// terminal, tool and the window itself).
func (s *Server) Clients() int { return s.ns.NumClients() }
