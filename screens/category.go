package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"hallkiosk/app"
	"hallkiosk/app/portal"
)

// categoryScreen lists the services for citizens (个人) or enterprises
// (企业), a page at a time: no scrolling, which touch screens and older
// users handle badly. It keeps its page while the citizen looks at a
// service and comes back.
type categoryScreen struct {
	u        *UI
	audience string // portal.AudiencePerson or portal.AudienceEnterprise
	page     int    // the page on show, from 0
}

func newCategoryScreen(u *UI, s app.Screen) *categoryScreen {
	return &categoryScreen{u: u, audience: s.Param}
}

func (s *categoryScreen) keepsPlace() {}

func (s *categoryScreen) build() *View {
	u := s.u
	st := u.style()
	title := "个人服务"
	if s.audience == portal.AudienceEnterprise {
		title = "企业服务"
	}
	instruction := "请选择要办理的事项。"
	items := u.deps.Catalog.ForAudience(s.audience)
	b := u.builder()
	mode := u.lastSnap.Mode
	cols, rows := 4, 3
	if u.portrait {
		cols, rows = 2, 5
	}
	if mode.Elder {
		cols, rows = 3, 2 // half as many, with room for the big tiles
		if u.portrait {
			cols, rows = 1, 5
		}
	}
	per := cols * rows
	pages := pageCount(len(items), per)
	page := pageShown(s.page, pages)
	from := page * per
	to := min(from+per, len(items))
	var tiles []fyne.CanvasObject
	for _, it := range items[from:to] {
		tiles = append(tiles, u.serviceTile(b, it))
	}
	var content fyne.CanvasObject
	if len(tiles) == 0 {
		content = container.NewCenter(body(st, "没有找到相关服务。可以换个词搜索，或呼叫工作人员。", 900))
	} else {
		content = grid(cols, tiles...)
	}
	box := vbox(content)
	if turn, words := u.pageTurn(b, page, pages, func(delta int) { s.page = turnedPage(page, delta, pages) }); turn != nil {
		box.Add(turn)
		instruction += words
	}
	return &View{Title: title, Instruction: instruction, Body: box, Items: b.items}
}
