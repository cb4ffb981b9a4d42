package main

import "context"

// cmdReceipt is filled in by the issue that owns it.
func cmdReceipt(_ context.Context, e *env, _ []string) int {
	return e.fail("receipt: not built yet")
}
