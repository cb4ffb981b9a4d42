package screens

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/portal"
	"hallkiosk/devices/camera"
)

// buildFace checks that the citizen is the card's holder: look at the
// camera, the portal compares the face with the authority's photo.
func buildFace(u *UI, s app.Screen) *View {
	b := u.builder()
	steps := u.flowSteps(s.Param)
	v := &View{Title: "核验本人", Step: stepText(2, len(steps))}
	msg := newText("请正对屏幕上方的摄像头，摘下帽子和口罩", theme.SizeNameSubHeadingText, "")
	msg.Align = fyne.TextAlignCenter
	v.Instruction = "请正对摄像头，准备好后点击“开始核验”。"
	v.Help = "摄像头在屏幕上方。请摘下帽子、口罩和墨镜，正对屏幕，点击开始核验后保持不动两三秒。"
	var status fyne.CanvasObject = spacer(0, 0)
	switch {
	case u.flow.busy:
		v.Instruction = "正在核验，请保持不动。"
		status = newText("正在核验，请稍候……", theme.SizeNameSubHeadingText, theme.ColorNamePrimary)
	case u.flow.err != nil:
		v.Instruction = faceProblem(u.flow.err)
		status = newText(v.Instruction, theme.SizeNameSubHeadingText, theme.ColorNameError)
	}
	start := b.button("开始核验", kindAccent, RoleButton, func() { u.verifyFace(s.Param) })
	start.TitleSize = theme.SizeNameHeadingText
	start.MinWidth, start.MinHeight = 480, 120
	if u.flow.busy {
		start.Hide()
		b.items = withoutHidden(b.items)
	}
	frame := card0(container.NewCenter(newText("〇", SizeNameTitle, ColorNameMuted)), 480)
	v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(msg), container.NewCenter(frame),
		container.NewCenter(status), spacer(0, 16), container.NewCenter(start), layout.NewSpacer())
	v.Items = b.items
	return v
}

// verifyFace runs the identity check in the background and moves on.
func (u *UI) verifyFace(param string) {
	if u.deps.Identity == nil || u.flow.busy {
		return
	}
	u.flow.busy, u.flow.err = true, nil
	u.rebuild(u.lastSnap)
	seq := u.lastSnap.Seq
	u.background(func(ctx context.Context) error {
		return u.deps.Identity.Verify(ctx)
	}, func(err error) {
		if u.lastSnap.Seq != seq || u.lastSnap.Screen.ID != app.ScreenFace {
			return // the citizen left (or the session ended) meanwhile
		}
		u.flow.busy, u.flow.err = false, err
		if err != nil {
			u.rebuild(u.lastSnap)
			u.say(faceProblem(err))
			return
		}
		switch param {
		case app.PurposeProgress:
			u.deps.Session.Replace(app.Screen{ID: app.ScreenProgress})
		case app.PurposeLicenses:
			u.deps.Session.Replace(app.Screen{ID: app.ScreenLicenses})
		default:
			u.deps.Session.Replace(app.Screen{ID: app.ScreenForm, Param: param})
		}
	})
}

// faceProblem says what went wrong and what to do, for the citizen.
func faceProblem(err error) string {
	switch {
	case errors.Is(err, app.ErrFaceMismatch):
		return "没有核验通过。请摘下帽子口罩，正对摄像头再试一次；仍不通过请呼叫工作人员。"
	case errors.Is(err, camera.ErrNoCamera):
		return "摄像头暂时不能使用，请呼叫工作人员帮您办理。"
	case errors.Is(err, app.ErrNoCard):
		return "还没有读取身份证，请先返回刷身份证。"
	case portal.IsRetryable(err):
		return "网络不太好，核验没有完成。请稍后再点一次“开始核验”。"
	}
	return "核验没有完成，请再试一次，或呼叫工作人员。"
}
