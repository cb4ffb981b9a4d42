package screens

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
)

// licensesScreen is 电子证照: the list, a page at a time (the page is the
// journey's), and a license's preview with 打印 (the screen's parameter is
// then the license's ID).
type licensesScreen struct {
	u *UI
	j *journey.Records
}

func newLicensesScreen(u *UI, _ app.Screen) *licensesScreen {
	return &licensesScreen{u: u, j: u.recording(journey.RecordsLicenses)}
}

func (s *licensesScreen) build() *View {
	u, j := s.u, s.j
	st := u.style()
	b := u.builder()
	v := &View{Title: "电子证照", Instruction: "这是您的电子证照。点一张可以查看和打印。"}
	if j == nil {
		return missingView(st)
	}
	if needIdentity(v, b, j) {
		return v
	}
	v.OnShow = j.Load
	if id := j.Showing(); id != "" {
		return s.preview(v, b, id)
	}
	if there, err := j.Listed(); u.loadingView(v, b, j, there, err) {
		return v
	}
	lics := j.Licenses()
	if len(lics) == 0 {
		v.Instruction = "没有查到您的电子证照。"
		v.Body = container.NewCenter(body(st, v.Instruction, 900))
		return v
	}
	page := j.Page(u.recordsPerPage())
	var rows []fyne.CanvasObject
	for _, l := range lics[page.From:page.To] {
		row := b.button(l.Name, kindPlain, RoleTile, func() { j.Preview(l.LicenseID) })
		row.Subtitle = fmt.Sprintf("%s · 有效期至 %s", l.Issuer, l.ValidTo)
		b.items[len(b.items)-1].Private = true // one of the citizen's licenses
		row.MinHeight = 130
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

// preview is one license: its picture and 打印.
func (s *licensesScreen) preview(v *View, b *viewBuilder, id string) *View {
	u, j := s.u, s.j
	st := u.style()
	v.Title = "证照预览"
	p, err := j.Previewed()
	if u.loadingView(v, b, j, p != nil, err) {
		return v
	}
	pic := canvas.NewImageFromImage(p.Image)
	pic.FillMode = canvas.ImageFillContain
	pic.SetMinSize(fyne.NewSize(st.Scale(560), st.Scale(720)))
	v.Instruction = "这是证照的样子。需要纸质件请点“打印”，在下方出纸口取走。"
	print := b.button("打印", kindAccent, RoleButton, func() { s.onPrint(id) })
	print.MinWidth, print.MinHeight = 360, 110
	var status fyne.CanvasObject = u.text(u.licensePrintMessage(j, id), theme.SizeNameSubHeadingText, ColorNameMuted)
	if st, _ := j.PrintState(id); st == journey.PrintPrinting {
		status = newBusyLine(u.licensePrintMessage(j, id), u)
	}
	side := container.NewVBox(layout.NewSpacer(), print, status, layout.NewSpacer())
	v.Body = container.NewHBox(layout.NewSpacer(), card(pic), spacer(st, 40, 0), side, layout.NewSpacer())
	v.Items = b.items
	return v
}

// onPrint prints license id on the A4 printer in the background; a
// failure known at once (no printer) is shown and spoken at once.
func (s *licensesScreen) onPrint(id string) {
	s.j.Print(id)
	s.u.redraw()
	if st, _ := s.j.PrintState(id); st == journey.PrintFailed {
		s.u.say(s.u.licensePrintMessage(s.j, id))
	}
}
