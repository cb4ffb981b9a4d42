package speech_test

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/speech"
)

// TestEspeakPCM runs the real espeak-ng and checks its WAV became PCM of
// the expected format holding actual speech.
func TestEspeakPCM(t *testing.T) {
	e := testEspeak(t)
	if !strings.HasPrefix(e.ID(), "espeak-ng ") || e.Version() == "unknown" {
		t.Errorf("ID = %q, Version = %q", e.ID(), e.Version())
	}
	ctx := deadline(t)
	const text = "请把身份证放在感应区"
	normal, err := e.Synthesize(ctx, speech.Request{Text: text, Voice: speech.DefaultVoice, Rate: speech.RateNormal})
	if err != nil {
		t.Fatal(err)
	}
	if normal.Format != speech.DefaultFormat() {
		t.Errorf("format %s, want %s", normal.Format, speech.DefaultFormat())
	}
	if err := normal.Validate(); err != nil {
		t.Fatal(err)
	}
	if d := normal.Duration(); d < 500*time.Millisecond || d > 10*time.Second {
		t.Errorf("10 syllables last %s", d)
	}
	peak := 0
	for i := 0; i+1 < len(normal.Data); i += 2 {
		peak = max(peak, abs(int(int16(binary.LittleEndian.Uint16(normal.Data[i:])))))
	}
	if peak < 1000 {
		t.Errorf("peak amplitude %d: silence, not speech", peak)
	}
	slow, err := e.Synthesize(ctx, speech.Request{Text: text, Voice: speech.DefaultVoice, Rate: speech.RateSlow, Background: true})
	if err != nil {
		t.Fatal(err)
	}
	if slow.Duration() <= normal.Duration() {
		t.Errorf("slow %s is not longer than normal %s", slow.Duration(), normal.Duration())
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// TestEspeakTextNotAnOption: text goes on stdin, so text that looks like an
// option is spoken, not obeyed.
func TestEspeakTextNotAnOption(t *testing.T) {
	e := testEspeak(t)
	p, err := e.Synthesize(deadline(t), speech.Request{Text: "--help", Voice: speech.DefaultVoice})
	if err != nil {
		t.Fatal(err)
	}
	if p.Frames() == 0 {
		t.Error("no audio")
	}
}

func TestEspeakErrors(t *testing.T) {
	ctx := deadline(t)
	_, err := speech.NewEspeak(ctx, speech.EspeakOptions{Path: filepath.Join(t.TempDir(), "espeak-ng")})
	if !errors.Is(err, speech.ErrEngineMissing) || !strings.Contains(err.Error(), "install the Debian package espeak-ng") {
		t.Errorf("missing program: %v", err)
	}
	if _, err := speech.NewEspeak(ctx, speech.EspeakOptions{NormalWPM: 5}); err == nil {
		t.Error("accepted 5 wpm")
	}

	e := testEspeak(t)
	const secret = "11010519491231002X"
	for _, voice := range []string{"nosuchvoice", "-w/tmp/x"} {
		_, err = e.Synthesize(ctx, speech.Request{Text: secret, Voice: voice})
		if !errors.Is(err, speech.ErrUnknownVoice) {
			t.Errorf("voice %q: %v, want ErrUnknownVoice", voice, err)
		}
		if err != nil && strings.Contains(err.Error(), secret) {
			t.Errorf("error repeats the text: %v", err)
		}
	}
}

// TestEspeakBadOutput: a program that writes no WAV gives a clear error.
func TestEspeakBadOutput(t *testing.T) {
	fake := filepath.Join(t.TempDir(), "espeak-ng")
	script := "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'eSpeak NG text-to-speech: 9.99  Data at: /x'; exit 0; fi\necho garbage\n"
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	e, err := speech.NewEspeak(context.Background(), speech.EspeakOptions{Path: fake})
	if err != nil {
		t.Fatal(err)
	}
	if e.Version() != "9.99" {
		t.Errorf("version %q", e.Version())
	}
	_, err = e.Synthesize(deadline(t), speech.Request{Text: "你好", Voice: speech.DefaultVoice})
	if !errors.Is(err, speech.ErrBadWAV) || !strings.Contains(err.Error(), "espeak-ng output") {
		t.Errorf("garbage output: %v", err)
	}
}

func TestEspeakVoices(t *testing.T) {
	voices, err := testEspeak(t).Voices(deadline(t))
	if err != nil {
		t.Fatal(err)
	}
	var found *speech.Voice
	for i, v := range voices {
		if v.Name == speech.DefaultVoice {
			found = &voices[i]
		}
	}
	if found == nil {
		t.Fatalf("%d voices, none is %s", len(voices), speech.DefaultVoice)
	}
	if !strings.Contains(found.Description, "Mandarin") || !contains(found.Languages, "zh-cmn") {
		t.Errorf("%s = %+v", speech.DefaultVoice, *found)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
