package speechtest

import (
	"context"
	"testing"

	"hallkiosk/speech"
)

// Options tunes NewSpeaker; the zero value is a Speaker with default rate
// and volume, no disk cache and a sink that plays instantly.
type Options struct {
	// Rate and Volume are the session defaults (see speech.Options).
	Rate   speech.Rate
	Volume int
	// Cache, when set, is used as the disk cache.
	Cache *speech.Cache
	// Hold starts the sink in hold mode (see Sink.Hold).
	Hold bool
	// Echo makes the engine write each text into its audio (see
	// Engine.SetEcho).
	Echo bool
}

// Harness is a real speech.Speaker wired to fakes.
type Harness struct {
	Speaker  *speech.Speaker
	Engine   *Engine
	Sink     *Sink
	Recorder *Recorder
}

// NewSpeaker returns a Speaker on a fake engine and sink whose events go to
// a Recorder; it is closed when the test ends.
func NewSpeaker(t testing.TB, opts Options) *Harness {
	t.Helper()
	h := &Harness{Engine: NewEngine(), Sink: NewSink(), Recorder: NewRecorder()}
	if opts.Hold {
		h.Sink.Hold()
	}
	h.Engine.SetEcho(opts.Echo)
	sp, err := speech.NewSpeaker(context.Background(), speech.Options{
		Engine:  h.Engine,
		Sink:    h.Sink,
		Cache:   opts.Cache,
		Rate:    opts.Rate,
		Volume:  opts.Volume,
		OnEvent: h.Recorder.Observe,
	})
	if err != nil {
		t.Fatalf("speechtest: %v", err)
	}
	h.Speaker = sp
	t.Cleanup(func() { sp.Close() })
	return h
}
