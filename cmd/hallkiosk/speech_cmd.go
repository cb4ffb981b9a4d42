package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"hallkiosk/devices"
	"hallkiosk/speech"
)

const speechUsage = `usage: hallkiosk speech say TEXT [--out FILE.wav] [--rate normal|slow] [--voice V] [--volume 1-10]
       hallkiosk speech voices`

// cmdSpeech runs `hallkiosk speech say` and `hallkiosk speech voices`,
// which installers use to check the voice output: say speaks TEXT with the
// configured engine and voice on the sound device (or writes it to a WAV
// file with --out; "-" is stdout), voices lists the engine's voices and
// fails when the configured one is missing. Exit 0 ok, 1 error (no engine,
// no sound device, unknown voice), 2 usage.
func cmdSpeech(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, speechUsage)
		return exitUsage
	}
	switch args[0] {
	case "say":
		return speechSay(ctx, e, args[1:])
	case "voices":
		return speechVoices(ctx, e, args[1:])
	case "help", "-h", "--help":
		fmt.Fprintln(e.stdout, speechUsage)
		return exitOK
	}
	fmt.Fprintf(e.stderr, "hallkiosk speech: unknown subcommand %q\n%s\n", args[0], speechUsage)
	return exitUsage
}

// parseInterleaved parses flags that may come before or after the
// positional arguments ("say TEXT --out F" as well as "say --out F TEXT")
// and returns the positional ones; "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func speechSay(ctx context.Context, e *env, args []string) int {
	fs := e.flags("speech say")
	out := fs.String("out", "", "write a WAV file instead of playing (\"-\": stdout)")
	rateFlag := fs.String("rate", "", "normal or slow (default: config speech.rate)")
	voiceFlag := fs.String("voice", "", "engine voice (default: config speech.voice)")
	volume := fs.Int("volume", 0, "volume step 1-10 (default: config speech.volume)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	text := strings.TrimSpace(strings.Join(pos, " "))
	if text == "" {
		fmt.Fprintf(e.stderr, "hallkiosk: speech say: no TEXT given\n%s\n", speechUsage)
		return exitUsage
	}
	c, err := e.config()
	if err != nil {
		return e.configError(err)
	}
	rate, err := speech.ParseRate(c.Speech.Rate)
	if *rateFlag != "" {
		rate, err = speech.ParseRate(*rateFlag)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "hallkiosk: %v\n", err)
		return exitUsage
	}
	voice := c.Speech.Voice
	if *voiceFlag != "" {
		voice = *voiceFlag
	}
	step := c.Speech.Volume
	if *volume != 0 {
		step = *volume
	}
	if step < speech.MinVolume || step > speech.MaxVolume {
		fmt.Fprintf(e.stderr, "hallkiosk: speech say: --volume %d is out of range [1, 10]\n", step)
		return exitUsage
	}

	eng, err := newSpeechEngine(ctx, c.Speech.Engine)
	if err != nil {
		return e.fail("%v", err)
	}
	pcm, err := eng.Synthesize(ctx, speech.Request{Text: text, Voice: voice, Rate: rate})
	if err != nil {
		return e.fail("%v", err)
	}

	if *out != "" {
		if err := writeWAV(*out, pcm, e); err != nil {
			return e.fail("%v", err)
		}
		if *out != "-" {
			fmt.Fprintf(e.stdout, "wrote %s: %.1f s, %s, voice %s, rate %s\n", *out, pcm.Duration().Seconds(), pcm.Format, voice, rate)
		}
		return exitOK
	}

	player, err := speech.NewPlayer(ctx, speech.PlayerOptions{})
	if err != nil {
		return e.fail("%v", err)
	}
	defer player.Close()
	if st := player.Status(); st.State != devices.Online {
		return e.fail("speech: no sound device: %s", st.Detail)
	}
	if err := player.Play(ctx, pcm, speech.Gain(step)); err != nil {
		return e.fail("%v", err)
	}
	fmt.Fprintf(e.stdout, "spoke %.1f s on the default sound device: voice %s, rate %s, volume %d\n", pcm.Duration().Seconds(), voice, rate, step)
	return exitOK
}

// writeWAV writes pcm to path ("-": stdout), through a temporary file so
// a failed write leaves no half file.
func writeWAV(path string, pcm speech.PCM, e *env) error {
	b, err := speech.EncodeWAV(pcm)
	if err != nil {
		return err
	}
	if path == "-" {
		_, err := e.stdout.Write(b)
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".speech-*.wav")
	if err != nil {
		return fmt.Errorf("speech: write %s: %w", path, err)
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("speech: write %s: %w", path, err)
	}
	return nil
}

func speechVoices(ctx context.Context, e *env, args []string) int {
	fs := e.flags("speech voices")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "hallkiosk: speech voices: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	c, err := e.config()
	if err != nil {
		return e.configError(err)
	}
	eng, err := newSpeechEngine(ctx, c.Speech.Engine)
	if err != nil {
		return e.fail("%v", err)
	}
	voices, err := eng.Voices(ctx)
	if err != nil {
		return e.fail("%v", err)
	}
	found := false
	for _, v := range voices {
		mark := " "
		if v.Name == c.Speech.Voice {
			mark, found = "*", true
		}
		fmt.Fprintf(e.stdout, "%s %s\t%s\t%s\n", mark, v.Name, strings.Join(v.Languages, ","), v.Description)
	}
	if !found {
		return e.fail("speech: the configured voice %q (config speech.voice) is not installed", c.Speech.Voice)
	}
	return exitOK
}

// newSpeechEngine makes the engine config speech.engine names.
func newSpeechEngine(ctx context.Context, name string) (*speech.Espeak, error) {
	if name != "espeak-ng" {
		return nil, fmt.Errorf("speech: engine %q is not supported (only espeak-ng)", name)
	}
	return speech.NewEspeak(ctx, speech.EspeakOptions{})
}
