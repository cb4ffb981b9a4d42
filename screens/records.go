package screens

import (
	"context"
	"errors"
	"fmt"
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/portal"
)

// needIdentity fills v with the way to the card and face check when the
// citizen has not been checked yet, and reports whether it did.
func (u *UI) needIdentity(v *View, b *viewBuilder, purpose string) bool {
	if u.deps.Session.Data().Identity() != "" {
		return false
	}
	v.Instruction = "查询前要先刷身份证，并看摄像头核验本人。"
	start := b.button("刷身份证查询", kindAccent, RoleButton, func() {
		u.deps.Session.Replace(app.Screen{ID: app.ScreenIDCard, Param: purpose})
	})
	start.TitleSize = theme.SizeNameSubHeadingText
	start.MinWidth, start.MinHeight = 480, 110
	v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(body(v.Instruction, 1000)),
		container.NewCenter(start), layout.NewSpacer())
	v.Items = b.items
	return true
}

// openRecords opens 进度查询 or 电子证照, through the identity check when the
// citizen has not had one yet.
func (u *UI) openRecords(id app.ScreenID, purpose string) {
	if u.deps.Session.Data().Identity() == "" {
		u.deps.Session.Open(app.Screen{ID: app.ScreenIDCard, Param: purpose})
		return
	}
	u.deps.Session.Open(app.Screen{ID: id})
}

// loadOnce fetches a screen's data in the background when it is entered.
func (u *UI) loadOnce(load func(ctx context.Context) (any, error)) {
	if u.flow.busy || u.flow.loaded != nil || u.flow.err != nil || u.dry {
		return
	}
	u.flow.busy = true
	seq, scr := u.lastSnap.Seq, u.lastSnap.Screen
	var loaded any
	u.background(func(ctx context.Context) error {
		var err error
		loaded, err = load(ctx)
		return err
	}, func(err error) {
		if u.lastSnap.Seq != seq || u.lastSnap.Screen != scr {
			return
		}
		u.flow.busy, u.flow.err, u.flow.loaded = false, err, loaded
		u.rebuild(u.lastSnap)
	})
}

// loadingView is shown while a list comes from the portal, or when it
// could not.
func (u *UI) loadingView(v *View, b *viewBuilder, retry func()) bool {
	switch {
	case u.flow.busy || (u.flow.loaded == nil && u.flow.err == nil):
		v.Instruction = "正在查询，请稍候。"
		v.Body = container.NewCenter(newText("正在查询，请稍候……", theme.SizeNameHeadingText, theme.ColorNamePrimary))
		return true
	case u.flow.err != nil:
		v.Instruction = recordsProblem(u.flow.err)
		again := b.button("再试一次", kindAccent, RoleButton, func() {
			u.flow.err = nil
			retry()
		})
		again.MinWidth = 400
		v.Body = container.NewVBox(layout.NewSpacer(),
			container.NewCenter(body(v.Instruction, 1000)), container.NewCenter(again), layout.NewSpacer())
		v.Items = b.items
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

// buildProgress is 进度查询: the citizen's applications and where each
// stands, after the card and face check.
func buildProgress(u *UI, s app.Screen) *View {
	b := u.builder()
	v := &View{Title: "进度查询", Instruction: "这是您办理的事项和进度。"}
	if u.needIdentity(v, b, app.PurposeProgress) {
		return v
	}
	load := func() {
		u.loadOnce(func(ctx context.Context) (any, error) { return u.deps.Records.Applications(ctx) })
	}
	v.OnShow = load
	if u.loadingView(v, b, func() { load(); u.redraw() }) {
		return v
	}
	apps, _ := u.flow.loaded.([]portal.ApplicationStatus)
	if len(apps) == 0 {
		v.Instruction = "没有查到您办理的事项。"
		v.Body = container.NewCenter(body(v.Instruction, 900))
		return v
	}
	v.Instruction = fmt.Sprintf("查到%d件事项。点一件可以听到详细进度。", len(apps))
	v.Private = true // the citizen's own applications, as every row below
	var rows []fyne.CanvasObject
	for _, a := range pageSlice(u, apps, 4) {
		a := a
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
	v.Body = vbox(append(rows, u.pager(b, len(apps), 4))...)
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

// buildLicenses is 电子证照: the list, and a license's preview with 打印.
func buildLicenses(u *UI, s app.Screen) *View {
	b := u.builder()
	v := &View{Title: "电子证照", Instruction: "这是您的电子证照。点一张可以查看和打印。"}
	if u.needIdentity(v, b, app.PurposeLicenses) {
		return v
	}
	if id, ok := strings.CutPrefix(s.Param, "show:"); ok {
		return u.licenseView(v, b, id)
	}
	load := func() {
		u.loadOnce(func(ctx context.Context) (any, error) { return u.deps.Records.Licenses(ctx) })
	}
	v.OnShow = load
	if u.loadingView(v, b, func() { load(); u.redraw() }) {
		return v
	}
	lics, _ := u.flow.loaded.([]portal.License)
	if len(lics) == 0 {
		v.Instruction = "没有查到您的电子证照。"
		v.Body = container.NewCenter(body(v.Instruction, 900))
		return v
	}
	var rows []fyne.CanvasObject
	for _, l := range pageSlice(u, lics, 4) {
		l := l
		row := b.button(l.Name, kindPlain, RoleTile, func() {
			u.deps.Session.Open(app.Screen{ID: app.ScreenLicenses, Param: "show:" + l.LicenseID})
		})
		row.Subtitle = fmt.Sprintf("%s · 有效期至 %s", l.Issuer, l.ValidTo)
		b.items[len(b.items)-1].Private = true // one of the citizen's licenses
		row.MinHeight = 130
		rows = append(rows, row)
	}
	v.Body = vbox(append(rows, u.pager(b, len(lics), 4))...)
	v.Items = b.items
	return v
}

// licensePreview is what licenseView loads.
type licensePreview struct {
	img image.Image
	pdf []byte
}

func (u *UI) licenseView(v *View, b *viewBuilder, id string) *View {
	v.Title = "证照预览"
	load := func() {
		u.loadOnce(func(ctx context.Context) (any, error) {
			img, pdf, err := u.deps.Records.LicensePreview(ctx, id, 96)
			return licensePreview{img: img, pdf: pdf}, err
		})
	}
	v.OnShow = load
	if u.loadingView(v, b, func() { load(); u.redraw() }) {
		return v
	}
	p, _ := u.flow.loaded.(licensePreview)
	pic := canvas.NewImageFromImage(p.img)
	pic.FillMode = canvas.ImageFillContain
	z := currentZoom()
	pic.SetMinSize(fyne.NewSize(560*z, 720*z))
	v.Instruction = "这是证照的样子。需要纸质件请点“打印”，在下方出纸口取走。"
	print := b.button("打印", kindAccent, RoleButton, func() {
		u.flow.printMsg = "正在打印……"
		u.redraw()
		seq := u.lastSnap.Seq
		u.background(func(ctx context.Context) error { return u.deps.Records.Print(ctx, p.pdf) }, func(err error) {
			if u.lastSnap.Seq != seq {
				return
			}
			u.flow.printMsg = "已打印，请在下方出纸口取走。"
			if err != nil {
				u.flow.printMsg = u.printProblem(err)
			}
			u.redraw()
			u.say(u.flow.printMsg)
		})
	})
	print.MinWidth, print.MinHeight = 360, 110
	status := newText(u.flow.printMsg, theme.SizeNameSubHeadingText, ColorNameMuted)
	side := container.NewVBox(layout.NewSpacer(), print, status, layout.NewSpacer())
	v.Body = container.NewHBox(layout.NewSpacer(), card(pic), spacer(40, 0), side, layout.NewSpacer())
	v.Items = b.items
	return v
}

// pageSlice returns the current page of items, per at a time.
func pageSlice[T any](u *UI, items []T, per int) []T {
	if u.lastSnap.Mode.Elder {
		per = max(per/2, 1)
	}
	pages := (len(items) + per - 1) / per
	p := u.pageOf(pages)
	return items[p*per : min(p*per+per, len(items))]
}

// pager is 上一页/下一页 for a paged list, or nothing.
func (u *UI) pager(b *viewBuilder, n, per int) fyne.CanvasObject {
	if u.lastSnap.Mode.Elder {
		per = max(per/2, 1)
	}
	pages := (n + per - 1) / per
	if pages <= 1 {
		return spacer(0, 0)
	}
	page := u.pageOf(pages)
	prev := b.button("上一页", kindPlain, RoleButton, func() { u.turnPage(-1, pages) })
	next := b.button("下一页", kindPlain, RoleButton, func() { u.turnPage(1, pages) })
	prev.MinWidth, next.MinWidth = 240, 240
	if page == 0 {
		prev.Hide()
	}
	if page == pages-1 {
		next.Hide()
	}
	b.items = withoutHidden(b.items)
	return container.NewHBox(layout.NewSpacer(), prev,
		container.NewCenter(newText(fmt.Sprintf("第 %d 页，共 %d 页", page+1, pages), theme.SizeNameText, ColorNameMuted)),
		next, layout.NewSpacer())
}
