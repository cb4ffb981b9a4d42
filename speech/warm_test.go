package speech_test

import (
	"context"
	"errors"
	"testing"

	"hallkiosk/speech"
	"hallkiosk/speech/speechtest"
)

// gatedEngine blocks every background synthesis until released.
type gatedEngine struct {
	*speechtest.Engine
	release chan struct{}
	entered chan struct{}
}

func (g *gatedEngine) Synthesize(ctx context.Context, req speech.Request) (speech.PCM, error) {
	if req.Background {
		g.entered <- struct{}{}
		select {
		case <-g.release:
		case <-ctx.Done():
			return speech.PCM{}, ctx.Err()
		}
	}
	return g.Engine.Synthesize(ctx, req)
}

// TestWarmInBackground: Warm returns while its synthesis is still blocked,
// speech said meanwhile plays, and the result counts every prompt at both
// rates; a second Warm finds them all cached.
func TestWarmInBackground(t *testing.T) {
	ctx := deadline(t)
	cache, err := speech.OpenCache(t.TempDir())
	must(t, err)
	eng := &gatedEngine{Engine: speechtest.NewEngine(), release: make(chan struct{}), entered: make(chan struct{}, 100)}
	rec := speechtest.NewRecorder()
	sp, err := speech.NewSpeaker(ctx, speech.Options{Engine: eng, Sink: speechtest.NewSink(), Cache: cache, OnEvent: rec.Observe})
	must(t, err)
	defer sp.Close()

	prompts := []string{"首页", "办事指南", "返回", "首页", ""}
	done := sp.Warm(ctx, prompts) // returns although the engine is blocked
	select {
	case <-eng.entered:
	case <-ctx.Done():
		t.Fatal("warming never started")
	}

	// Navigation does not wait for warming.
	must(t, sp.Say(ctx, normal("请把身份证放在感应区")))
	if _, err := rec.Wait(ctx, speech.EventFinished, "请把身份证放在感应区"); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		t.Fatalf("warming finished while its engine was blocked: %+v", r)
	default:
	}

	close(eng.release)
	var r speech.WarmResult
	select {
	case r = <-done:
	case <-ctx.Done():
		t.Fatal("warming never finished")
	}
	if r.Err != nil || r.Prompts != 6 || r.Synthesized != 6 || r.Cached != 0 {
		t.Errorf("first warm %+v, want 3 prompts × 2 rates synthesized", r)
	}
	var slow int
	for _, req := range eng.Requests() {
		if !req.Background && req.Text != "请把身份证放在感应区" {
			t.Errorf("warm request not in background: %+v", req)
		}
		if req.Rate == speech.RateSlow {
			slow++
		}
	}
	if slow != 3 {
		t.Errorf("%d slow-rate syntheses, want 3", slow)
	}

	if r := <-sp.Warm(ctx, prompts); r.Cached != 6 || r.Synthesized != 0 {
		t.Errorf("second warm %+v, want all cached", r)
	}
	// Warmed prompts are played from the cache.
	n := eng.Count()
	must(t, sp.Say(ctx, normal("办事指南")))
	if _, err := rec.Wait(ctx, speech.EventFinished, "办事指南"); err != nil {
		t.Fatal(err)
	}
	if eng.Count() != n {
		t.Error("a warmed prompt was synthesized again")
	}
}

// TestWarmStops: Close stops warming and reports why.
func TestWarmStops(t *testing.T) {
	cache, err := speech.OpenCache(t.TempDir())
	must(t, err)
	eng := &gatedEngine{Engine: speechtest.NewEngine(), release: make(chan struct{}), entered: make(chan struct{}, 100)}
	sp, err := speech.NewSpeaker(context.Background(), speech.Options{Engine: eng, Sink: speechtest.NewSink(), Cache: cache})
	must(t, err)
	done := sp.Warm(context.Background(), []string{"一", "二"})
	<-eng.entered
	must(t, sp.Close())
	if r := <-done; !errors.Is(r.Err, context.Canceled) {
		t.Errorf("warm after Close: %+v", r)
	}
}
