package speech

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"hallkiosk/devices"
)

// ErrClosed is returned by a Speaker after Close (or after the context it
// was made with ended).
var ErrClosed = errors.New("speech: speaker closed")

// Options configures a Speaker.
type Options struct {
	// Engine synthesizes speech. Required.
	Engine Engine
	// Sink plays it: a *Player, or a fake in tests. Required.
	Sink Sink
	// Cache keeps synthesized prompts on disk; nil means no cache.
	Cache *Cache
	// Voice is the engine's voice; empty means DefaultVoice.
	Voice string
	// Rate is the rate every session starts with and ResetForNewSession
	// restores (config speech.rate); empty means RateNormal.
	Rate Rate
	// Volume is the step every session starts with and ResetForNewSession
	// restores (config speech.volume); 0 means DefaultVolume.
	Volume int
	// Log receives warnings (never the text of an utterance); nil discards.
	Log *slog.Logger
	// OnEvent, when set, is told about every utterance's life (see
	// EventKind). It may be called from several goroutines at once, must
	// return quickly, and may call the Speaker's methods.
	OnEvent func(Event)
}

// Speaker is the kiosk's one speech queue, between the screens and the
// sink. It owns one goroutine that synthesizes and plays utterances in
// turn (warnings first), plus one per running Warm; Close stops them all.
// All methods are safe for concurrent use and never wait for synthesis or
// playback.
type Speaker struct {
	engine   Engine
	engineID string
	sink     Sink
	cache    *Cache
	voice    string
	log      *slog.Logger
	onEvent  func(Event)
	fg       *gate

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	wake   chan struct{}

	mu         sync.Mutex
	closed     bool
	seq        uint64
	pending    [PriorityWarning + 1][]*item
	cur        *item
	curCancel  context.CancelFunc
	last       *message
	volume     int
	rate       Rate
	defVolume  int
	defRate    Rate
	lastLogged string
}

// item is one queued utterance.
type item struct {
	id   uint64
	u    Utterance
	rate Rate
	msg  *message
	ctx  context.Context // the caller's: when it ends, the item is dropped
}

// message is what one call of Say or Enqueue asked for: Repeat says it
// again.
type message struct {
	utts []Utterance
}

// NewSpeaker starts a Speaker. It stops when ctx ends or on Close.
func NewSpeaker(ctx context.Context, opts Options) (*Speaker, error) {
	if opts.Engine == nil || opts.Sink == nil {
		return nil, errors.New("speech: speaker needs an Engine and a Sink")
	}
	if opts.Voice == "" {
		opts.Voice = DefaultVoice
	}
	if opts.Rate == "" {
		opts.Rate = RateNormal
	}
	if !opts.Rate.Valid() {
		return nil, fmt.Errorf("speech: rate %q is not one of normal, slow", opts.Rate)
	}
	if opts.Volume == 0 {
		opts.Volume = DefaultVolume
	}
	if opts.Volume < MinVolume || opts.Volume > MaxVolume {
		return nil, fmt.Errorf("speech: volume %d is out of range [%d, %d]", opts.Volume, MinVolume, MaxVolume)
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	sctx, cancel := context.WithCancel(ctx)
	s := &Speaker{
		engine:    opts.Engine,
		engineID:  opts.Engine.ID(),
		sink:      opts.Sink,
		cache:     opts.Cache,
		voice:     opts.Voice,
		log:       opts.Log,
		onEvent:   opts.OnEvent,
		fg:        newGate(),
		ctx:       sctx,
		cancel:    cancel,
		wake:      make(chan struct{}, 1),
		volume:    opts.Volume,
		rate:      opts.Rate,
		defVolume: opts.Volume,
		defRate:   opts.Rate,
	}
	s.wg.Add(1)
	go s.loop()
	return s, nil
}

// Say interrupts speech of the same or lower priority (what is playing
// and what waits) and speaks utts in order, as one message that Repeat can
// say again. A screen's entry is one Say: title, step, instruction, focused
// item. The message's priority is the highest of its utterances'. Empty
// texts are skipped; Say with nothing to say does nothing. When ctx ends
// before an utterance is spoken, it is dropped (or cut). Say never waits for
// synthesis or playback.
func (s *Speaker) Say(ctx context.Context, utts ...Utterance) error {
	return s.queue(ctx, utts, true)
}

// Enqueue speaks utts after everything already queued, interrupting
// nothing (e.g. a result announced after the feedback of a touch).
func (s *Speaker) Enqueue(ctx context.Context, utts ...Utterance) error {
	return s.queue(ctx, utts, false)
}

func (s *Speaker) queue(ctx context.Context, utts []Utterance, interrupt bool) error {
	if ctx == nil {
		ctx = context.Background()
	}
	msg := &message{}
	prio := PriorityNormal
	for _, u := range utts {
		if strings.TrimSpace(u.Text) == "" {
			continue
		}
		if u.Priority < PriorityNormal || u.Priority > PriorityWarning {
			return fmt.Errorf("speech: unknown priority %d", u.Priority)
		}
		prio = max(prio, u.Priority)
		msg.utts = append(msg.utts, u)
	}
	if len(msg.utts) == 0 {
		return nil
	}
	for i := range msg.utts {
		msg.utts[i].Priority = prio
	}

	s.mu.Lock()
	if s.closed || s.ctx.Err() != nil {
		s.mu.Unlock()
		return ErrClosed
	}
	var dropped []*item
	if interrupt {
		dropped = s.cutLocked(func(it *item) bool { return it.u.Priority <= prio })
	}
	queued := make([]*item, len(msg.utts))
	for i, u := range msg.utts {
		s.seq++
		queued[i] = &item{id: s.seq, u: u, rate: s.rate, msg: msg, ctx: ctx}
	}
	s.pending[prio] = append(s.pending[prio], queued...)
	s.mu.Unlock()

	s.emitItems(EventInterrupted, dropped)
	s.emitItems(EventQueued, queued)
	s.poke()
	return nil
}

// cutLocked drops the pending items for which match is true and cuts the
// playing one when it matches. It returns the dropped items.
func (s *Speaker) cutLocked(match func(*item) bool) []*item {
	var dropped []*item
	for p := range s.pending {
		kept := s.pending[p][:0]
		for _, it := range s.pending[p] {
			if match(it) {
				dropped = append(dropped, it)
			} else {
				kept = append(kept, it)
			}
		}
		clear(s.pending[p][len(kept):])
		s.pending[p] = kept
	}
	if s.cur != nil && match(s.cur) {
		s.curCancel()
	}
	return dropped
}

// Interrupt stops normal speech, playing and waiting: call it on every key
// press and touch (EN 5.1.3.5). Warnings go on.
func (s *Speaker) Interrupt() {
	s.mu.Lock()
	dropped := s.cutLocked(func(it *item) bool { return it.u.Priority == PriorityNormal })
	s.mu.Unlock()
	s.emitItems(EventInterrupted, dropped)
}

// InterruptAll stops all speech, warnings too: for when a warning has
// become moot (the citizen chose 继续 on the timeout warning).
func (s *Speaker) InterruptAll() {
	s.mu.Lock()
	dropped := s.cutLocked(func(*item) bool { return true })
	s.mu.Unlock()
	s.emitItems(EventInterrupted, dropped)
}

// Repeat says the last message that began to play again, whole, at the
// current rate, interrupting like Say (EN 5.1.3.4: repeat the latest part,
// not the history). It reports false when there is nothing to repeat.
func (s *Speaker) Repeat() bool {
	s.mu.Lock()
	last := s.last
	s.mu.Unlock()
	if last == nil {
		return false
	}
	return s.Say(context.Background(), last.utts...) == nil
}

// Volume is the current volume step, MinVolume…MaxVolume.
func (s *Speaker) Volume() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.volume
}

// SetVolume sets the volume step (clamped to MinVolume…MaxVolume) for what
// is played next and returns it.
func (s *Speaker) SetVolume(step int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.volume = ClampVolume(step)
	return s.volume
}

// VolumeUp raises the volume one step (up to MaxVolume) and returns it.
func (s *Speaker) VolumeUp() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.volume = ClampVolume(s.volume + 1)
	return s.volume
}

// VolumeDown lowers the volume one step (down to MinVolume) and returns it.
func (s *Speaker) VolumeDown() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.volume = ClampVolume(s.volume - 1)
	return s.volume
}

// Rate is the current rate preset.
func (s *Speaker) Rate() Rate {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rate
}

// SetRate sets the rate of utterances queued from now on (长辈版 sets
// RateSlow).
func (s *Speaker) SetRate(r Rate) error {
	if !r.Valid() {
		return fmt.Errorf("speech: rate %q is not one of normal, slow", r)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rate = r
	return nil
}

// FasterRate steps to the next faster preset (slow → normal) and returns
// the rate now in effect; the keypad's "*" then "+".
func (s *Speaker) FasterRate() Rate { return s.stepRate(-1) }

// SlowerRate steps to the next slower preset (normal → slow) and returns
// the rate now in effect; the keypad's "*" then "-".
func (s *Speaker) SlowerRate() Rate { return s.stepRate(+1) }

// stepRate moves d places along Rates() (fastest first), clamped.
func (s *Speaker) stepRate(d int) Rate {
	rates := Rates()
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range rates {
		if r == s.rate {
			s.rate = rates[min(max(i+d, 0), len(rates)-1)]
			break
		}
	}
	return s.rate
}

// ResetForNewSession is called by the session wipe: volume and rate go back
// to their defaults (EN 5.1.3.13), Repeat forgets the last message, and
// Private utterances still queued or playing are dropped. Public speech
// (e.g. "请取回身份证") goes on.
func (s *Speaker) ResetForNewSession() {
	s.mu.Lock()
	s.volume = s.defVolume
	s.rate = s.defRate
	s.last = nil
	dropped := s.cutLocked(func(it *item) bool { return it.u.Private })
	s.mu.Unlock()
	s.emitItems(EventInterrupted, dropped)
}

// Status is the audio output's state for the status model (KindAudio):
// the sink's when it reports one (Player does), else online.
func (s *Speaker) Status() devices.Status {
	if r, ok := s.sink.(StatusReporter); ok {
		return r.Status()
	}
	return devices.Status{State: devices.Online}
}

// Close stops the Speaker's goroutines (speech playing stops) and waits for
// them; utterances still waiting are reported interrupted. Calls after the
// first do nothing.
func (s *Speaker) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	s.mu.Lock()
	dropped := s.cutLocked(func(*item) bool { return true })
	s.mu.Unlock()
	s.emitItems(EventInterrupted, dropped)
	return nil
}

// poke wakes the loop.
func (s *Speaker) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// emitItems reports kind for each item.
func (s *Speaker) emitItems(kind EventKind, items []*item) {
	for _, it := range items {
		s.emit(kind, it, nil)
	}
}

// emit reports one event to the observer.
func (s *Speaker) emit(kind EventKind, it *item, err error) {
	if s.onEvent != nil {
		s.onEvent(Event{Kind: kind, ID: it.id, Utterance: it.u, Rate: it.rate, Err: err})
	}
}
