package screens

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
)

// pageTurn is the one page-turn control of the paged screens (a category's
// services, the review of a form, 进度查询 and 电子证照): 上一页 and 下一页
// around "第 n 页，共 m 页", the button at either end hidden. A turn calls
// turn with -1 or +1, keeps the citizen's session alive and announces the
// screen again. With the control come the words the screen adds to its
// instruction, so the page is spoken on entry and after every turn. It is
// nil and "" when everything fits on one page.
func (u *UI) pageTurn(b *viewBuilder, index, pages int, turn func(delta int)) (fyne.CanvasObject, string) {
	if pages <= 1 {
		return nil, ""
	}
	on := func(delta int) func() {
		return func() {
			turn(delta)
			u.deps.Session.Touch()
			u.rebuild(u.lastSnap)
		}
	}
	prev := b.button("上一页", kindPlain, RoleButton, on(-1))
	next := b.button("下一页", kindPlain, RoleButton, on(1))
	prev.MinWidth, next.MinWidth = 240, 240
	if index == 0 {
		prev.Hide()
	}
	if index == pages-1 {
		next.Hide()
	}
	b.items = withoutHidden(b.items)
	shown := u.text(fmt.Sprintf("第 %d 页，共 %d 页", index+1, pages), theme.SizeNameText, ColorNameMuted)
	return container.NewHBox(layout.NewSpacer(), prev, container.NewCenter(shown), next, layout.NewSpacer()),
		fmt.Sprintf(" 第%d页，共%d页。", index+1, pages)
}

// pageCount is how many pages of per items n items fill.
func pageCount(n, per int) int { return (n + per - 1) / per }

// pageShown is page clamped to pages (a list gets fewer pages when
// 长辈版 is switched off).
func pageShown(page, pages int) int { return max(min(page, pages-1), 0) }

// turnedPage is the page after a turn of delta from shown, within pages.
func turnedPage(shown, delta, pages int) int { return min(max(shown+delta, 0), pages-1) }

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
