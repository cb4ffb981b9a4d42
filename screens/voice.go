package screens

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"hallkiosk/app"
	"hallkiosk/speech"
)

// Voice is what the screens need from the speech queue; *speech.Speaker
// has it.
type Voice interface {
	Say(ctx context.Context, utts ...speech.Utterance) error
	Interrupt()
	InterruptAll()
	Repeat() bool
	Volume() int
	VolumeUp() int
	VolumeDown() int
	Rate() speech.Rate
	SetRate(r speech.Rate) error
	FasterRate() speech.Rate
	SlowerRate() speech.Rate
}

var _ Voice = (*speech.Speaker)(nil)

// silentVoice is the Voice of a kiosk without speech.
type silentVoice struct{}

func (silentVoice) Say(context.Context, ...speech.Utterance) error { return nil }
func (silentVoice) Interrupt()                                     {}
func (silentVoice) InterruptAll()                                  {}
func (silentVoice) Repeat() bool                                   { return false }
func (silentVoice) Volume() int                                    { return 0 }
func (silentVoice) VolumeUp() int                                  { return 0 }
func (silentVoice) VolumeDown() int                                { return 0 }
func (silentVoice) Rate() speech.Rate                              { return speech.RateNormal }
func (silentVoice) SetRate(speech.Rate) error                      { return nil }
func (silentVoice) FasterRate() speech.Rate                        { return speech.RateNormal }
func (silentVoice) SlowerRate() speech.Rate                        { return speech.RateNormal }

// speaking reports whether the kiosk talks: in voice navigation and in
// 长辈版 (slow voice).
func (u *UI) speaking() bool {
	m := u.lastSnap.Mode
	return m.Voice || m.Elder
}

// utter turns texts into utterances, dropping empty ones.
func utter(p speech.Priority, private bool, texts ...string) []speech.Utterance {
	var out []speech.Utterance
	for _, t := range texts {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, speech.Utterance{Text: t, Priority: p, Private: private})
		}
	}
	return out
}

// public and private make normal utterances of texts: public ones may be
// cached on disk; private ones, the citizen's own data, never are.
func public(texts ...string) []speech.Utterance {
	return utter(speech.PriorityNormal, false, texts...)
}

func private(texts ...string) []speech.Utterance {
	return utter(speech.PriorityNormal, true, texts...)
}

// publicUnless makes utterances private when personal is true.
func publicUnless(personal bool, texts ...string) []speech.Utterance {
	return utter(speech.PriorityNormal, personal, texts...)
}

// say speaks texts (public, normal priority) when the kiosk talks. A new
// message cuts the one playing.
func (u *UI) say(texts ...string) {
	u.speak(public(texts...))
}

// speak says the utterances, in order, as one message when the kiosk talks
// (voice navigation or 长辈版): what public and private make, so that the
// citizen's own data (a 受理号) is said as loud as the rest but never cached.
func (u *UI) speak(parts ...[]speech.Utterance) {
	if !u.speaking() {
		return
	}
	if utts := slices.Concat(parts...); len(utts) > 0 {
		u.deps.Voice.Say(u.ctx, utts...)
	}
}

// sayAlways speaks whatever the mode (help and settings asked for by key).
func (u *UI) sayAlways(parts ...[]speech.Utterance) {
	if utts := slices.Concat(parts...); len(utts) > 0 {
		u.deps.Voice.Say(u.ctx, utts...)
	}
}

// sayPrivate reads back personal data (a name, an ID number), only in
// voice navigation, which assumes headphones (EN 301 549 5.1.3.9): lead is
// public, personal private.
func (u *UI) sayPrivate(lead string, personal ...string) {
	if !u.lastSnap.Mode.Voice {
		return
	}
	u.deps.Voice.Say(u.ctx, slices.Concat(public(lead), private(personal...))...)
}

// warn speaks the idle warning: it is not cut by keys or other speech.
func (u *UI) warn(texts ...string) {
	u.deps.Voice.Say(u.ctx, utter(speech.PriorityWarning, false, texts...)...)
}

// announceScreen speaks title, step, instruction and the focused item as a
// new screen appears; speech of the old screen stops. The parts go as
// separate utterances so the static ones come from the prompt cache; a
// private instruction or item never goes there.
func (u *UI) announceScreen(s app.Snapshot) {
	u.deps.Voice.Interrupt()
	if !u.speaking() || u.view == nil {
		return
	}
	u.speak(screenAnnouncement(u.view, u.Focused(), s.Mode.Voice))
}

// screenAnnouncement is what entering a screen says.
func screenAnnouncement(v *View, focused *Item, voiceNav bool) []speech.Utterance {
	utts := slices.Concat(public(v.Title, v.Step), publicUnless(v.Private, v.Instruction))
	if voiceNav && focused != nil {
		utts = append(utts, itemUtterances(focused)...)
	}
	return utts
}

// itemUtterances is what focusing an item says, private when the item is.
func itemUtterances(it *Item) []speech.Utterance {
	return publicUnless(it.Private, itemSpeech(it))
}

// itemSpeech is what focusing an item says: name, role, state, value, hint.
func itemSpeech(it *Item) string {
	return joinSpeech(it.Name, string(it.Role), it.StateText(), it.ValueText(), it.Hint)
}

func (u *UI) speakItem(it *Item) {
	u.speak(itemUtterances(it))
}

func (u *UI) repeat() { u.deps.Voice.Repeat() }

func (u *UI) speakHelp() {
	if u.view == nil {
		return
	}
	help := public(u.view.Help)
	if u.view.Help == "" {
		help = publicUnless(u.view.Private, u.view.Instruction)
	}
	u.sayAlways(public(u.view.Title), help, public(keypadHelp))
}

func (u *UI) speakSetting() {
	rate := "正常"
	if u.deps.Voice.Rate() == speech.RateSlow {
		rate = "慢速"
	}
	u.sayAlways(public(fmt.Sprintf("音量%d级，语速%s", u.deps.Voice.Volume(), rate)))
}

// keypadHelp explains the keys, spoken after each screen's own help.
const keypadHelp = "按2或向下键到下一项，按8或向上键到上一项，按确认键选择，按5重听，按返回键回到上一页，按加号减号调音量，按星号再按加号减号调语速，按F12呼叫工作人员"

// joinSpeech joins the non-empty parts with Chinese commas.
func joinSpeech(parts ...string) string {
	var out []string
	for _, p := range parts {
		p = strings.TrimRight(strings.TrimSpace(p), "。，,. ")
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "，")
}

// stepText is "第2步，共4步".
func stepText(n, of int) string { return fmt.Sprintf("第%d步，共%d步", n, of) }
