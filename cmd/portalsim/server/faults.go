package server

import (
	"context"
	"net/http"
	"time"
)

// bucket is a token bucket for Faults.RateLimit.
type bucket struct {
	tokens float64
	last   time.Time
}

// faultCheck decides, under the lock, whether r is refused by a fault and
// returns the latency to apply.
func (s *Server) faultCheck() (refuse *reply, latency time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.faults
	if f.RateLimit > 0 {
		now := s.now()
		if s.bucket.last.IsZero() {
			s.bucket = bucket{tokens: f.RateLimit, last: now}
		}
		s.bucket.tokens = min(f.RateLimit, s.bucket.tokens+now.Sub(s.bucket.last).Seconds()*f.RateLimit)
		s.bucket.last = now
		if s.bucket.tokens < 1 {
			rep := errReply(http.StatusTooManyRequests, "rate_limited", "too many requests from this device")
			rep.header = map[string]string{"Retry-After": "1"}
			return &rep, 0
		}
		s.bucket.tokens--
	}
	if f.FailRate > 0 && s.rnd.Float64() < f.FailRate {
		if s.rnd.IntN(2) == 0 {
			rep := errReply(http.StatusServiceUnavailable, "unavailable", "portal temporarily unavailable (simulated)")
			return &rep, 0
		}
		rep := errReply(http.StatusInternalServerError, "internal", "internal error (simulated)")
		return &rep, 0
	}
	return nil, f.Latency
}

// dropNow decides whether a committed creating request loses its answer.
func (s *Server) dropNow() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults.DropAfterCommit > 0 && s.rnd.Float64() < s.faults.DropAfterCommit
}

// drop closes the connection of w without an answer. It reports false when
// the connection cannot be taken over (HTTP/2), and the caller answers.
func drop(w http.ResponseWriter) bool {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
