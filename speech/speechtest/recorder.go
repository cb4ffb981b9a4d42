package speechtest

import (
	"context"
	"fmt"
	"sync"

	"hallkiosk/speech"
)

// Recorder collects a Speaker's events; pass Recorder.Observe as
// speech.Options.OnEvent. Safe for concurrent use.
type Recorder struct {
	mu      sync.Mutex
	events  []speech.Event
	changed chan struct{} // closed and replaced on every event
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{changed: make(chan struct{})} }

// Observe records e. It is the speech.Options.OnEvent function.
func (r *Recorder) Observe(e speech.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	close(r.changed)
	r.changed = make(chan struct{})
	r.mu.Unlock()
}

// Events returns every event so far, in the order observed.
func (r *Recorder) Events() []speech.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]speech.Event(nil), r.events...)
}

// Texts returns the texts of the events of kind, in order.
func (r *Recorder) Texts(kind speech.EventKind) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.events {
		if e.Kind == kind {
			out = append(out, e.Utterance.Text)
		}
	}
	return out
}

// Said is what the code under test asked to say (EventQueued), in call
// order; deterministic, whatever the timing of playback.
func (r *Recorder) Said() []string { return r.Texts(speech.EventQueued) }

// Spoken is what reached the sink (EventStarted), in order.
func (r *Recorder) Spoken() []string { return r.Texts(speech.EventStarted) }

// Finished is what was played to the end (EventFinished), in order.
func (r *Recorder) Finished() []string { return r.Texts(speech.EventFinished) }

// Reset forgets the events so far (e.g. after a screen was set up).
func (r *Recorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = nil
}

// Wait returns the first recorded event of kind with text, waiting for it
// until ctx ends. Give ctx a deadline: it is a safety net, not a timing.
func (r *Recorder) Wait(ctx context.Context, kind speech.EventKind, text string) (speech.Event, error) {
	for {
		r.mu.Lock()
		for _, e := range r.events {
			if e.Kind == kind && e.Utterance.Text == text {
				r.mu.Unlock()
				return e, nil
			}
		}
		changed := r.changed
		r.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return speech.Event{}, fmt.Errorf("speechtest: no %s event for %q: %w", kind, text, ctx.Err())
		}
	}
}

// WaitSpoken waits until text started playing.
func (r *Recorder) WaitSpoken(ctx context.Context, text string) error {
	_, err := r.Wait(ctx, speech.EventStarted, text)
	return err
}

// WaitDone waits until text finished, was interrupted or failed, and
// returns that event.
func (r *Recorder) WaitDone(ctx context.Context, text string) (speech.Event, error) {
	for {
		r.mu.Lock()
		for _, e := range r.events {
			if e.Utterance.Text == text && (e.Kind == speech.EventFinished || e.Kind == speech.EventInterrupted || e.Kind == speech.EventFailed) {
				r.mu.Unlock()
				return e, nil
			}
		}
		changed := r.changed
		r.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return speech.Event{}, fmt.Errorf("speechtest: %q never ended: %w", text, ctx.Err())
		}
	}
}
