package outbox

import "time"

// Backoff returns the wait before retry number attempt (1 after the first
// failure) with exponential backoff and full jitter: a uniform share rnd
// (in [0, 1)) of min(max, base·2^(attempt-1)).
func Backoff(attempt int, base, max time.Duration, rnd float64) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	ceiling := max
	if attempt-1 < 62 {
		if c := base << (attempt - 1); c > 0 && c < max && c>>(attempt-1) == base {
			ceiling = c
		}
	}
	if rnd < 0 {
		rnd = 0
	}
	if rnd >= 1 {
		rnd = 0.999999
	}
	return time.Duration(rnd * float64(ceiling))
}
