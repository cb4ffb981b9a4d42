package main

import "context"

// cmdOutbox is filled in by the issue that owns it.
func cmdOutbox(_ context.Context, e *env, _ []string) int {
	return e.fail("outbox: not built yet")
}
