package speechtest

import (
	"context"
	"sync"
	"unicode/utf8"

	"hallkiosk/speech"
)

// Engine is a fake speech.Engine: it records every request and returns
// silence, 10 ms per character of text, in speech.DefaultFormat. It is safe
// for concurrent use.
type Engine struct {
	mu       sync.Mutex
	requests []speech.Request
	err      error
	echo     bool
}

var _ speech.Engine = (*Engine)(nil)

// NewEngine returns an Engine that succeeds.
func NewEngine() *Engine { return &Engine{} }

// ID names the fake.
func (e *Engine) ID() string { return "speechtest fake engine" }

// Synthesize records req and returns silence (or the error set with
// SetError).
func (e *Engine) Synthesize(ctx context.Context, req speech.Request) (speech.PCM, error) {
	e.mu.Lock()
	e.requests = append(e.requests, req)
	err := e.err
	e.mu.Unlock()
	if err != nil {
		return speech.PCM{}, err
	}
	if err := ctx.Err(); err != nil {
		return speech.PCM{}, err
	}
	pcm := Silence(utf8.RuneCountInString(req.Text) * 10)
	if e.Echoes() {
		copy(pcm.Data, req.Text) // at most 4 bytes a character, in 440 bytes of audio
	}
	return pcm, nil
}

// SetEcho makes every following Synthesize write the request's text
// (UTF-8) at the start of the audio, so that a test can look for a text in
// what was stored, e.g. in the disk cache.
func (e *Engine) SetEcho(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.echo = on
}

// Echoes reports whether SetEcho is on.
func (e *Engine) Echoes() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.echo
}

// SetError makes every following Synthesize fail with err (nil: succeed).
func (e *Engine) SetError(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.err = err
}

// Requests returns every request so far, in order.
func (e *Engine) Requests() []speech.Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]speech.Request(nil), e.requests...)
}

// Texts returns the text of every request so far, in order.
func (e *Engine) Texts() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]string, len(e.requests))
	for i, r := range e.requests {
		out[i] = r.Text
	}
	return out
}

// Count is the number of requests so far.
func (e *Engine) Count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.requests)
}

// Silence returns ms milliseconds of silence in speech.DefaultFormat (at
// least one frame).
func Silence(ms int) speech.PCM {
	f := speech.DefaultFormat()
	frames := max(f.SampleRate*ms/1000, 1)
	return speech.PCM{Format: f, Data: make([]byte, frames*f.FrameSize())}
}
