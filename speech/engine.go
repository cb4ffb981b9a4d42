package speech

import (
	"context"
	"errors"
	"fmt"
)

// Rate is a speech-rate preset. The kiosk has two: normal, and slow, the
// default of 长辈版 (elder mode).
type Rate string

// The rate presets.
const (
	RateNormal Rate = "normal"
	RateSlow   Rate = "slow"
)

// Rates lists every preset, normal first.
func Rates() []Rate { return []Rate{RateNormal, RateSlow} }

// ParseRate accepts "normal" or "slow" (the values of config speech.rate).
func ParseRate(s string) (Rate, error) {
	switch r := Rate(s); r {
	case RateNormal, RateSlow:
		return r, nil
	}
	return "", fmt.Errorf("speech: rate %q is not one of normal, slow", s)
}

// Valid reports whether r is a preset.
func (r Rate) Valid() bool { return r == RateNormal || r == RateSlow }

// DefaultVoice is the espeak-ng voice that speaks Mandarin. ("cmn" reads
// Chinese characters as English words with tone digits.)
const DefaultVoice = "cmn-latn-pinyin"

// Request is one piece of text to synthesize.
type Request struct {
	// Text is what to say. Engines must never log it or put it in an error.
	Text string
	// Voice names the engine's voice, e.g. "cmn-latn-pinyin".
	Voice string
	// Rate is the rate preset.
	Rate Rate
	// Background asks the engine to run at low CPU priority: the request
	// comes from warming the cache, and a citizen's navigation must not wait
	// for it.
	Background bool
}

// Engine turns text into PCM. Implementations must be safe for concurrent
// use and honour ctx.
type Engine interface {
	// ID names the engine and every setting that changes its output (e.g.
	// "espeak-ng 1.51 normal=160wpm slow=115wpm"); it is part of the cache
	// key, so a new engine version never plays stale audio.
	ID() string
	// Synthesize returns the audio of req.Text.
	Synthesize(ctx context.Context, req Request) (PCM, error)
}

// Voice describes one voice an engine offers.
type Voice struct {
	// Name is what Request.Voice (and config speech.voice) takes.
	Name string
	// Languages lists the language tags the voice serves, e.g. "zh-cmn".
	Languages []string
	// Description is the engine's human-readable name of the voice.
	Description string
}

// VoiceLister is implemented by engines that can list their voices.
type VoiceLister interface {
	// Voices lists the voices the engine offers.
	Voices(ctx context.Context) ([]Voice, error)
}

// ErrEngineMissing means the engine's program is not installed.
var ErrEngineMissing = errors.New("speech engine not installed")

// ErrUnknownVoice means the engine does not have the requested voice.
var ErrUnknownVoice = errors.New("voice not available")
