package screens

import (
	"fmt"
	"strings"

	"hallkiosk/app"
)

// Priority of an utterance.
type Priority int

// Utterance priorities.
const (
	// PriorityNormal speech is cut by any key, touch or new screen.
	PriorityNormal Priority = iota
	// PriorityWarning speech (the idle warning) is not cut by other speech.
	PriorityWarning
)

// Voice is what the screens need from the speech queue.
type Voice interface {
	// Say queues text. A private utterance (ID number, name read back) is
	// never cached or logged.
	Say(text string, p Priority, private bool)
	// Interrupt stops what is playing (unless it is a warning).
	Interrupt()
	// Repeat says the last utterance again.
	Repeat()
	// VolumeUp and VolumeDown change the volume by one step.
	VolumeUp()
	VolumeDown()
	// FasterRate and SlowerRate change the speech rate.
	FasterRate()
	SlowerRate()
	// SetSlow picks the slow rate preset (长辈版) or the normal one.
	SetSlow(slow bool)
	// Settings describes volume and rate in words ("音量5级，语速正常").
	Settings() string
}

// silentVoice is the Voice of a kiosk without speech.
type silentVoice struct{}

func (silentVoice) Say(string, Priority, bool) {}
func (silentVoice) Interrupt()                 {}
func (silentVoice) Repeat()                    {}
func (silentVoice) VolumeUp()                  {}
func (silentVoice) VolumeDown()                {}
func (silentVoice) FasterRate()                {}
func (silentVoice) SlowerRate()                {}
func (silentVoice) SetSlow(bool)               {}
func (silentVoice) Settings() string           { return "" }

// speaking reports whether the kiosk talks: in voice navigation and in
// 长辈版 (slow voice).
func (u *UI) speaking() bool {
	m := u.lastSnap.Mode
	return m.Voice || m.Elder
}

func (u *UI) say(text string) {
	if u.speaking() && text != "" {
		u.deps.Voice.Say(text, PriorityNormal, false)
	}
}

// announceScreen speaks title, step, instruction and the focused item as a
// new screen appears; speech of the old screen stops.
func (u *UI) announceScreen(s app.Snapshot) {
	u.deps.Voice.Interrupt()
	u.deps.Voice.SetSlow(s.Mode.Elder)
	if !u.speaking() || u.view == nil {
		return
	}
	u.say(screenAnnouncement(u.view, u.Focused(), s.Mode.Voice))
}

// screenAnnouncement is what entering a screen says.
func screenAnnouncement(v *View, focused *Item, voiceNav bool) string {
	parts := []string{v.Title}
	if v.Step != "" {
		parts = append(parts, v.Step)
	}
	if v.Instruction != "" {
		parts = append(parts, v.Instruction)
	}
	if voiceNav && focused != nil {
		parts = append(parts, itemSpeech(focused))
	}
	return joinSpeech(parts)
}

// itemSpeech is what focusing an item says: name, role, state, value, hint.
func itemSpeech(it *Item) string {
	parts := []string{it.Name, string(it.Role)}
	if s := it.StateText(); s != "" {
		parts = append(parts, s)
	}
	if v := it.ValueText(); v != "" {
		parts = append(parts, v)
	}
	if it.Hint != "" {
		parts = append(parts, it.Hint)
	}
	return joinSpeech(parts)
}

func (u *UI) speakItem(it *Item) {
	if u.speaking() {
		u.say(itemSpeech(it))
	}
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
	u.deps.Voice.Say(joinSpeech([]string{u.view.Title, help, keypadHelp}), PriorityNormal, false)
}

func (u *UI) speakSetting() {
	u.deps.Voice.Say(u.deps.Voice.Settings(), PriorityNormal, false)
}

// keypadHelp explains the keys, spoken after each screen's own help.
const keypadHelp = "按2或向下键到下一项，按8或向上键到上一项，按确认键选择，按5重听，按返回键回到上一页，按加号减号调音量，按星号再按加号减号调语速，按F12呼叫工作人员"

func joinSpeech(parts []string) string {
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		p = strings.TrimRight(p, "。，,. ")
		out = append(out, p)
	}
	return strings.Join(out, "，") + "。"
}

// stepText is "第2步，共4步".
func stepText(n, of int) string { return fmt.Sprintf("第%d步，共%d步", n, of) }
