package speech

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os/exec"
	"strconv"
	"strings"
)

// EspeakOptions configures the espeak-ng engine. The zero value is usable.
type EspeakOptions struct {
	// Path is the espeak-ng program; empty means "espeak-ng" found in PATH.
	Path string
	// NormalWPM and SlowWPM are the speeds, in espeak-ng's words per
	// minute, of the two rate presets; zero means 160 and 115.
	NormalWPM, SlowWPM int
}

// Default speeds of the rate presets in espeak-ng words per minute
// (espeak-ng's own default is 175).
const (
	DefaultNormalWPM = 160
	DefaultSlowWPM   = 115
)

// Espeak is the default Engine: the espeak-ng command line, text on stdin,
// a WAV on stdout parsed into PCM (22050 Hz mono).
type Espeak struct {
	path    string
	version string
	wpm     map[Rate]int
}

var (
	_ Engine      = (*Espeak)(nil)
	_ VoiceLister = (*Espeak)(nil)
)

// NewEspeak finds espeak-ng and asks it for its version. It returns an
// error wrapping ErrEngineMissing when the program is not installed.
func NewEspeak(ctx context.Context, opts EspeakOptions) (*Espeak, error) {
	name := opts.Path
	if name == "" {
		name = "espeak-ng"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return nil, fmt.Errorf("speech: espeak-ng: %s not found (install the Debian package espeak-ng): %w", name, ErrEngineMissing)
	}
	e := &Espeak{path: path, wpm: map[Rate]int{RateNormal: DefaultNormalWPM, RateSlow: DefaultSlowWPM}}
	if opts.NormalWPM != 0 {
		e.wpm[RateNormal] = opts.NormalWPM
	}
	if opts.SlowWPM != 0 {
		e.wpm[RateSlow] = opts.SlowWPM
	}
	for r, w := range e.wpm {
		if w < 80 || w > 450 {
			return nil, fmt.Errorf("speech: espeak-ng: %s rate %d wpm is out of espeak-ng's range [80, 450]", r, w)
		}
	}
	out, err := e.run(ctx, nil, "--version")
	if err != nil {
		return nil, err
	}
	e.version = parseEspeakVersion(out)
	return e, nil
}

// parseEspeakVersion takes "1.51" from "eSpeak NG text-to-speech: 1.51  Data at: …".
func parseEspeakVersion(out []byte) string {
	s := string(out)
	if _, after, ok := strings.Cut(s, ":"); ok {
		if f := strings.Fields(after); len(f) > 0 {
			return f[0]
		}
	}
	return "unknown"
}

// ID names the program, its version and the preset speeds.
func (e *Espeak) ID() string {
	return fmt.Sprintf("espeak-ng %s normal=%dwpm slow=%dwpm", e.version, e.wpm[RateNormal], e.wpm[RateSlow])
}

// Version is espeak-ng's version, e.g. "1.51".
func (e *Espeak) Version() string { return e.version }

// Synthesize runs espeak-ng with the voice and the rate's speed and parses
// the WAV it writes to stdout. The text goes on stdin, so it never appears
// in a process list or an error.
func (e *Espeak) Synthesize(ctx context.Context, req Request) (PCM, error) {
	if err := checkVoiceName(req.Voice); err != nil {
		return PCM{}, err
	}
	rate := req.Rate
	if rate == "" {
		rate = RateNormal
	}
	wpm, ok := e.wpm[rate]
	if !ok {
		return PCM{}, fmt.Errorf("speech: espeak-ng: unknown rate %q", rate)
	}
	out, err := e.runText(ctx, req, "-b", "1", "-v", req.Voice, "-s", strconv.Itoa(wpm), "--stdin", "--stdout")
	if err != nil {
		return PCM{}, err
	}
	pcm, err := ParseWAV(out)
	if err != nil {
		return PCM{}, fmt.Errorf("speech: espeak-ng output: %w", err)
	}
	return pcm, nil
}

// runText runs espeak-ng with req.Text on stdin, at low priority when the
// request is a background one.
func (e *Espeak) runText(ctx context.Context, req Request, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, e.path, args...)
	cmd.Stdin = strings.NewReader(req.Text)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &limitedBuffer{max: 512, buf: &stderr}
	if err := cmd.Start(); err != nil {
		return nil, startError(e.path, err)
	}
	if req.Background {
		lowerPriority(cmd.Process.Pid)
	}
	if err := cmd.Wait(); err != nil {
		return nil, e.exitError(ctx, req.Voice, err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// run runs espeak-ng with args and returns its stdout.
func (e *Espeak) run(ctx context.Context, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, e.path, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &limitedBuffer{max: 512, buf: &stderr}
	if err := cmd.Start(); err != nil {
		return nil, startError(e.path, err)
	}
	if err := cmd.Wait(); err != nil {
		return nil, e.exitError(ctx, "", err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// exitError explains a failed run without repeating the text spoken.
func (e *Espeak) exitError(ctx context.Context, voice string, err error, stderr string) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("speech: espeak-ng: %w", ctxErr)
	}
	msg := strings.TrimSpace(stderr)
	if strings.Contains(msg, "voice does not exist") {
		return fmt.Errorf("speech: espeak-ng: voice %q (see `hallkiosk speech voices`): %w", voice, ErrUnknownVoice)
	}
	if msg == "" {
		return fmt.Errorf("speech: espeak-ng: %w", err)
	}
	return fmt.Errorf("speech: espeak-ng: %w: %s", err, firstLine(msg))
}

// startError explains why espeak-ng did not start.
func startError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, exec.ErrNotFound) {
		return fmt.Errorf("speech: espeak-ng: %s (install the Debian package espeak-ng): %w", path, ErrEngineMissing)
	}
	return fmt.Errorf("speech: espeak-ng: start %s: %w", path, err)
}

// checkVoiceName refuses empty names and names that espeak-ng would take
// for an option.
func checkVoiceName(v string) error {
	if v == "" {
		return fmt.Errorf("speech: espeak-ng: no voice given")
	}
	if strings.HasPrefix(v, "-") || strings.ContainsAny(v, " \t\n\x00") {
		return fmt.Errorf("speech: espeak-ng: voice %q: %w", v, ErrUnknownVoice)
	}
	return nil
}

// firstLine returns the first line of s.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// limitedBuffer keeps the first max bytes written to it and drops the rest.
type limitedBuffer struct {
	max int
	buf *bytes.Buffer
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.buf.Len(); room > 0 {
		if len(p) > room {
			l.buf.Write(p[:room])
		} else {
			l.buf.Write(p)
		}
	}
	return len(p), nil
}
