package screens

import (
	"bytes"
	"errors"
	"image"
	_ "image/jpeg" // captured documents are JPEG

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/devices/camera"
)

// materialsScreen captures the service's paper materials with the
// document camera, one button per material; those the portal can fetch as
// 电子证照 need nothing.
type materialsScreen struct {
	u *UI
	j *journey.Apply // nil for a code the catalog does not have
}

func newMaterialsScreen(u *UI, s app.Screen) *materialsScreen {
	return &materialsScreen{u: u, j: u.applying(s.Param)}
}

func (s *materialsScreen) build() *View {
	u, j := s.u, s.j
	st := u.style()
	if j == nil {
		return missingView(st)
	}
	b := u.builder()
	data := u.deps.Session.Data()
	v := &View{Title: "拍照上传材料", Step: stageText(j, journey.Step{Kind: journey.StepMaterials})}
	v.Instruction = "请把材料正面朝上放在高拍仪下面，再点这份材料的“拍照”。"
	v.Help = "高拍仪在屏幕右侧。材料放平、放正，点拍照；拍得不清楚可以重拍。标着可以调取电子证照的材料不用拍。"
	var rows []fyne.CanvasObject
	for _, m := range j.Materials() {
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
		shot := b.button("拍照", kindPrimary, RoleButton, func() { s.onCapture(m.Code) })
		if data.Material(m.Code) != nil {
			shot.Title, shot.Kind = "重拍", kindPlain
		}
		shot.MinWidth = 200
		item := b.items[len(b.items)-1]
		item.Name = shot.Title + m.Name
		item.State = func() string { return state }
		line := vbox(u.text(m.Name, theme.SizeNameSubHeadingText, ""), u.text(state, theme.SizeNameText, ColorNameMuted))
		var thumb fyne.CanvasObject = spacer(st, 0, 0)
		if img := decodeThumb(data.Material(m.Code)); img != nil {
			pic := canvas.NewImageFromImage(img)
			pic.FillMode = canvas.ImageFillContain
			pic.SetMinSize(fyne.NewSize(st.Scale(160), st.Scale(120)))
			thumb = pic
		}
		rows = append(rows, card(container.NewBorder(nil, nil, thumb, container.NewCenter(shot), line)))
	}
	var status fyne.CanvasObject = spacer(st, 0, 0)
	switch {
	case j.Running(journey.BusyCapture):
		status = u.text("正在拍照……", theme.SizeNameSubHeadingText, theme.ColorNamePrimary)
	case j.Err() != nil:
		msg := materialProblem(j.Err())
		v.Instruction = msg
		t := u.text(msg, theme.SizeNameSubHeadingText, theme.ColorNameError)
		t.WrapWidth = 1500
		status = t
	}
	next := b.button("下一步，核对信息", kindAccent, RoleButton, s.onNext)
	next.TitleSize = theme.SizeNameSubHeadingText
	next.MinWidth, next.MinHeight = 480, 100
	v.Body = container.NewBorder(nil, vbox(status, container.NewCenter(next)), nil, nil, vbox(rows...))
	v.Items = b.items
	return v
}

// onCapture photographs material code in the background.
func (s *materialsScreen) onCapture(code string) { s.j.Capture(code) }

// onNext moves on to the review; a required material not yet photographed
// is shown and spoken.
func (s *materialsScreen) onNext() {
	if err := s.j.MaterialsDone(); err != nil {
		s.u.redraw()
		s.u.say(materialProblem(err))
	}
}

// materialProblem puts a failed capture or a missing material into words.
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
