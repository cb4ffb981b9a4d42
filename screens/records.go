package screens

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
)

// recording returns the citizen's records journey of kind (进度查询 or
// 电子证照), starting it when there is none, and redraws the screen when
// its slow work starts or ends. A view built only for its texts gets a
// throwaway journey instead (see throwawayDeps).
func (u *UI) recording(kind journey.RecordsKind) *journey.Records {
	if u.dry {
		j, err := journey.NewRecords(u.throwawayDeps(), kind)
		if err != nil {
			return nil
		}
		u.onLeave(j.Close)
		return j
	}
	j, err := u.journeys().Records(kind)
	if err != nil {
		return nil
	}
	u.follow(j, func(ev journey.Event) { u.recordsChanged(j, ev) })
	return j
}

// recordsFor returns the records journey of an identity screen's purpose
// (app.PurposeProgress, app.PurposeLicenses), nil for a service code.
func (u *UI) recordsFor(param string) *journey.Records {
	kind, ok := journey.RecordsKindOf(param)
	if !ok {
		return nil
	}
	return u.recording(kind)
}

// recordsChanged redraws the screen when the records journey's slow work
// starts or ends, and says how it ended: a list or license that arrived
// announces its screen again. Runs on Fyne's goroutine.
func (u *UI) recordsChanged(j *journey.Records, ev journey.Event) {
	step, _ := j.At(u.lastSnap.Screen)
	onList := step.Kind == journey.StepRecords && u.lastSnap.Screen.Param == ""
	onLicense := step.Kind == journey.StepRecords && !onList
	if ev.Done && (ev.Busy == journey.BusyRecords && onList || ev.Busy == journey.BusyPreview && onLicense) {
		u.rebuild(u.lastSnap) // what arrived announces its screen
		return
	}
	if ev.Done && ev.Busy == journey.BusyFace && faceDeadEnd(ev.Err) {
		u.rebuild(u.lastSnap) // a dead end is announced by its own view
		return
	}
	u.redraw()
	if !ev.Done {
		return
	}
	switch ev.Busy {
	case journey.BusyFace:
		if ev.Err != nil {
			u.say(faceProblem(ev.Err))
		}
	case journey.BusyPrint:
		u.say(u.licensePrintMessage(j, j.Showing()))
	}
}

// openRecords opens 进度查询 or 电子证照, through the identity check when the
// citizen has not had one yet.
func (u *UI) openRecords(kind journey.RecordsKind) {
	if j := u.recording(kind); j != nil {
		j.Begin()
	}
}

// needIdentity fills v with the way to the card and face check when the
// citizen has not been checked yet, and reports whether it did.
func (u *UI) needIdentity(v *View, b *viewBuilder, j *journey.Records) bool {
	if j.Checked() {
		return false
	}
	v.Instruction = "查询前要先刷身份证，并看摄像头核验本人。"
	start := b.button("刷身份证查询", kindAccent, RoleButton, j.Identify)
	start.TitleSize = theme.SizeNameSubHeadingText
	start.MinWidth, start.MinHeight = 480, 110
	v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(body(v.Instruction, 1000)),
		container.NewCenter(start), layout.NewSpacer())
	v.Items = b.items
	return true
}

// loadingView is shown while records come from the portal (there is
// nothing yet and no failure), or when they could not.
func (u *UI) loadingView(v *View, b *viewBuilder, j *journey.Records, there bool, err error) bool {
	switch {
	case err != nil:
		v.Instruction = recordsProblem(err)
		again := b.button("再试一次", kindAccent, RoleButton, j.Retry)
		again.MinWidth = 400
		v.Body = container.NewVBox(layout.NewSpacer(),
			container.NewCenter(body(v.Instruction, 1000)), container.NewCenter(again), layout.NewSpacer())
		v.Items = b.items
		return true
	case !there:
		v.Instruction = "正在查询，请稍候。"
		v.Body = container.NewCenter(newBusyLine("正在查询，请稍候……", u))
		return true
	}
	return false
}

func recordsProblem(err error) string {
	switch {
	case errors.Is(err, app.ErrNoIdentity):
		return "请先刷身份证并核验本人。"
	case portal.IsRetryable(err):
		return "网络不太好，没有查到。请稍后再试，或呼叫工作人员。"
	}
	return "没有查到，请稍后再试，或呼叫工作人员。"
}

// perPage is how many records fit on one page of the list: fewer, bigger
// ones in 长辈版.
func (u *UI) perPage() int {
	if u.lastSnap.Mode.Elder {
		return 2
	}
	return 4
}

// buildProgress is 进度查询: the citizen's applications and where each
// stands, after the card and face check.
func buildProgress(u *UI, s app.Screen) *View {
	b := u.builder()
	v := &View{Title: "进度查询", Instruction: "这是您办理的事项和进度。"}
	j := u.recording(journey.RecordsProgress)
	if j == nil {
		return buildMissing(u, s)
	}
	if u.needIdentity(v, b, j) {
		return v
	}
	v.OnShow = j.Load
	if there, err := j.Listed(); u.loadingView(v, b, j, there, err) {
		return v
	}
	apps := j.Applications()
	if len(apps) == 0 {
		v.Instruction = "没有查到您办理的事项。"
		v.Body = container.NewCenter(body(v.Instruction, 900))
		return v
	}
	v.Instruction = fmt.Sprintf("查到%d件事项。点一件可以听到详细进度。", len(apps))
	v.Private = true // the citizen's own applications, as every row below
	page := j.Page(u.perPage())
	var rows []fyne.CanvasObject
	for _, a := range apps[page.From:page.To] {
		latest := ""
		if n := len(a.History); n > 0 {
			h := a.History[n-1]
			latest = h.At.Local().Format("2006年1月2日") + " " + portal.StatusName(h.Status)
			if h.Note != "" {
				latest += "：" + h.Note
			}
		}
		row := b.button(a.ServiceName, kindPlain, RoleTile, func() {
			u.speak(private(progressSpeech(a)))
		})
		row.Detail = "当前：" + portal.StatusName(a.Status)
		if a.Status == portal.StatusNeedsSupplement || a.Status == portal.StatusRejected {
			row.DetailColor = theme.ColorNameError
		}
		row.Subtitle = latest
		row.WrapWidth = 1400
		row.MinHeight = 140
		b.items[len(b.items)-1].Hint = "当前" + portal.StatusName(a.Status)
		b.items[len(b.items)-1].Private = true
		rows = append(rows, row)
	}
	v.Body = vbox(append(rows, u.pager(b, j, page))...)
	v.Items = b.items
	return v
}

// progressSpeech reads an application's history.
func progressSpeech(a portal.ApplicationStatus) string {
	parts := []string{a.ServiceName, "当前" + portal.StatusName(a.Status)}
	for _, h := range a.History {
		p := h.At.Local().Format("1月2日") + portal.StatusName(h.Status)
		if h.Note != "" {
			p += "，" + h.Note
		}
		parts = append(parts, p)
	}
	return joinSpeech(parts...)
}

// buildLicenses is 电子证照: the list, and a license's preview with 打印
// (the screen's parameter is then the license's ID).
func buildLicenses(u *UI, s app.Screen) *View {
	b := u.builder()
	v := &View{Title: "电子证照", Instruction: "这是您的电子证照。点一张可以查看和打印。"}
	j := u.recording(journey.RecordsLicenses)
	if j == nil {
		return buildMissing(u, s)
	}
	if u.needIdentity(v, b, j) {
		return v
	}
	v.OnShow = j.Load
	if id := j.Showing(); id != "" {
		return u.licenseView(v, b, j, id)
	}
	if there, err := j.Listed(); u.loadingView(v, b, j, there, err) {
		return v
	}
	lics := j.Licenses()
	if len(lics) == 0 {
		v.Instruction = "没有查到您的电子证照。"
		v.Body = container.NewCenter(body(v.Instruction, 900))
		return v
	}
	page := j.Page(u.perPage())
	var rows []fyne.CanvasObject
	for _, l := range lics[page.From:page.To] {
		row := b.button(l.Name, kindPlain, RoleTile, func() { j.Preview(l.LicenseID) })
		row.Subtitle = fmt.Sprintf("%s · 有效期至 %s", l.Issuer, l.ValidTo)
		b.items[len(b.items)-1].Private = true // one of the citizen's licenses
		row.MinHeight = 130
		rows = append(rows, row)
	}
	v.Body = vbox(append(rows, u.pager(b, j, page))...)
	v.Items = b.items
	return v
}

// licenseView is one license: its picture and 打印.
func (u *UI) licenseView(v *View, b *viewBuilder, j *journey.Records, id string) *View {
	v.Title = "证照预览"
	p, err := j.Previewed()
	if u.loadingView(v, b, j, p != nil, err) {
		return v
	}
	pic := canvas.NewImageFromImage(p.Image)
	pic.FillMode = canvas.ImageFillContain
	z := currentZoom()
	pic.SetMinSize(fyne.NewSize(560*z, 720*z))
	v.Instruction = "这是证照的样子。需要纸质件请点“打印”，在下方出纸口取走。"
	print := b.button("打印", kindAccent, RoleButton, func() {
		j.Print(id)
		u.redraw()
		if st, _ := j.PrintState(id); st == journey.PrintFailed {
			u.say(u.licensePrintMessage(j, id))
		}
	})
	print.MinWidth, print.MinHeight = 360, 110
	var status fyne.CanvasObject = newText(u.licensePrintMessage(j, id), theme.SizeNameSubHeadingText, ColorNameMuted)
	if st, _ := j.PrintState(id); st == journey.PrintPrinting {
		status = newBusyLine(u.licensePrintMessage(j, id), u)
	}
	side := container.NewVBox(layout.NewSpacer(), print, status, layout.NewSpacer())
	v.Body = container.NewHBox(layout.NewSpacer(), card(pic), spacer(40, 0), side, layout.NewSpacer())
	v.Items = b.items
	return v
}

// licensePrintMessage says where printing license id stands ("" before
// the citizen asked for it).
func (u *UI) licensePrintMessage(j *journey.Records, id string) string {
	switch st, err := j.PrintState(id); st {
	case journey.PrintPrinting:
		return "正在打印……"
	case journey.PrintDone:
		return "已打印，请在下方出纸口取走。"
	case journey.PrintFailed:
		return u.printProblem(err)
	}
	return ""
}

// pager is 上一页/下一页 for the journey's paged list, or nothing.
func (u *UI) pager(b *viewBuilder, j *journey.Records, page journey.RecordsPage) fyne.CanvasObject {
	if page.Pages <= 1 {
		return spacer(0, 0)
	}
	turn := func(delta int) func() {
		return func() {
			j.TurnPage(delta)
			u.rebuild(u.lastSnap)
		}
	}
	prev := b.button("上一页", kindPlain, RoleButton, turn(-1))
	next := b.button("下一页", kindPlain, RoleButton, turn(1))
	prev.MinWidth, next.MinWidth = 240, 240
	if page.Index == 0 {
		prev.Hide()
	}
	if page.Index == page.Pages-1 {
		next.Hide()
	}
	b.items = withoutHidden(b.items)
	return container.NewHBox(layout.NewSpacer(), prev,
		container.NewCenter(newText(fmt.Sprintf("第 %d 页，共 %d 页", page.Index+1, page.Pages), theme.SizeNameText, ColorNameMuted)),
		next, layout.NewSpacer())
}
