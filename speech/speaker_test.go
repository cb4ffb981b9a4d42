package speech_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"hallkiosk/devices"
	"hallkiosk/speech"
	"hallkiosk/speech/speechtest"
)

func normal(text string) speech.Utterance { return speech.Utterance{Text: text} }

func warning(text string) speech.Utterance {
	return speech.Utterance{Text: text, Priority: speech.PriorityWarning}
}

// must fails the test on err.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// waitKind waits for the event of kind for text and fails the test when it
// does not come.
func waitKind(t *testing.T, h *speechtest.Harness, kind speech.EventKind, text string) speech.Event {
	t.Helper()
	e, err := h.Recorder.Wait(deadline(t), kind, text)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// waitDone waits until text ended and checks how.
func waitDone(t *testing.T, h *speechtest.Harness, text string, want speech.EventKind) {
	t.Helper()
	e, err := h.Recorder.WaitDone(deadline(t), text)
	if err != nil {
		t.Fatal(err)
	}
	if e.Kind != want {
		t.Fatalf("%q ended %s, want %s", text, e.Kind, want)
	}
}

// TestMessageInOrder: a screen's entry, said as one message, plays in order.
func TestMessageInOrder(t *testing.T) {
	h := speechtest.NewSpeaker(t, speechtest.Options{})
	parts := []string{"社保卡补办", "第2步，共4步", "请核对您的信息", "身份证号码，输入框"}
	var utts []speech.Utterance
	for _, p := range parts {
		utts = append(utts, normal(p))
	}
	must(t, h.Speaker.Say(context.Background(), utts...))
	waitDone(t, h, parts[3], speech.EventFinished)
	if got := h.Recorder.Finished(); !slices.Equal(got, parts) {
		t.Errorf("finished %q, want %q", got, parts)
	}
	if got := h.Recorder.Said(); !slices.Equal(got, parts) {
		t.Errorf("said %q, want %q", got, parts)
	}
}

// TestInterrupt: a key or touch stops the speech playing and what waits
// (EN 5.1.3.5); a new Say does the same.
func TestInterrupt(t *testing.T) {
	h := speechtest.NewSpeaker(t, speechtest.Options{Hold: true})
	sp := h.Speaker
	must(t, sp.Say(context.Background(), normal("首页"), normal("请把身份证放在感应区")))
	waitKind(t, h, speech.EventStarted, "首页")
	sp.Interrupt()
	waitDone(t, h, "首页", speech.EventInterrupted)
	waitDone(t, h, "请把身份证放在感应区", speech.EventInterrupted)

	must(t, sp.Say(context.Background(), normal("办事指南")))
	waitKind(t, h, speech.EventStarted, "办事指南")
	must(t, sp.Say(context.Background(), normal("返回")))
	waitDone(t, h, "办事指南", speech.EventInterrupted)
	waitKind(t, h, speech.EventStarted, "返回")
	h.Sink.Release()
	waitDone(t, h, "返回", speech.EventFinished)

	if got := h.Recorder.Spoken(); !slices.Equal(got, []string{"首页", "办事指南", "返回"}) {
		t.Errorf("spoken %q", got)
	}
}

// TestEnqueueDoesNotInterrupt: Enqueue waits its turn.
func TestEnqueueDoesNotInterrupt(t *testing.T) {
	h := speechtest.NewSpeaker(t, speechtest.Options{Hold: true})
	must(t, h.Speaker.Say(context.Background(), normal("正在提交")))
	waitKind(t, h, speech.EventStarted, "正在提交")
	must(t, h.Speaker.Enqueue(context.Background(), normal("提交成功")))
	h.Sink.Release()
	waitDone(t, h, "正在提交", speech.EventFinished)
	h.Sink.Release()
	waitDone(t, h, "提交成功", speech.EventFinished)
}

// TestWarningPriority: a timeout warning cuts normal speech, is not cut by
// normal speech or a touch, and normal speech said meanwhile follows it.
func TestWarningPriority(t *testing.T) {
	h := speechtest.NewSpeaker(t, speechtest.Options{Hold: true})
	sp := h.Speaker
	bg := context.Background()
	must(t, sp.Say(bg, normal("请选择办理的事项")))
	waitKind(t, h, speech.EventStarted, "请选择办理的事项")

	const warn = "您已很久没有操作，20秒后将结束办理，按任意键继续"
	must(t, sp.Say(bg, warning(warn)))
	waitDone(t, h, "请选择办理的事项", speech.EventInterrupted)
	waitKind(t, h, speech.EventStarted, warn)

	sp.Interrupt()                      // a touch
	must(t, sp.Say(bg, normal("继续办理"))) // new normal speech
	must(t, sp.Say(bg, normal("返回")))   // replaces 继续办理, still waits
	waitDone(t, h, "继续办理", speech.EventInterrupted)
	for _, e := range h.Recorder.Events() {
		if e.Utterance.Text == warn && e.Kind != speech.EventQueued && e.Kind != speech.EventStarted {
			t.Fatalf("the warning got %s", e.Kind)
		}
	}
	h.Sink.Release()
	waitDone(t, h, warn, speech.EventFinished)
	waitKind(t, h, speech.EventStarted, "返回")
	h.Sink.Release()
	waitDone(t, h, "返回", speech.EventFinished)

	// InterruptAll stops a warning that became moot.
	must(t, sp.Say(bg, warning("10秒后将结束办理")))
	waitKind(t, h, speech.EventStarted, "10秒后将结束办理")
	sp.InterruptAll()
	waitDone(t, h, "10秒后将结束办理", speech.EventInterrupted)

	if got := h.Recorder.Spoken(); !slices.Equal(got, []string{"请选择办理的事项", warn, "返回", "10秒后将结束办理"}) {
		t.Errorf("spoken %q", got)
	}
}

// TestRepeat: Repeat says the last message again, only that one.
func TestRepeat(t *testing.T) {
	h := speechtest.NewSpeaker(t, speechtest.Options{})
	sp := h.Speaker
	if sp.Repeat() {
		t.Error("Repeat with nothing said reported true")
	}
	must(t, sp.Say(context.Background(), normal("首页")))
	waitDone(t, h, "首页", speech.EventFinished)
	must(t, sp.Say(context.Background(), normal("身份证号码"), normal("输入框")))
	waitDone(t, h, "输入框", speech.EventFinished)
	h.Recorder.Reset()
	if !sp.Repeat() {
		t.Fatal("Repeat reported false")
	}
	waitDone(t, h, "输入框", speech.EventFinished)
	if got := h.Recorder.Spoken(); !slices.Equal(got, []string{"身份证号码", "输入框"}) {
		t.Errorf("repeat spoke %q, want the last message only", got)
	}
}

// TestVolumeAndRate: volume goes in clamped steps and reaches the sink as
// gain; the rate reaches the engine.
func TestVolumeAndRate(t *testing.T) {
	h := speechtest.NewSpeaker(t, speechtest.Options{})
	sp := h.Speaker
	if sp.Volume() != speech.DefaultVolume || sp.Rate() != speech.RateNormal {
		t.Fatalf("defaults: volume %d rate %s", sp.Volume(), sp.Rate())
	}
	for range 20 {
		sp.VolumeUp()
	}
	if v := sp.Volume(); v != speech.MaxVolume {
		t.Errorf("volume %d after 20 ups", v)
	}
	if v := sp.VolumeDown(); v != speech.MaxVolume-1 {
		t.Errorf("VolumeDown = %d", v)
	}
	if v := sp.SetVolume(-3); v != speech.MinVolume {
		t.Errorf("SetVolume(-3) = %d", v)
	}
	if r := sp.FasterRate(); r != speech.RateNormal {
		t.Errorf("FasterRate from normal = %s", r)
	}
	if r := sp.SlowerRate(); r != speech.RateSlow {
		t.Errorf("SlowerRate = %s", r)
	}
	if r := sp.SlowerRate(); r != speech.RateSlow {
		t.Errorf("SlowerRate from slow = %s", r)
	}
	must(t, sp.SetRate(speech.RateSlow))
	if err := sp.SetRate("fast"); err == nil {
		t.Error("SetRate(fast) accepted")
	}
	must(t, sp.Say(context.Background(), normal("音量1")))
	waitDone(t, h, "音量1", speech.EventFinished)
	played := h.Sink.Played()
	if g := played[len(played)-1].Gain; g != speech.Gain(speech.MinVolume) {
		t.Errorf("gain %v, want %v", g, speech.Gain(speech.MinVolume))
	}
	reqs := h.Engine.Requests()
	if r := reqs[len(reqs)-1]; r.Rate != speech.RateSlow || r.Voice != speech.DefaultVoice || r.Background {
		t.Errorf("request %+v", r)
	}
}

// TestResetForNewSession: the session wipe restores volume and rate,
// forgets what Repeat would say, and drops private speech, while public
// speech playing goes on.
func TestResetForNewSession(t *testing.T) {
	h := speechtest.NewSpeaker(t, speechtest.Options{Rate: speech.RateSlow, Volume: 4, Hold: true})
	sp := h.Speaker
	sp.SetVolume(9)
	must(t, sp.SetRate(speech.RateNormal))
	id := speech.Utterance{Text: speech.IDNumber("11010519491231002X"), Private: true}
	must(t, sp.Say(context.Background(), normal("请取回身份证"), id))
	waitKind(t, h, speech.EventStarted, "请取回身份证")

	sp.ResetForNewSession()
	if sp.Volume() != 4 || sp.Rate() != speech.RateSlow {
		t.Errorf("after reset: volume %d rate %s, want 4 slow", sp.Volume(), sp.Rate())
	}
	waitDone(t, h, id.Text, speech.EventInterrupted)
	h.Sink.Release()
	waitDone(t, h, "请取回身份证", speech.EventFinished)
	if sp.Repeat() {
		t.Error("Repeat after a reset had something to say")
	}
	for _, text := range h.Recorder.Spoken() {
		if text == id.Text {
			t.Error("private text spoken after the session ended")
		}
	}
}

// TestCallerContext: an utterance whose context ended is not spoken.
func TestCallerContext(t *testing.T) {
	h := speechtest.NewSpeaker(t, speechtest.Options{Hold: true})
	ctx, cancel := context.WithCancel(context.Background())
	must(t, h.Speaker.Say(ctx, normal("一"), normal("二")))
	waitKind(t, h, speech.EventStarted, "一")
	cancel()
	waitDone(t, h, "一", speech.EventInterrupted)
	waitDone(t, h, "二", speech.EventInterrupted)
}

// TestNoDeviceRunsOn: without a sound device every utterance fails fast
// with ErrNoDevice, the queue goes on, and Status says no_device.
func TestNoDeviceRunsOn(t *testing.T) {
	h := speechtest.NewSpeaker(t, speechtest.Options{})
	h.Sink.SetNoDevice()
	must(t, h.Speaker.Say(context.Background(), normal("一"), normal("二")))
	waitDone(t, h, "二", speech.EventFailed)
	e := waitKind(t, h, speech.EventFailed, "一")
	if !errors.Is(e.Err, speech.ErrNoDevice) {
		t.Errorf("err %v", e.Err)
	}
	if st := h.Speaker.Status(); st.State != devices.NoDevice {
		t.Errorf("status %s", st)
	}
}

// TestPrivateNeverLogged: failures are logged without the text.
func TestPrivateNeverLogged(t *testing.T) {
	var logs bytes.Buffer
	eng := speechtest.NewEngine()
	eng.SetError(errors.New("engine broke"))
	rec := speechtest.NewRecorder()
	sp, err := speech.NewSpeaker(context.Background(), speech.Options{
		Engine: eng, Sink: speechtest.NewSink(), OnEvent: rec.Observe,
		Log: slog.New(slog.NewJSONHandler(&logs, nil)),
	})
	must(t, err)
	defer sp.Close()
	const name, id = "张三丰", "11010519491231002X"
	must(t, sp.Say(context.Background(), speech.Utterance{Text: name, Private: true}, speech.Utterance{Text: speech.IDNumber(id), Private: true}))
	if _, err := rec.Wait(deadline(t), speech.EventFailed, speech.IDNumber(id)); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	if !strings.Contains(out, "engine broke") {
		t.Errorf("failure not logged: %s", out)
	}
	if strings.Contains(out, name) || strings.Contains(out, speech.IDNumber(id)) || strings.Contains(out, "一 一 零") {
		t.Errorf("log carries private text: %s", out)
	}
	if n := strings.Count(out, "\n"); n != 1 {
		t.Errorf("%d log lines for one repeated failure, want 1", n)
	}
	for _, e := range rec.Events() {
		if strings.Contains(e.String(), name) {
			t.Errorf("Event.String shows private text: %s", e)
		}
	}
}

func TestSpeakerLifecycle(t *testing.T) {
	if _, err := speech.NewSpeaker(context.Background(), speech.Options{}); err == nil {
		t.Error("NewSpeaker without engine and sink")
	}
	if _, err := speech.NewSpeaker(context.Background(), speech.Options{Engine: speechtest.NewEngine(), Sink: speechtest.NewSink(), Volume: 11}); err == nil {
		t.Error("NewSpeaker with volume 11")
	}
	h := speechtest.NewSpeaker(t, speechtest.Options{Hold: true})
	must(t, h.Speaker.Say(context.Background(), normal("一")))
	waitKind(t, h, speech.EventStarted, "一")
	must(t, h.Speaker.Enqueue(context.Background(), normal("等待中")))
	must(t, h.Speaker.Close()) // stops the held sound and the goroutine
	must(t, h.Speaker.Close())
	for _, text := range []string{"一", "等待中"} {
		if e, err := h.Recorder.WaitDone(deadline(t), text); err != nil || e.Kind != speech.EventInterrupted {
			t.Errorf("%q after Close: %v %v", text, e, err)
		}
	}
	if err := h.Speaker.Say(context.Background(), normal("二")); !errors.Is(err, speech.ErrClosed) {
		t.Errorf("Say after Close: %v", err)
	}
	if r := <-h.Speaker.Warm(context.Background(), []string{"三"}); !errors.Is(r.Err, speech.ErrClosed) {
		t.Errorf("Warm after Close: %+v", r)
	}
	if err := h.Speaker.Say(context.Background(), normal("  ")); err != nil {
		t.Errorf("empty Say: %v", err)
	}
}
