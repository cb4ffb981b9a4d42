package speech_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"hallkiosk/speech"
)

// envKeepHome tells a helper subprocess to keep the HOME its parent gave
// it (with an .asoundrc of the parent's choosing).
const envKeepHome = "HALLKIOSK_SPEECH_TEST_KEEP_HOME"

// TestMain points ALSA's default PCM at the null device before any oto
// context exists: HOME becomes a temporary directory with an .asoundrc of
// `pcm.!default { type null }`, for this test process only. The real oto
// path then runs without a sound card (the null device takes audio at once).
func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if os.Getenv(envKeepHome) == "" {
		home, err := os.MkdirTemp("", "speech-test-home-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(home)
		if err := os.WriteFile(filepath.Join(home, ".asoundrc"), []byte("pcm.!default { type null }\n"), 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		os.Setenv("HOME", home)
	}
	return m.Run()
}

// player is the test process's one Player (one oto context per process).
var player = sync.OnceValues(func() (*speech.Player, error) {
	return speech.NewPlayer(context.Background(), speech.PlayerOptions{})
})

// testPlayer returns the process's Player on the ALSA null device.
func testPlayer(t testing.TB) *speech.Player {
	t.Helper()
	p, err := player()
	if err != nil {
		t.Fatalf("NewPlayer: %v", err)
	}
	return p
}

// testEspeak returns the real espeak-ng engine.
func testEspeak(t testing.TB) *speech.Espeak {
	t.Helper()
	e, err := speech.NewEspeak(context.Background(), speech.EspeakOptions{})
	if err != nil {
		t.Fatalf("%v (packaging/dev-deps.sh installs espeak-ng)", err)
	}
	return e
}

// deadline is a safety net for waits on goroutines: no test is timed, but
// none may hang.
func deadline(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30e9)
	t.Cleanup(cancel)
	return ctx
}
