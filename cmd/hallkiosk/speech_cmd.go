package main

import "context"

// cmdSpeech is filled in by the issue that owns it.
func cmdSpeech(_ context.Context, e *env, _ []string) int {
	return e.fail("speech: not built yet")
}
