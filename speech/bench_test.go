package speech_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"hallkiosk/speech"
	"hallkiosk/speech/speechtest"
)

// handOverSink marks the moment the Speaker hands PCM to the real Player,
// then plays it into the ALSA null device.
type handOverSink struct {
	inner  speech.Sink
	handed chan time.Time
}

func (s *handOverSink) Play(ctx context.Context, pcm speech.PCM, gain float64) error {
	s.handed <- time.Now()
	return s.inner.Play(ctx, pcm, gain)
}

// screenBench is a Speaker on real espeak-ng, a disk cache and the real
// oto Player, as the kiosk runs it.
type screenBench struct {
	sp    *speech.Speaker
	sink  *handOverSink
	rec   *speechtest.Recorder
	lat   []time.Duration
	cache *speech.Cache
}

func newScreenBench(b *testing.B) *screenBench {
	b.Helper()
	cache, err := speech.OpenCache(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	sb := &screenBench{
		sink:  &handOverSink{inner: testPlayer(b), handed: make(chan time.Time, 1)},
		rec:   speechtest.NewRecorder(),
		cache: cache,
	}
	sb.sp, err = speech.NewSpeaker(context.Background(), speech.Options{
		Engine: testEspeak(b), Sink: sb.sink, Cache: cache, OnEvent: sb.rec.Observe,
	})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sb.sp.Close() })
	return sb
}

// change is one screen change: Say the screen's entry, note the time
// until its first PCM is handed to oto (the figure that matters, reported
// as ms-median and ms-max), then let the message play out into the null
// device (part of ns/op, which is therefore the whole cycle).
func (sb *screenBench) change(b *testing.B, msg []speech.Utterance) {
	start := time.Now()
	if err := sb.sp.Say(context.Background(), msg...); err != nil {
		b.Fatal(err)
	}
	handed := <-sb.sink.handed
	sb.lat = append(sb.lat, handed.Sub(start))
	for range msg[1:] {
		<-sb.sink.handed
	}
	if _, err := sb.rec.WaitDone(context.Background(), msg[len(msg)-1].Text); err != nil {
		b.Fatal(err)
	}
	sb.rec.Reset()
}

// report adds the median and worst first-frame latency.
func (sb *screenBench) report(b *testing.B) {
	if len(sb.lat) == 0 {
		return
	}
	sort.Slice(sb.lat, func(i, j int) bool { return sb.lat[i] < sb.lat[j] })
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(sb.lat[len(sb.lat)/2]), "ms-median")
	b.ReportMetric(ms(sb.lat[len(sb.lat)*99/100]), "ms-p99")
	b.ReportMetric(ms(sb.lat[len(sb.lat)-1]), "ms-max")
}

// homeEntry is what the home screen says on entry.
func homeEntry() []speech.Utterance {
	return []speech.Utterance{
		{Text: "首页"},
		{Text: "欢迎使用政务服务自助终端，请把身份证放在下方的感应区，或者选择要办理的事项"},
		{Text: "社保卡补办，按钮，第1项，共12项"},
	}
}

// BenchmarkScreenChangeCached: screen change → first PCM frame handed to
// oto, the prompts in the disk cache. Target ≤ 30 ms.
func BenchmarkScreenChangeCached(b *testing.B) {
	sb := newScreenBench(b)
	msg := homeEntry()
	texts := make([]string, len(msg))
	for i, u := range msg {
		texts[i] = u.Text
	}
	if r := <-sb.sp.Warm(context.Background(), texts); r.Err != nil {
		b.Fatal(r.Err)
	}
	for b.Loop() {
		sb.change(b, msg)
	}
	sb.report(b)
}

// BenchmarkScreenChangeUncached: the same with a prompt never said before,
// so espeak-ng runs first. Target ≤ 200 ms.
func BenchmarkScreenChangeUncached(b *testing.B) {
	sb := newScreenBench(b)
	i := 0
	for b.Loop() {
		i++
		sb.change(b, []speech.Utterance{{Text: fmt.Sprintf("请到%s号窗口办理，社保卡补办需要身份证原件", speech.Digits(fmt.Sprint(i)))}})
	}
	sb.report(b)
}

// BenchmarkScreenChangeWhileWarming: the home screen's first frame while
// Warm synthesizes 400 other prompts in the background (at start-up).
// Warm itself returns in microseconds (reported as warm-µs).
func BenchmarkScreenChangeWhileWarming(b *testing.B) {
	for _, cached := range []bool{true, false} {
		b.Run(fmt.Sprintf("cached=%v", cached), func(b *testing.B) {
			sb := newScreenBench(b)
			msg := homeEntry()
			if cached {
				for _, u := range msg {
					if r := <-sb.sp.Warm(context.Background(), []string{u.Text}); r.Err != nil {
						b.Fatal(r.Err)
					}
				}
			}
			prompts := make([]string, 400)
			for i := range prompts {
				prompts[i] = fmt.Sprintf("第%d项，%s", i, "办事指南，按钮，请双击进入")
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			t0 := time.Now()
			done := sb.sp.Warm(ctx, prompts)
			warmCall := time.Since(t0)
			i := 0
			for b.Loop() {
				i++
				m := msg
				if !cached {
					m = []speech.Utterance{{Text: fmt.Sprintf("首页，%s", speech.Digits(fmt.Sprint(i)))}}
				}
				sb.change(b, m)
			}
			b.StopTimer()
			select {
			case r := <-done:
				b.Logf("warming had finished during the benchmark: %+v", r)
			default:
			}
			b.ReportMetric(float64(warmCall)/float64(time.Microsecond), "warm-µs")
			sb.report(b)
		})
	}
}

// BenchmarkPlayerHandOver: the cost inside Player.Play of handing a
// prompt to oto (new oto player, first 0.5 s buffered, paused, closed).
func BenchmarkPlayerHandOver(b *testing.B) {
	p := testPlayer(b)
	pcm := speechtest.Silence(3000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for b.Loop() {
		if err := p.Play(ctx, pcm, 0.5); err != context.Canceled {
			b.Fatal(err)
		}
	}
}
