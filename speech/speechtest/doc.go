// Package speechtest has fakes for testing code that speaks through package
// speech without espeak-ng or a sound card: an Engine that records what it
// was asked to synthesize, a Sink that records what it played (and can hold
// a sound "playing" until released, to test interruption), a Recorder of
// Speaker events, and NewSpeaker, which wires a real speech.Speaker — the
// real queue, priorities and interruption rules — to these fakes.
//
// A UI test asserts what was spoken, in order:
//
//	h := speechtest.NewSpeaker(t, speechtest.Options{})
//	screen := NewHome(h.Speaker)          // the UI under test
//	test.Type(win.Canvas(), "\t")          // …keyboard walk…
//	h.Recorder.Said()                      // texts queued, in call order
//	h.Recorder.WaitSpoken(ctx, "办事指南") // wait until it played
package speechtest
