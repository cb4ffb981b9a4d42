package speech

import (
	"context"

	"hallkiosk/devices"
)

// Sink plays PCM. Player is the real one; package speechtest has a fake.
type Sink interface {
	// Play plays pcm at gain (0…1) and returns when it has been played. When
	// ctx is done it stops at once and returns ctx.Err(). Play is called by
	// one goroutine at a time.
	Play(ctx context.Context, pcm PCM, gain float64) error
}

// StatusReporter is implemented by sinks that know the state of their
// device (Player does).
type StatusReporter interface {
	// Status is the audio device's state for the status model.
	Status() devices.Status
}
