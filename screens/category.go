package screens

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"

	"hallkiosk/app"
	"hallkiosk/app/portal"
)

// buildCategory lists the services for citizens (个人) or enterprises (企业),
// a page at a time: no scrolling, which touch screens and older users
// handle badly.
func buildCategory(u *UI, s app.Screen) *View {
	title := "个人服务"
	if s.Param == portal.AudienceEnterprise {
		title = "企业服务"
	}
	return u.servicePages(title, "请选择要办理的事项。", u.deps.Catalog.ForAudience(s.Param))
}

// servicePages shows services as tiles, paged.
func (u *UI) servicePages(title, instruction string, items []portal.ServiceItem) *View {
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
	pages := (len(items) + per - 1) / per
	page := u.pageOf(pages)
	from := page * per
	to := min(from+per, len(items))
	var tiles []fyne.CanvasObject
	for _, it := range items[from:to] {
		tiles = append(tiles, u.serviceTile(b, it))
	}
	var content fyne.CanvasObject
	if len(tiles) == 0 {
		content = container.NewCenter(body("没有找到相关服务。可以换个词搜索，或呼叫工作人员。", 900))
	} else {
		content = grid(cols, tiles...)
	}
	box := vbox(content)
	if pages > 1 {
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
		box.Add(container.NewHBox(layout.NewSpacer(), prev,
			container.NewCenter(newText(fmt.Sprintf("第 %d 页，共 %d 页", page+1, pages), "text", ColorNameMuted)), next, layout.NewSpacer()))
		instruction += fmt.Sprintf(" 第%d页，共%d页。", page+1, pages)
	}
	return &View{Title: title, Instruction: instruction, Body: box, Items: b.items}
}

// pageOf returns the page to show for the current screen, clamped.
func (u *UI) pageOf(pages int) int {
	if u.pages == nil {
		u.pages = map[app.Screen]int{}
	}
	p := u.pages[u.lastSnap.Screen]
	if p >= pages {
		p = max(pages-1, 0)
	}
	return p
}

func (u *UI) turnPage(delta, pages int) {
	if u.pages == nil {
		u.pages = map[app.Screen]int{}
	}
	scr := u.lastSnap.Screen
	u.pages[scr] = min(max(u.pages[scr]+delta, 0), pages-1)
	u.deps.Session.Touch()
	u.rebuild(u.lastSnap)
}

// withoutHidden drops items whose widget is hidden.
func withoutHidden(items []*Item) []*Item {
	var out []*Item
	for _, it := range items {
		if it.Object == nil || it.Object.Visible() {
			out = append(out, it)
		}
	}
	return out
}
