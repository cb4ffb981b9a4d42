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
	u *UI
	j *journey.Records
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
	v.Instruction = fmt.Sprintf("查到%d件事项。点一件可以听到详细进度。", len(apps))
	v.Private = true // the citizen's own applications, as every row below
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

// onApplication reads an application's history, privately.
func (s *progressScreen) onApplication(a portal.ApplicationStatus) {
	s.u.speak(private(progressSpeech(a)))
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
