package main

import "context"

// cmdPrint is filled in by the issue that owns it.
func cmdPrint(_ context.Context, e *env, _ []string) int {
	return e.fail("print: not built yet")
}
