package screens

import (
	"context"
	"fmt"
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

// say speaks texts (public, normal priority) when the kiosk talks. A new
// message cuts the one playing.
func (u *UI) say(texts ...string) {
	if u.speaking() {
		u.sayAlways(texts...)
	}
}

// sayAlways speaks whatever the mode (help and settings asked for by key).
func (u *UI) sayAlways(texts ...string) {
	if utts := utter(speech.PriorityNormal, false, texts...); len(utts) > 0 {
		u.deps.Voice.Say(u.ctx, utts...)
	}
}

// sayPrivate reads back personal data (a name, an ID number), only in
// voice navigation, which assumes headphones (EN 301 549 5.1.3.9).
func (u *UI) sayPrivate(public string, private ...string) {
	if !u.lastSnap.Mode.Voice {
		return
	}
	utts := utter(speech.PriorityNormal, false, public)
	utts = append(utts, utter(speech.PriorityNormal, true, private...)...)
	u.deps.Voice.Say(u.ctx, utts...)
}

// warn speaks the idle warning: it is not cut by keys or other speech.
func (u *UI) warn(texts ...string) {
	u.deps.Voice.Say(u.ctx, utter(speech.PriorityWarning, false, texts...)...)
}

// announceScreen speaks title, step, instruction and the focused item as a
// new screen appears; speech of the old screen stops. The parts go as
// separate utterances so the static ones come from the prompt cache.
func (u *UI) announceScreen(s app.Snapshot) {
	u.deps.Voice.Interrupt()
	if !u.speaking() || u.view == nil {
		return
	}
	u.say(screenAnnouncement(u.view, u.Focused(), s.Mode.Voice)...)
}

// screenAnnouncement is what entering a screen says.
func screenAnnouncement(v *View, focused *Item, voiceNav bool) []string {
	parts := []string{v.Title, v.Step, v.Instruction}
	if voiceNav && focused != nil {
		parts = append(parts, itemSpeech(focused))
	}
	return parts
}

// itemSpeech is what focusing an item says: name, role, state, value, hint.
func itemSpeech(it *Item) string {
	return joinSpeech(it.Name, string(it.Role), it.StateText(), it.ValueText(), it.Hint)
}

func (u *UI) speakItem(it *Item) {
	u.say(itemSpeech(it))
}

func (u *UI) repeat() { u.deps.Voice.Repeat() }

func (u *UI) speakHelp() {
	if u.view == nil {
		return
	}
	help := u.view.Help
	if help == "" {
		help = u.view.Instruction
	}
	u.sayAlways(u.view.Title, help, keypadHelp)
}

func (u *UI) speakSetting() {
	rate := "正常"
	if u.deps.Voice.Rate() == speech.RateSlow {
		rate = "慢速"
	}
	u.sayAlways(fmt.Sprintf("音量%d级，语速%s", u.deps.Voice.Volume(), rate))
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
