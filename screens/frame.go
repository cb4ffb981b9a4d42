package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/reach"
)

// frame wraps a view in the fixed header (hall name, time, 长辈版 and 语音
// toggles), the title line, and the fixed footer (返回, 首页, 呼叫工作人员,
// 结束办理). It returns the page and the frame's own items.
func (u *UI) frame(v *View, s app.Snapshot) (fyne.CanvasObject, []*Item) {
	st := u.style()
	var items []*Item

	// Footer: within reach at the bottom of the screen.
	var footerLeft []fyne.CanvasObject
	if s.CanGoBack && !v.NoBack {
		back, it := u.button("返回", kindPlain, RoleButton, u.goBack)
		back.MinWidth = 200
		footerLeft = append(footerLeft, back)
		items = append(items, it)
	}
	if s.Screen.ID != app.ScreenHome {
		home, it := u.button("首页", kindPlain, RoleButton, u.deps.Session.Home)
		home.MinWidth = 200
		footerLeft = append(footerLeft, home)
		items = append(items, it)
	}
	staff, staffItem := u.button("呼叫工作人员", kindPlain, RoleButton, u.callStaff)
	staff.MinWidth = 260
	end, endItem := u.button("结束办理", kindPrimary, RoleButton, u.deps.Session.Finish)
	end.MinWidth = 260
	items = append(items, staffItem, endItem)
	footer := container.NewHBox(append(footerLeft, layout.NewSpacer(), staff, end)...)

	// Header: hall name and time; the mode toggles repeat on every screen.
	mode := s.Mode
	elderBtn, elderItem := u.toggle("长辈版", mode.Elder, func() {
		m := u.deps.Session.Snapshot().Mode
		m.Elder = !m.Elder
		u.deps.Session.SetMode(m)
	})
	voiceBtn, voiceItem := u.toggle("语音导航", mode.Voice, func() {
		m := u.deps.Session.Snapshot().Mode
		m.Voice = !m.Voice
		u.deps.Session.SetMode(m)
	})
	hcBtn, hcItem := u.toggle("高对比", mode.HighContrast, func() {
		m := u.deps.Session.Snapshot().Mode
		m.HighContrast = !m.HighContrast
		u.deps.Session.SetMode(m)
	})
	for i, b := range []*tapButton{elderBtn, voiceBtn, hcBtn} {
		b.Kind = kindQuiet // on the header's blue
		if u.portrait {
			b.Kind = kindPlain // above the footer, on the page
		}
		if []bool{mode.Elder, mode.Voice, mode.HighContrast}[i] {
			b.Kind = kindAccent
		}
	}
	items = append(items, elderItem, voiceItem, hcItem)
	hall := u.text(u.deps.Config.Kiosk.HallName, theme.SizeNameSubHeadingText, ColorNameOnHeader)
	u.clockLabel = u.text(u.clockText(), theme.SizeNameText, ColorNameOnHeader)
	// Upright screens are too narrow for one line, and their top is out
	// of a seated person's reach: the toggles go above the footer.
	headRow := container.NewHBox(container.NewCenter(hall), layout.NewSpacer(), container.NewCenter(u.clockLabel))
	var toggles fyne.CanvasObject
	if u.portrait {
		toggles = container.NewHBox(layout.NewSpacer(), elderBtn, voiceBtn, hcBtn)
	} else {
		headRow.Add(elderBtn)
		headRow.Add(voiceBtn)
		headRow.Add(hcBtn)
	}
	header := band(ColorNameHeader, container.New(layout.NewCustomPaddedLayout(0, 0, st.Scale(pageMargin)/2, st.Scale(pageMargin)/2), headRow))

	// Title line: where am I, which step, what to do.
	titleRow := []fyne.CanvasObject{heading(st, v.Title)}
	if v.Step != "" {
		titleRow = append(titleRow, container.NewCenter(u.text(v.Step, theme.SizeNameSubHeadingText, ColorNameMuted)))
	}
	title := vbox(container.NewHBox(titleRow...))
	if v.Instruction != "" {
		title.Add(body(st, v.Instruction, u.contentWidth()))
	}
	m := st.Scale(pageMargin)
	top := container.NewVBox(header, container.New(layout.NewCustomPaddedLayout(m/2, 0, m, m), title))
	bottom := container.New(layout.NewCustomPaddedLayout(0, m/2, m, m), footer)
	content := container.New(layout.NewCustomPaddedLayout(m/2, m/2, m, m), v.Body)
	if u.portrait {
		bottom = container.New(layout.NewCustomPaddedLayout(0, m/2, m, m), container.NewVBox(toggles, footer))
		return container.New(&reachLayout{band: u.reachBand()}, top, content, bottom), items
	}
	return container.NewBorder(top, bottom, nil, nil, content), items
}

// reachLayout lays out an upright page: the header and title at the top,
// the footer (with the mode toggles) at the bottom, and the body between,
// starting no higher than the reach zone's top so its actions, keyboards
// and keypads stay within a seated person's reach. A body taller than the
// zone grows upwards, up to the title. Objects: top, body, bottom.
type reachLayout struct{ band reach.Band }

func (l *reachLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top, body, bottom := objs[0], objs[1], objs[2]
	th, bh := top.MinSize().Height, bottom.MinSize().Height
	top.Move(fyne.NewPos(0, 0))
	top.Resize(fyne.NewSize(size.Width, th))
	bottom.Move(fyne.NewPos(0, size.Height-bh))
	bottom.Resize(fyne.NewSize(size.Width, bh))
	end := size.Height - bh
	y := max(th, l.band.Top*size.Height)
	if need := body.MinSize().Height; end-y < need {
		y = max(th, end-need)
	}
	body.Move(fyne.NewPos(0, y))
	body.Resize(fyne.NewSize(size.Width, end-y))
}

func (l *reachLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height
	}
	return fyne.NewSize(w, h)
}

// pageMargin is the logical margin around the page content.
const pageMargin = 32

// toggle is an on/off switch button whose state is spoken.
func (u *UI) toggle(name string, on bool, flip func()) (*tapButton, *Item) {
	label := name + "：关"
	if on {
		label = name + "：开"
	}
	b, it := u.button(label, kindPlain, RoleToggle, flip)
	it.Name = name
	it.State = func() string {
		if on {
			return "已开启"
		}
		return "已关闭"
	}
	if on {
		b.Kind = kindPrimary
	}
	return b, it
}

// contentWidth is the logical width of the body column.
func (u *UI) contentWidth() float32 {
	if u.portrait {
		return portraitW - 80
	}
	return landscapeW - 80
}

// reachBand is the part of the screen a seated person reaches, from the
// configured mount (app/reach). Wide, the panel lies on its side: its
// picture is 9/16 as high.
func (u *UI) reachBand() reach.Band {
	m := u.deps.Config.Kiosk.Mount()
	if !u.portrait {
		m.HeightMM = m.HeightMM * landscapeH / portraitH
	}
	return reach.Of(m)
}
