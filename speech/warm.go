package speech

import (
	"context"
	"strings"
)

// WarmResult tells how warming the cache went.
type WarmResult struct {
	// Prompts is the number of (text, rate) pairs looked at.
	Prompts int
	// Cached were already in the cache; Synthesized were made now; Failed
	// could not be made.
	Cached, Synthesized, Failed int
	// Err is the first failure, or why warming stopped early (the context
	// ended, or the Speaker was closed).
	Err error
}

// Warm synthesizes the static prompts texts into the disk cache, at every
// rate preset (the session default first), and returns at once: the work
// runs in one background goroutine, yields to speech a citizen is waiting
// for (it waits while the Speaker synthesizes, and runs espeak-ng at low CPU
// priority), and stops when ctx ends or the Speaker is closed. The result
// arrives on the returned channel, which is then closed; ignoring it is
// fine. Pass only public, static texts: never personal data. Without a
// cache Warm does nothing.
func (s *Speaker) Warm(ctx context.Context, texts []string) <-chan WarmResult {
	out := make(chan WarmResult, 1)
	s.mu.Lock()
	if s.closed || s.ctx.Err() != nil {
		s.mu.Unlock()
		out <- WarmResult{Err: ErrClosed}
		close(out)
		return out
	}
	rates := []Rate{s.defRate}
	for _, r := range Rates() {
		if r != s.defRate {
			rates = append(rates, r)
		}
	}
	texts = uniqueTexts(texts)
	s.wg.Add(1)
	s.mu.Unlock()

	go func() {
		defer s.wg.Done()
		defer close(out)
		wctx, cancel := context.WithCancel(ctx)
		defer cancel()
		stop := context.AfterFunc(s.ctx, cancel)
		defer stop()
		out <- s.warm(wctx, texts, rates)
	}()
	return out
}

// warm is Warm's goroutine.
func (s *Speaker) warm(ctx context.Context, texts []string, rates []Rate) WarmResult {
	var res WarmResult
	if s.cache == nil {
		return res
	}
	fail := func(err error) {
		res.Failed++
		if res.Err == nil {
			res.Err = err
		}
	}
	for _, rate := range rates {
		for _, text := range texts {
			if err := ctx.Err(); err != nil {
				if res.Err == nil {
					res.Err = err
				}
				return res
			}
			res.Prompts++
			key := CacheKey{Engine: s.engineID, Voice: s.voice, Rate: rate, Text: text}
			ok, err := s.cache.Has(key)
			if err != nil {
				fail(err)
				continue
			}
			if ok {
				res.Cached++
				continue
			}
			if err := s.fg.wait(ctx); err != nil {
				if res.Err == nil {
					res.Err = err
				}
				return res
			}
			pcm, err := s.engine.Synthesize(ctx, Request{Text: text, Voice: s.voice, Rate: rate, Background: true})
			if err == nil {
				err = pcm.Validate()
			}
			if err == nil {
				err = s.cache.Put(key, pcm)
			}
			if err != nil {
				if ctx.Err() == nil {
					fail(err)
				}
				continue
			}
			res.Synthesized++
		}
	}
	if res.Failed > 0 {
		s.log.Warn("speech: warming the prompt cache", "err", res.Err, "failed", res.Failed, "prompts", res.Prompts)
	}
	return res
}

// uniqueTexts drops empty and repeated texts, keeping the first order.
func uniqueTexts(texts []string) []string {
	seen := make(map[string]bool, len(texts))
	out := make([]string, 0, len(texts))
	for _, t := range texts {
		if strings.TrimSpace(t) == "" || seen[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}
