package main

import "context"

// cmdIDCard is filled in by the issue that owns it.
func cmdIDCard(_ context.Context, e *env, _ []string) int {
	return e.fail("idcard: not built yet")
}
