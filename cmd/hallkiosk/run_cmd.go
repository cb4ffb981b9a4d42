package main

import "context"

// cmdRun starts the kiosk.
func cmdRun(_ context.Context, e *env, _ []string) int {
	return e.fail("run: not built yet")
}

// cmdDemo starts the demo.
func cmdDemo(_ context.Context, e *env, _ []string) int {
	return e.fail("demo: not built yet")
}
