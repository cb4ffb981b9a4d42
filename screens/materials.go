package screens

import (
	"errors"
	"fmt"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
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
	v.Instruction = "请把材料正面朝上放在高拍仪下面，一页一页地拍；每份材料拍完的几页会合成一份文件。"
	v.Help = "高拍仪在屏幕右侧。材料放平、放正，点“拍第1页”；有几页就拍几页。拍得不清楚点那一页下面的“重拍”，多拍了点“删除”。标着可以用电子证照的材料，点“用我的电子证照”就不用拍。"
	var rows []fyne.CanvasObject
	for _, m := range j.Materials() {
		rows = append(rows, s.materialRow(b, m, data.Material(m.Code) != nil))
	}
	var status fyne.CanvasObject = spacer(st, 0, 0)
	switch {
	case j.Running(journey.BusyCapture):
		status = newBusyLine("正在拍照……", u)
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
	list := vbox(rows...)
	var content fyne.CanvasObject = list
	if s.needsCamera() {
		pw, ph := float32(560), float32(420)
		if u.portrait {
			pw, ph = 640, 480
		}
		preview := vbox(u.text("高拍仪画面", theme.SizeNameText, ColorNameMuted), u.livePreview(pw, ph, false, j.DocumentPreview))
		if u.portrait {
			content = vbox(container.NewCenter(preview), list)
		} else {
			content = container.NewBorder(nil, nil, preview, nil, list)
		}
	}
	v.Body = container.NewBorder(nil, vbox(status, container.NewCenter(next)), nil, nil, content)
	v.Items = b.items
	return v
}

// needsCamera reports whether any material may be photographed here.
func (s *materialsScreen) needsCamera() bool {
	for _, m := range s.j.Materials() {
		if !s.j.UsesLicense(m.Code) {
			return true
		}
	}
	return false
}

// maxThumbs is how many pages of one material are shown side by side.
const maxThumbs = 4

// materialRow is one material: its name and state, its pages drawn back
// from the PDF (with 重拍 and 删除 under each), and the buttons to take
// the next page or to use the citizen's 电子证照.
func (s *materialsScreen) materialRow(b *viewBuilder, m portal.Material, captured bool) fyne.CanvasObject {
	u, j := s.u, s.j
	st := u.style()
	n := j.Pages(m.Code)
	state := "未拍照"
	switch {
	case j.UsesLicense(m.Code):
		state = "用您的电子证照（" + m.FromLicense + "），不用拍"
	case n > 0:
		state = fmt.Sprintf("已拍%d页，合成一份文件", n)
	case m.FromLicense != "":
		state = "可以用电子证照（" + m.FromLicense + "），也可以拍纸质材料"
	case !m.Required:
		state = "按情况提供，可以不拍"
	}
	title := "拍第1页"
	if n > 0 {
		title = fmt.Sprintf("拍第%d页", n+1)
	}
	var buttons []fyne.CanvasObject
	shot := b.button(title, kindPrimary, RoleButton, func() { j.Capture(m.Code) })
	shot.MinWidth = 220
	item := b.items[len(b.items)-1]
	item.Name = m.Name + title
	item.State = func() string { return state }
	buttons = append(buttons, shot)
	if m.FromLicense != "" && !j.UsesLicense(m.Code) {
		lic := b.button("用我的电子证照", kindPlain, RoleButton, func() { s.onLicense(m.Code) })
		lic.MinWidth = 260
		b.items[len(b.items)-1].Name = m.Name + "用我的电子证照"
		buttons = append(buttons, lic)
	}
	line := vbox(u.text(m.Name, theme.SizeNameSubHeadingText, ""), u.text(state, theme.SizeNameText, ColorNameMuted))
	var pages []fyne.CanvasObject
	if captured {
		imgs, _ := s.pageImages(m.Code)
		for i, img := range imgs {
			if i >= maxThumbs {
				pages = append(pages, u.text(fmt.Sprintf("共%d页", len(imgs)), theme.SizeNameText, ColorNameMuted))
				break
			}
			pic := canvas.NewImageFromImage(img)
			pic.FillMode = canvas.ImageFillContain
			pic.SetMinSize(fyne.NewSize(st.Scale(99), st.Scale(140)))
			redo := b.button("重拍", kindPlain, RoleButton, func() { j.Retake(m.Code, i) })
			b.items[len(b.items)-1].Name = fmt.Sprintf("重拍%s第%d页", m.Name, i+1)
			del := b.button("删除", kindPlain, RoleButton, func() { s.onDelete(m.Code, i) })
			b.items[len(b.items)-1].Name = fmt.Sprintf("删除%s第%d页", m.Name, i+1)
			pages = append(pages, vbox(pic, u.text(fmt.Sprintf("第%d页", i+1), theme.SizeNameText, ColorNameMuted), container.NewHBox(redo, del)))
		}
	}
	return card(vbox(container.NewBorder(nil, nil, nil, container.NewHBox(buttons...), line), container.NewHBox(pages...)))
}

// pageImages are the material's pages drawn back from its PDF.
func (s *materialsScreen) pageImages(code string) ([]image.Image, error) {
	return s.j.PageImages(code)
}

// onLicense takes the material from the citizen's 电子证照.
func (s *materialsScreen) onLicense(code string) {
	s.j.UseLicense(code)
	s.u.redraw()
	s.u.say("好的，这份材料用您的电子证照，不用拍。")
}

// onDelete removes a page.
func (s *materialsScreen) onDelete(code string, page int) {
	s.j.DeletePage(code, page)
	s.u.redraw()
	s.u.say(fmt.Sprintf("已删除第%d页", page+1))
}

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
	case errors.Is(err, app.ErrTooManyPages):
		return "这份材料页数太多了，请到网办优先窗口提交。"
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
