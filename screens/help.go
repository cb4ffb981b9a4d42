package screens

import (
	"strings"

	"hallkiosk/speech"
)

// defaultHotline is the national government service hotline, used when
// the config leaves kiosk.hotline empty.
const defaultHotline = "12345"

// hotline is the government service hotline (kiosk.hotline).
func (u *UI) hotline() string {
	if h := strings.TrimSpace(u.deps.Config.Kiosk.Hotline); h != "" {
		return h
	}
	return defaultHotline
}

// windowOrHotline is where a citizen finds help when the kiosk cannot give
// it: the staff at the 网办优先窗口, or the hotline.
func (u *UI) windowOrHotline() string {
	return "请到大厅的网办优先窗口找工作人员，或拨打政务服务热线" + u.hotline() + "。"
}

// spoken is text as the voice reads it: the hotline digit by digit
// ("幺 二 三 四 五"), where espeak-ng would read "12345" as a number.
func (u *UI) spoken(text string) string {
	h := u.hotline()
	return strings.ReplaceAll(text, h, speech.Phone(h))
}

// announceSpoken says a screen's entry again when its instruction names
// the hotline, so the number is read digit by digit; it runs from OnShow,
// right after the entry was queued, and replaces it. Only for screens
// whose items carry no personal data (the focused one is said publicly).
func (u *UI) announceSpoken(v *View) {
	if !strings.Contains(v.Instruction, u.hotline()) {
		return
	}
	texts := []string{v.Title, v.Step, u.spoken(v.Instruction)}
	if f := u.Focused(); u.lastSnap.Mode.Voice && f != nil {
		texts = append(texts, itemSpeech(f))
	}
	u.say(texts...)
}
