package screens

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // captured documents are JPEG

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/portal"
	"hallkiosk/devices/camera"
)

// buildMaterials captures the service's paper materials with the document
// camera, one button per material; those the portal can fetch as 电子证照
// need nothing.
func buildMaterials(u *UI, s app.Screen) *View {
	it, ok := u.deps.Catalog.Get(s.Param)
	if !ok {
		return buildMissing(u, s)
	}
	b := u.builder()
	data := u.deps.Session.Data()
	step, of := u.stepOf(it, "拍照上传材料")
	v := &View{Title: "拍照上传材料", Step: stepText(step, of)}
	v.Instruction = "请把材料正面朝上放在高拍仪下面，再点这份材料的“拍照”。"
	v.Help = "高拍仪在屏幕右侧。材料放平、放正，点拍照；拍得不清楚可以重拍。标着可以调取电子证照的材料不用拍。"
	var rows []fyne.CanvasObject
	for _, m := range u.deps.Catalog.MaterialsOf(it) {
		m := m
		state := "未拍照"
		switch {
		case data.Material(m.Code) != nil:
			state = "已拍照"
		case m.FromLicense != "":
			state = "可调取电子证照，不用拍"
		case !m.Required:
			state = "按情况提供，可以不拍"
		}
		shot := b.button("拍照", kindPrimary, RoleButton, func() { u.capture(m.Code) })
		if data.Material(m.Code) != nil {
			shot.Title, shot.Kind = "重拍", kindPlain
		}
		shot.MinWidth = 200
		item := b.items[len(b.items)-1]
		item.Name = shot.Title + m.Name
		item.State = func() string { return state }
		line := vbox(newText(m.Name, theme.SizeNameSubHeadingText, ""), newText(state, theme.SizeNameText, ColorNameMuted))
		var thumb fyne.CanvasObject = spacer(0, 0)
		if img := decodeThumb(data.Material(m.Code)); img != nil {
			pic := canvas.NewImageFromImage(img)
			pic.FillMode = canvas.ImageFillContain
			z := currentZoom()
			pic.SetMinSize(fyne.NewSize(160*z, 120*z))
			thumb = pic
		}
		rows = append(rows, card(container.NewBorder(nil, nil, thumb, container.NewCenter(shot), line)))
	}
	var status fyne.CanvasObject = spacer(0, 0)
	switch {
	case u.flow.busy:
		status = newText("正在拍照……", theme.SizeNameSubHeadingText, theme.ColorNamePrimary)
	case u.flow.err != nil:
		msg := materialProblem(u.flow.err)
		v.Instruction = msg
		t := newText(msg, theme.SizeNameSubHeadingText, theme.ColorNameError)
		t.WrapWidth = 1500
		status = t
	}
	next := b.button("下一步，核对信息", kindAccent, RoleButton, func() {
		for _, m := range u.deps.Catalog.MaterialsOf(it) {
			if m.Required && m.FromLicense == "" && data.Material(m.Code) == nil {
				u.flow.err = fmt.Errorf("%w: %s", app.ErrMissingMaterial, m.Name)
				u.redraw()
				u.say(materialProblem(u.flow.err))
				return
			}
		}
		u.deps.Session.Open(app.Screen{ID: app.ScreenConfirm, Param: it.Code})
	})
	next.TitleSize = theme.SizeNameSubHeadingText
	next.MinWidth, next.MinHeight = 480, 100
	v.Body = container.NewBorder(nil, vbox(status, container.NewCenter(next)), nil, nil, vbox(rows...))
	v.Items = b.items
	return v
}

// capture takes a picture of one material in the background.
func (u *UI) capture(code string) {
	if u.flow.busy {
		return
	}
	u.flow.busy, u.flow.err = true, nil
	u.redraw()
	seq := u.lastSnap.Seq
	u.background(func(ctx context.Context) error {
		return u.deps.Documents.Capture(ctx, code)
	}, func(err error) {
		if u.lastSnap.Seq != seq {
			return
		}
		u.flow.busy, u.flow.err = false, err
		u.redraw()
		if err != nil {
			u.say(materialProblem(err))
		} else {
			u.say("拍好了")
		}
	})
}

func materialProblem(err error) string {
	switch {
	case errors.Is(err, app.ErrMissingMaterial):
		return "还有必须提供的材料没有拍：" + errorTail(err) + "。请拍好后再继续。"
	case errors.Is(err, camera.ErrNoCamera):
		return "高拍仪暂时不能使用，请呼叫工作人员帮您上传材料。"
	}
	return "没有拍成功，请把材料放平后再拍一次。"
}

// errorTail is what follows the last ": " of an error (a material name).
func errorTail(err error) string {
	s := err.Error()
	for i := len(s) - 2; i >= 0; i-- {
		if s[i] == ':' && s[i+1] == ' ' {
			return s[i+2:]
		}
	}
	return s
}

// decodeThumb decodes a captured JPEG for its thumbnail, nil if none.
func decodeThumb(jpeg []byte) image.Image {
	if jpeg == nil {
		return nil
	}
	img, _, err := image.Decode(bytes.NewReader(jpeg))
	if err != nil {
		return nil
	}
	return img
}

// afterForm is where a finished form leads: the materials, if the service
// has any, else straight to checking.
func (u *UI) afterForm(it portal.ServiceItem) app.Screen {
	if len(u.deps.Catalog.MaterialsOf(it)) > 0 {
		return app.Screen{ID: app.ScreenMaterials, Param: it.Code}
	}
	return app.Screen{ID: app.ScreenConfirm, Param: it.Code}
}
