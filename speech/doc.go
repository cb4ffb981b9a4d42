// Package speech makes the kiosk speak for itself: Fyne 2.7 has no screen
// reader, so every screen says what it shows through this package, the way
// a talking ATM does (EN 301 549 clause 5.1.3, ADA §707.5).
//
// The pieces, from text to loudspeaker:
//
//   - An Engine turns text into PCM (Request → PCM). The default engine is
//     espeak-ng run as a command (NewEspeak) with the Mandarin voice
//     "cmn-latn-pinyin"; the voice "cmn" reads Chinese characters as English
//     words and is wrong. Text goes to espeak-ng on stdin, never on its
//     command line, so it never shows in a process list.
//   - Codes are read digit by digit: IDNumber, Phone, Code and Digits turn
//     "11010519491231002X" into "一 一 零 …" with X read as 叉. Prose keeps its
//     numbers as numbers (Prose only reads years digit by digit).
//   - A Cache keeps synthesized prompts on disk, one file per (engine,
//     voice, rate, text), named by a hash, written atomically and checked on
//     read; a damaged file is synthesized again. Speaker.Warm fills it with
//     every static prompt in the background at start, so navigating never
//     waits on synthesis. Raw PCM is large (about 135 MB for the demo's
//     static prompts at both rates), so the owner bounds it: Prune drops
//     entries unused for longer than Limits.MaxAge, then the least recently
//     used (a hit, and Warm's check, renew a file's modification time) until
//     it holds at most Limits.MaxBytes. The kiosk prunes at start and after
//     every session, off the UI goroutine.
//   - A Sink plays PCM. Player is the real one: the process's single
//     oto/v2 context on ALSA. Without a sound device it does not fail the
//     app: it logs one warning, reports devices.NoDevice in Status, and
//     every Play returns ErrNoDevice at once. Tests use a fake sink
//     (package speechtest).
//   - A Speaker is the queue between the screens and the sink. Say
//     interrupts what is playing and speaks a new message (EN 5.1.3.5: speech
//     stops on any user action and when new speech starts); Interrupt stops
//     it on a key or touch; Warning utterances (idle timeout, safety) are not
//     cut by normal speech or Interrupt; Repeat speaks the last message again
//     (EN 5.1.3.4); volume goes in steps 1…10 and ResetForNewSession puts
//     volume and rate back to their defaults after every citizen
//     (EN 5.1.3.13). Every change of an utterance's state is reported to
//     Options.OnEvent, which is how UI tests assert what was spoken.
//
// Private utterances (ID numbers, names, phone numbers, a 受理号, anything a
// citizen typed or entered) are synthesized fresh every time: they never reach the disk cache,
// never appear in a log line or an error, and ResetForNewSession drops them
// from the queue and from Repeat's memory. Only in-process observers
// (Options.OnEvent) see their text.
//
// Wiring in main, once per process:
//
//	eng, err := speech.NewEspeak(ctx, speech.EspeakOptions{})
//	player, err := speech.NewPlayer(ctx, speech.PlayerOptions{Log: log})
//	cache, err := speech.OpenCache(filepath.Join(dataDir, "speech-cache"))
//	// at start and after every session, in a goroutine the kiosk owns:
//	res, err := cache.Prune(time.Now(), speech.Limits{MaxBytes: 256 << 20, MaxAge: 30 * 24 * time.Hour})
//	sp, err := speech.NewSpeaker(ctx, speech.Options{
//		Engine: eng, Sink: player, Cache: cache,
//		Voice: cfg.Speech.Voice, Rate: rate, Volume: cfg.Speech.Volume, Log: log,
//	})
//	defer sp.Close()
//	sp.Warm(ctx, everyStaticPrompt)
//
// Package speech imports only the standard library, oto/v2 and devices (for
// the status type); never Fyne or app.
package speech
