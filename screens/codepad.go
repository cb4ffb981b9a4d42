package screens

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app/journey"
	"hallkiosk/screens/typeset"
)

// codePad is the number pad of a screen that asks for a texted code (the
// SMS step, the check by the phone on file): the code's box, twelve keys
// and their placement. The journey keeps the digits; the pad only draws
// them and hands keys on.
type codePad struct {
	u     *UI
	typed func() string       // the digits typed so far
	key   func(key rune) bool // types a digit, '\b' or 0 (clear); whether it changed
}

// box is the code's box, a mark per digit (never the digit), as an entry
// item whose value says how many are typed.
func (p codePad) box(b *viewBuilder, st typeset.Style) fyne.CanvasObject {
	typed := p.typed()
	dots := ""
	for i := 0; i < journey.SMSCodeLen; i++ {
		if i < len(typed) {
			dots += "＊ "
		} else {
			dots += "＿ "
		}
	}
	box := newRingBox(card0(st, p.u.text(dots, theme.SizeNameHeadingText, ""), 600))
	b.add(&Item{Name: "验证码", Role: RoleEntry, Object: box, Value: func() string {
		return fmt.Sprintf("已输入%d位，共%d位", len(p.typed()), journey.SMSCodeLen)
	}})
	return box
}

// keys are the pad's twelve keys; a digit key is named 数字键, so the digit
// itself is never spoken, not even on focus.
func (p codePad) keys(b *viewBuilder) []fyne.CanvasObject {
	var keys []fyne.CanvasObject
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "删除", "0", "清空"} {
		btn := b.button(k, kindPlain, RoleButton, func() { p.onKey(k) })
		btn.TitleSize = theme.SizeNameHeadingText
		btn.MinWidth, btn.MinHeight = 150, 90
		if k >= "0" && k <= "9" {
			b.items[len(b.items)-1].Name = "数字键"
		}
		keys = append(keys, btn)
	}
	return keys
}

// body places the screen's left column beside the keys (below them when
// upright).
func (p codePad) body(left fyne.CanvasObject, keys []fyne.CanvasObject) fyne.CanvasObject {
	if p.u.portrait {
		return vbox(left, grid(3, keys...))
	}
	return container.New(&splitLayout{ratio: 0.45}, left, grid(3, keys...))
}

// onKey is a key of the pad: a digit, 删除 or 清空.
func (p codePad) onKey(k string) {
	key := rune(k[0])
	switch k {
	case "删除":
		key = '\b'
	case "清空":
		key = 0
	}
	if p.key(key) {
		p.u.redraw()
		if key >= '0' && key <= '9' {
			p.u.say(fmt.Sprintf("已输入第%d位", len(p.typed())))
		}
	}
}

// onDelete is Backspace: it removes the last digit typed and reports
// whether there was one.
func (p codePad) onDelete() bool {
	if p.key('\b') {
		p.u.redraw()
		return true
	}
	return false
}
