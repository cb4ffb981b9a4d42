package speech

import (
	"context"
	"errors"
	"fmt"
)

// loop is the Speaker's goroutine: it takes the next utterance, warnings
// first, synthesizes it (or takes it from the cache) and plays it.
func (s *Speaker) loop() {
	defer s.wg.Done()
	for {
		it, ctx, done, ok := s.next()
		if !ok {
			return
		}
		s.speak(ctx, it)
		done()
	}
}

// next waits for an utterance and makes it the current one. The returned
// context ends when the utterance is cut; done must be called after it was
// spoken. ok is false when the Speaker stops.
func (s *Speaker) next() (it *item, ctx context.Context, done func(), ok bool) {
	for {
		s.mu.Lock()
		var stale []*item
		for p := len(s.pending) - 1; p >= 0 && it == nil; p-- {
			for len(s.pending[p]) > 0 && it == nil {
				cand := s.pending[p][0]
				s.pending[p][0] = nil
				s.pending[p] = s.pending[p][1:]
				if cand.ctx.Err() != nil {
					stale = append(stale, cand)
					continue
				}
				it = cand
			}
		}
		if it != nil {
			ictx, cancel := context.WithCancel(s.ctx)
			stop := context.AfterFunc(it.ctx, cancel)
			s.cur, s.curCancel = it, cancel
			s.last = it.msg
			s.mu.Unlock()
			s.emitItems(EventInterrupted, stale)
			done = func() {
				stop()
				cancel()
				s.mu.Lock()
				s.cur, s.curCancel = nil, nil
				s.mu.Unlock()
			}
			return it, ictx, done, true
		}
		s.mu.Unlock()
		s.emitItems(EventInterrupted, stale)
		select {
		case <-s.wake:
		case <-s.ctx.Done():
			return nil, nil, nil, false
		}
	}
}

// speak synthesizes and plays one utterance and reports how it went.
func (s *Speaker) speak(ctx context.Context, it *item) {
	pcm, err := s.synthesize(ctx, it)
	if ctx.Err() != nil {
		s.emit(EventInterrupted, it, nil)
		return
	}
	if err != nil {
		s.warn("speech: synthesis failed", it, err)
		s.emit(EventFailed, it, err)
		return
	}
	gain := Gain(s.Volume())
	s.emit(EventStarted, it, nil)
	err = s.sink.Play(ctx, pcm, gain)
	switch {
	case ctx.Err() != nil:
		s.emit(EventInterrupted, it, nil)
	case err != nil:
		if !errors.Is(err, ErrNoDevice) { // the Player warned once already
			s.warn("speech: playback failed", it, err)
		}
		s.emit(EventFailed, it, err)
	default:
		s.emit(EventFinished, it, nil)
	}
}

// synthesize returns the audio of it: from the cache, or from the engine
// (and then into the cache). Private utterances bypass the cache.
func (s *Speaker) synthesize(ctx context.Context, it *item) (PCM, error) {
	req := Request{Text: it.u.Text, Voice: s.voice, Rate: it.rate}
	useCache := s.cache != nil && !it.u.Private
	var key CacheKey
	if useCache {
		key = CacheKey{Engine: s.engineID, Voice: s.voice, Rate: it.rate, Text: it.u.Text}
		pcm, ok, err := s.cache.Get(key)
		if err != nil {
			s.warn("speech: cache read failed", it, err)
		}
		if ok {
			return pcm, nil
		}
	}
	s.fg.enter()
	pcm, err := s.engine.Synthesize(ctx, req)
	s.fg.leave()
	if err != nil {
		return PCM{}, err
	}
	if err := pcm.Validate(); err != nil {
		return PCM{}, fmt.Errorf("speech: engine output: %w", err)
	}
	if useCache {
		if err := s.cache.Put(key, pcm); err != nil {
			s.warn("speech: cache write failed", it, err)
		}
	}
	return pcm, nil
}

// warn logs a problem once until a different one comes up. It logs the
// utterance's length and priority, never its text.
func (s *Speaker) warn(msg string, it *item, err error) {
	s.mu.Lock()
	repeat := s.lastLogged == msg+err.Error()
	s.lastLogged = msg + err.Error()
	s.mu.Unlock()
	if repeat {
		return
	}
	s.log.Warn(msg, "err", err, "priority", it.u.Priority.String(),
		"private", it.u.Private, "chars", len([]rune(it.u.Text)))
}
