package screens

import (
	"fyne.io/fyne/v2"

	"hallkiosk/app/portal"
)

// textInput is the keyboard for Chinese text fields.
func (u *UI) textInput(b *viewBuilder, f portal.Field, value string) fyne.CanvasObject {
	return muted("请呼叫工作人员协助填写。", 600)
}
