package speech_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"hallkiosk/devices"
	"hallkiosk/speech"
	"hallkiosk/speech/speechtest"
)

// TestPlayerNullDevice plays a real espeak-ng prompt through the real oto
// path into the ALSA null device (see TestMain).
func TestPlayerNullDevice(t *testing.T) {
	p := testPlayer(t)
	if st := p.Status(); st.State != devices.Online {
		t.Fatalf("status %s; is TestMain's .asoundrc in effect?", st)
	}
	ctx := deadline(t)
	pcm, err := testEspeak(t).Synthesize(ctx, speech.Request{Text: "请把身份证放在感应区", Voice: speech.DefaultVoice})
	must(t, err)
	must(t, p.Play(ctx, pcm, speech.Gain(speech.DefaultVolume)))

	// Other formats are converted; silence of no length is fine.
	must(t, p.Play(ctx, speech.PCM{Format: speech.Format{SampleRate: 44100, Channels: 2}, Data: make([]byte, 4410*4)}, 1))
	must(t, p.Play(ctx, speech.PCM{Format: speech.DefaultFormat()}, 1))
	if err := p.Play(ctx, speech.PCM{Format: speech.Format{SampleRate: 1, Channels: 9}}, 1); err == nil {
		t.Error("played an impossible format")
	}

	// A cancelled context stops playback at once.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := p.Play(cctx, speechtest.Silence(60_000), 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled play: %v", err)
	}
}

// TestPlayerOnePerProcess: oto/v2 supports one context per process.
func TestPlayerOnePerProcess(t *testing.T) {
	testPlayer(t)
	if _, err := speech.NewPlayer(context.Background(), speech.PlayerOptions{}); !errors.Is(err, speech.ErrSecondPlayer) {
		t.Errorf("second NewPlayer: %v", err)
	}
}

// TestSpeakerRealPath: espeak-ng, the disk cache, the queue and oto
// together.
func TestSpeakerRealPath(t *testing.T) {
	ctx := deadline(t)
	cache, err := speech.OpenCache(t.TempDir())
	must(t, err)
	rec := speechtest.NewRecorder()
	sp, err := speech.NewSpeaker(ctx, speech.Options{Engine: testEspeak(t), Sink: testPlayer(t), Cache: cache, OnEvent: rec.Observe})
	must(t, err)
	defer sp.Close()
	must(t, sp.Say(ctx, normal("欢迎使用"), speech.Utterance{Text: speech.Phone("13812345678"), Private: true}))
	e, err := rec.WaitDone(ctx, speech.Phone("13812345678"))
	must(t, err)
	if e.Kind != speech.EventFinished {
		t.Fatalf("%s", e)
	}
	if got := rec.Finished(); len(got) != 2 {
		t.Errorf("finished %q", got)
	}
	if st := sp.Status(); st.State != devices.Online {
		t.Errorf("status %s", st)
	}
}

// TestPlayerNoDevice runs noDeviceHelper in a child process whose ALSA
// default PCM points at a device that does not exist — the state of a
// kiosk PC without a sound card — and checks it passed. The child runs
// under a deadline, so the oto hang this guards against fails the test
// instead of stalling it.
func TestPlayerNoDevice(t *testing.T) {
	if os.Getenv(envKeepHome) != "" {
		noDeviceHelper(t)
		return
	}
	home := t.TempDir()
	asoundrc := "pcm.!default { type plug slave.pcm \"hallkiosk_no_such_device\" }\n"
	must(t, os.WriteFile(filepath.Join(home, ".asoundrc"), []byte(asoundrc), 0o600))
	cmd := exec.CommandContext(deadline(t), os.Args[0], "-test.run=^TestPlayerNoDevice$", "-test.v")
	cmd.Env = append(os.Environ(), "HOME="+home, envKeepHome+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestPlayerNoDevice") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}

// noDeviceHelper is the child's side of TestPlayerNoDevice.
func noDeviceHelper(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	ctx := deadline(t)
	p, err := speech.NewPlayer(ctx, speech.PlayerOptions{Log: log})
	must(t, err)
	st := p.Status()
	if st.State != devices.NoDevice || !strings.Contains(st.Detail, "snd_pcm_open") {
		t.Fatalf("status %s, want no_device with the ALSA error", st)
	}
	for range 3 {
		if err := p.Play(ctx, speechtest.Silence(500), 1); !errors.Is(err, speech.ErrNoDevice) {
			t.Fatalf("Play without device: %v", err)
		}
	}

	// The kiosk runs on: the queue reports the failure and continues.
	rec := speechtest.NewRecorder()
	sp, err := speech.NewSpeaker(ctx, speech.Options{Engine: speechtest.NewEngine(), Sink: p, Log: log, OnEvent: rec.Observe})
	must(t, err)
	defer sp.Close()
	must(t, sp.Say(ctx, normal("一"), normal("二")))
	e, err := rec.WaitDone(ctx, "二")
	must(t, err)
	if !errors.Is(e.Err, speech.ErrNoDevice) {
		t.Errorf("utterance ended %s", e)
	}
	if st := sp.Status(); st.State != devices.NoDevice {
		t.Errorf("speaker status %s", st)
	}
	if n := strings.Count(logs.String(), "\n"); n != 1 || !strings.Contains(logs.String(), "no usable sound device") {
		t.Errorf("want exactly one clear warning, got:\n%s", logs.String())
	}
}
