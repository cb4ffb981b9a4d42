package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/app/config"
	"hallkiosk/speech"
)

// speechRun runs the command line with a configuration file in a
// temporary directory; edit changes the default configuration's text.
func speechRun(t *testing.T, edit func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	text := string(config.DefaultText())
	if edit != nil {
		text = edit(text)
	}
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	code = run(ctx, append([]string{"--config", cfg}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestSpeechSayOut(t *testing.T) {
	dir := t.TempDir()
	var lengths []time.Duration
	for _, rate := range []string{"normal", "slow"} {
		wav := filepath.Join(dir, rate+".wav")
		// flags after TEXT, as installers type them
		code, out, errOut := speechRun(t, nil, "speech", "say", "请把身份证放在感应区", "--out", wav, "--rate", rate)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if !strings.Contains(out, "wrote "+wav) || !strings.Contains(out, "rate "+rate) {
			t.Errorf("stdout %q", out)
		}
		b, err := os.ReadFile(wav)
		if err != nil {
			t.Fatal(err)
		}
		p, err := speech.ParseWAV(b)
		if err != nil {
			t.Fatalf("%s is not a valid WAV: %v", wav, err)
		}
		if p.Format != speech.DefaultFormat() || p.Duration() < 500*time.Millisecond {
			t.Errorf("%s: %s, %s", wav, p.Format, p.Duration())
		}
		lengths = append(lengths, p.Duration())
	}
	if lengths[1] <= lengths[0] {
		t.Errorf("slow %s not longer than normal %s", lengths[1], lengths[0])
	}

	// flags first, WAV on stdout
	code, out, errOut := speechRun(t, nil, "speech", "say", "--out", "-", "--", "-1 号窗口")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := speech.ParseWAV([]byte(out)); err != nil {
		t.Errorf("stdout is not a WAV: %v", err)
	}
}

func TestSpeechSayUsage(t *testing.T) {
	for _, args := range [][]string{
		{"speech"},
		{"speech", "sing"},
		{"speech", "say"},
		{"speech", "say", "   "},
		{"speech", "say", "你好", "--rate", "fast"},
		{"speech", "say", "你好", "--volume", "11"},
		{"speech", "say", "你好", "--bogus"},
		{"speech", "voices", "extra"},
	} {
		if code, _, _ := speechRun(t, nil, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestSpeechSayErrors(t *testing.T) {
	code, _, errOut := speechRun(t, nil, "speech", "say", "你好", "--voice", "nosuchvoice", "--out", filepath.Join(t.TempDir(), "x.wav"))
	if code != exitError || !strings.Contains(errOut, "speech voices") {
		t.Errorf("unknown voice: exit %d, %s", code, errOut)
	}
	t.Setenv("PATH", t.TempDir())
	code, _, errOut = speechRun(t, nil, "speech", "say", "你好", "--out", filepath.Join(t.TempDir(), "x.wav"))
	if code != exitError || !strings.Contains(errOut, "espeak-ng") || !strings.Contains(errOut, "install") {
		t.Errorf("no espeak-ng: exit %d, %s", code, errOut)
	}
}

func TestSpeechVoices(t *testing.T) {
	code, out, errOut := speechRun(t, nil, "speech", "voices")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "* cmn-latn-pinyin\t") {
		t.Errorf("configured voice not listed and marked:\n%s", out)
	}
	code, _, errOut = speechRun(t, func(s string) string {
		return strings.Replace(s, `voice = "cmn-latn-pinyin"`, `voice = "klingon"`, 1)
	}, "speech", "voices")
	if code != exitError || !strings.Contains(errOut, `"klingon"`) {
		t.Errorf("missing configured voice: exit %d, %s", code, errOut)
	}
}

// TestSpeechSayDevice runs `speech say` to the sound device in child
// processes (oto allows one audio context per process): with ALSA's
// default PCM on the null device it succeeds; pointed at a device that
// does not exist it fails with a clear message, without hanging.
func TestSpeechSayDevice(t *testing.T) {
	if os.Getenv("HALLKIOSK_SPEECH_CMD_CHILD") != "" {
		code, out, errOut := speechRun(t, nil, "speech", "say", "声音测试", "--volume", "3")
		t.Logf("exit=%d stdout=%q stderr=%q", code, out, errOut)
		return
	}
	for _, tc := range []struct {
		name, asoundrc, want string
	}{
		{"null device", "pcm.!default { type null }\n", `exit=0 stdout="spoke `},
		{"no device", "pcm.!default { type plug slave.pcm \"hallkiosk_no_such_device\" }\n", `exit=1 stdout="" stderr="hallkiosk: speech: no sound device: `},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			if err := os.WriteFile(filepath.Join(home, ".asoundrc"), []byte(tc.asoundrc), 0o600); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestSpeechSayDevice$", "-test.v")
			cmd.Env = append(os.Environ(), "HOME="+home, "HALLKIOSK_SPEECH_CMD_CHILD=1")
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(out), tc.want) {
				t.Fatalf("child: %v, want %q in:\n%s", err, tc.want, out)
			}
		})
	}
}
