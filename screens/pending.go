package screens

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"hallkiosk/app"
)

// buildProgress is 进度查询.
func buildProgress(u *UI, s app.Screen) *View {
	return pendingView(u, "进度查询", "刷身份证后可以查看您办理的事项到了哪一步。")
}

// buildLicenses is 电子证照.
func buildLicenses(u *UI, s app.Screen) *View {
	return pendingView(u, "电子证照", "刷身份证后可以查看和打印您的电子证照。")
}

// buildFeedback is 意见建议.
func buildFeedback(u *UI, s app.Screen) *View {
	return pendingView(u, "意见建议", "欢迎对我们的服务提出意见和建议。")
}

func pendingView(u *UI, title, instruction string) *View {
	b := u.builder()
	back := b.button("返回", kindPrimary, RoleButton, u.goBack)
	back.MinWidth = 320
	return &View{
		Title:       title,
		Instruction: instruction,
		Body: container.NewVBox(layout.NewSpacer(),
			container.NewCenter(body("这项功能正在接入，请先到网办优先窗口办理。", 900)),
			container.NewCenter(back), layout.NewSpacer()),
		Items: b.items,
	}
}
