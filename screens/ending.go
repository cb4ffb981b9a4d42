package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
)

// endingScreen closes every session: take your ID card, your data is
// gone.
type endingScreen struct {
	u *UI
}

func newEndingScreen(u *UI, _ app.Screen) *endingScreen { return &endingScreen{u: u} }

func (s *endingScreen) build() *View {
	u := s.u
	st := u.style()
	b := u.builder()
	again := b.button("开始新的办理", kindPrimary, RoleButton, u.deps.Session.Start)
	again.MinWidth = 480
	why := "感谢您的使用，欢迎再来。"
	if u.lastSnap.EndReason == app.EndTimeout {
		why = "因长时间没有操作，本次办理已结束。"
	}
	cleared := "您在本机留下的信息已全部清除。"
	if u.lastSnap.WipeFailed {
		cleared = "本机清除您的信息时遇到问题，请告知网办优先窗口的工作人员。"
	}
	card1 := emphText(st, "请取回您的身份证", SizeNameTitle, ColorNameAccent)
	card1.Align = fyne.TextAlignCenter
	page := container.NewVBox(layout.NewSpacer(),
		container.NewCenter(card1),
		container.NewCenter(u.text(why, theme.SizeNameHeadingText, "")),
		container.NewCenter(u.text(cleared, theme.SizeNameSubHeadingText, ColorNameMuted)),
		spacer(st, 0, 40),
		container.NewCenter(again),
		layout.NewSpacer())
	return &View{
		Title:       "请取回您的身份证",
		Instruction: why + cleared,
		Body:        container.NewStack(newBackgroundStarter(u), page),
		Items:       b.items,
		Bare:        true,
	}
}
