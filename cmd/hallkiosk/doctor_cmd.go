package main

import "context"

// cmdDoctor is filled in by the issue that owns it.
func cmdDoctor(_ context.Context, e *env, _ []string) int {
	return e.fail("doctor: not built yet")
}
