package screens

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
)

// progressScreen is 进度查询: the citizen's applications and where each
// stands, after the card and face check, a page at a time (the page is the
// journey's).
type progressScreen struct {
	u    *UI
	j    *journey.Records
	open string // the application whose timeline is on show, "" for the list
}

func newProgressScreen(u *UI, _ app.Screen) *progressScreen {
	return &progressScreen{u: u, j: u.recording(journey.RecordsProgress)}
}

func (s *progressScreen) build() *View {
	u, j := s.u, s.j
	st := u.style()
	b := u.builder()
	v := &View{Title: "进度查询", Instruction: "这是您办理的事项和进度。"}
	if j == nil {
		return missingView(st)
	}
	if needIdentity(v, b, j) {
		return v
	}
	v.OnShow = j.Load
	if there, err := j.Listed(); u.loadingView(v, b, j, there, err) {
		return v
	}
	apps := j.Applications()
	if len(apps) == 0 {
		v.Instruction = "没有查到您办理的事项。"
		v.Body = container.NewCenter(body(st, v.Instruction, 900))
		return v
	}
	v.Private = true // the citizen's own applications, as every row below
	for _, a := range apps {
		if a.ApplicationID == s.open && s.open != "" {
			if j.Supplementing() == a.ApplicationID {
				return s.supplementView(v, b, a)
			}
			return s.timeline(v, b, a)
		}
	}
	v.Instruction = fmt.Sprintf("查到%d件事项。点一件可以看到办理的每一步。", len(apps))
	page := j.Page(u.recordsPerPage())
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
		row := b.button(a.ServiceName, kindPlain, RoleTile, func() { s.onApplication(a) })
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
	list := vbox(rows...)
	if turn, words := u.pageTurn(b, page.Index, page.Pages, j.TurnPage); turn != nil {
		list.Add(turn)
		v.Instruction += words
	}
	v.Body = list
	v.Items = b.items
	return v
}

// onApplication shows an application's timeline and reads its history,
// privately.
func (s *progressScreen) onApplication(a portal.ApplicationStatus) {
	s.open = a.ApplicationID
	s.u.rebuild(s.u.lastSnap)
	s.u.speak(private(progressSpeech(a)))
}

// timeline is the view of one application: its history as a timeline and,
// when it waits for a 补正, what is missing.
func (s *progressScreen) timeline(v *View, b *viewBuilder, a portal.ApplicationStatus) *View {
	u := s.u
	st := u.style()
	v.Title = a.ServiceName
	v.Instruction = "当前" + portal.StatusName(a.Status) + "。下面是办理的每一步。"
	content := vbox()
	if missing := missingOf(a); missing != "" {
		v.Instruction = "需要补正：" + missing
		warn := u.text("还缺："+missing, theme.SizeNameSubHeadingText, theme.ColorNameError)
		warn.WrapWidth = u.contentWidth() - 80
		add := b.button("现在补交材料", kindAccent, RoleButton, func() {
			if s.j.StartSupplement(a.ApplicationID) == nil {
				u.rebuild(u.lastSnap)
			}
		})
		add.MinWidth = 400
		content.Add(card(vbox(warn, body(st, "可以现在用高拍仪补交；也可以带上材料到网办优先窗口，或在手机上“我的办件”里补交。", u.contentWidth()-80),
			container.NewHBox(add))))
	}
	content.Add(u.timelineView(a))
	back := b.button("返回列表", kindPrimary, RoleButton, func() {
		s.open = ""
		u.rebuild(u.lastSnap)
	})
	back.MinWidth = 400
	rate := b.button("评价这件事", kindPlain, RoleButton, func() { s.j.OpenRating(a.ApplicationID) })
	rate.MinWidth = 400
	v.Body = container.NewBorder(nil, container.NewCenter(container.NewHBox(back, rate)), nil, nil, content)
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

// openRateLatest is 评价最近一次办事 on the home screen: 进度查询 (through the
// identity check when needed), then the rating of the latest application.
func (u *UI) openRateLatest() {
	if j := u.recording(journey.RecordsProgress); j != nil {
		j.BeginRating()
	}
}
