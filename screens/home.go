package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
)

// homeScreen is the home screen: 热门服务, the 个人/企业 categories, search,
// the big 长辈版 and 语音导航 switches, and the entries 进度查询, 电子证照,
// 意见建议 (呼叫工作人员 sits in the footer of every screen).
type homeScreen struct {
	u *UI
}

func newHomeScreen(u *UI, _ app.Screen) *homeScreen { return &homeScreen{u: u} }

func (s *homeScreen) build() *View {
	u := s.u
	st := u.style()
	b := u.builder()
	mode := u.lastSnap.Mode
	hot := u.deps.Hot.Items(u.deps.Catalog)
	cols, perPage := 4, 8
	if u.portrait {
		// Two columns, three rows: the page must fit the reach zone.
		cols, perPage = 2, 6
	}
	if mode.Elder {
		cols, perPage = 2, 4
	}
	if len(hot) > perPage {
		hot = hot[:perPage]
	}
	var tiles []fyne.CanvasObject
	for _, it := range hot {
		tiles = append(tiles, u.serviceTile(b, it))
	}

	// The two big switches come first: whoever needs them finds them.
	elder := b.button("长辈版", kindPlain, RoleToggle, s.onElder)
	elder.Subtitle = "大字 · 慢读 · 时间长"
	switchState(elder, mode.Elder)
	elder.TitleSize = theme.SizeNameSubHeadingText
	setToggleLook(elder, b.items[len(b.items)-1], "长辈版", mode.Elder)
	voice := b.button("语音导航", kindPlain, RoleToggle, s.onVoice)
	voice.Subtitle = "读屏 · 键盘操作"
	switchState(voice, mode.Voice)
	voice.TitleSize = theme.SizeNameSubHeadingText
	setToggleLook(voice, b.items[len(b.items)-1], "语音导航", mode.Voice)

	person := b.button("个人服务", kindPrimary, RoleButton, func() { s.onCategory(portal.AudiencePerson) })
	enterprise := b.button("企业服务", kindPrimary, RoleButton, func() { s.onCategory(portal.AudienceEnterprise) })
	search := b.button("搜索服务", kindPlain, RoleButton, s.onSearch)
	search.Subtitle = "输入拼音首字母，如 gjj"
	progress := b.button("进度查询", kindPlain, RoleButton, func() { u.openRecords(journey.RecordsProgress) })
	licenses := b.button("电子证照", kindPlain, RoleButton, func() { u.openRecords(journey.RecordsLicenses) })
	feedback := b.button("意见建议", kindPlain, RoleButton, s.onFeedback)
	rateLast := b.button("评价最近一次办事", kindPlain, RoleButton, u.openRateLatest)
	askBtn := u.askButton(b, "")
	askBtn.Subtitle = "有问题？写下来，马上给您答案"
	for _, btn := range []*tapButton{person, enterprise} {
		btn.TitleSize = theme.SizeNameSubHeadingText
		btn.MinHeight = 130
	}

	hotBox := vbox(subheading(st, "热门服务"), grid(cols, tiles...))
	switches := grid(2, elder, voice)
	categories := grid(3, person, enterprise, search)
	mine := grid(2, progress, licenses, feedback, rateLast)
	if mode.Elder {
		// 长辈版: fewer, bigger choices on one screen.
		categories = grid(2, person, enterprise)
		mine = grid(2, search, progress)
		licenses.Hide()
		feedback.Hide()
		rateLast.Hide()
		b.items = withoutObjects(b.items, licenses, feedback, rateLast)
	}
	mine = vbox(mine, askBtn) // 问一问 (智能客服), a row of its own

	var content fyne.CanvasObject
	if u.portrait {
		content = vbox(switches, hotBox, categories, mine)
	} else {
		side := vbox(switches, spacer(st, 0, 8), subheading(st, "我的办事"), mine)
		content = container.New(&splitLayout{ratio: 0.62}, vbox(hotBox, spacer(st, 0, 8), categories), side)
	}
	return &View{
		Title:       "首页",
		Instruction: "请选择要办理的事项。看不清可以打开长辈版，看不见可以打开语音导航。",
		Help:        "首页上方是热门服务，下方可以按个人或企业查找服务，也可以搜索。右侧可以查询办理进度、查看电子证照。",
		Body:        content,
		Items:       b.items,
		NoBack:      true,
	}
}

// onElder switches 长辈版.
func (s *homeScreen) onElder() {
	m := s.u.deps.Session.Snapshot().Mode
	m.Elder = !m.Elder
	s.u.deps.Session.SetMode(m)
}

// onVoice switches 语音导航.
func (s *homeScreen) onVoice() {
	m := s.u.deps.Session.Snapshot().Mode
	m.Voice = !m.Voice
	s.u.deps.Session.SetMode(m)
}

// onCategory lists the services of an audience (个人 or 企业).
func (s *homeScreen) onCategory(audience string) {
	s.u.deps.Session.Open(app.Screen{ID: app.ScreenCategory, Param: audience})
}

// onSearch opens the search.
func (s *homeScreen) onSearch() { s.u.deps.Session.Open(app.Screen{ID: app.ScreenSearch}) }

// onFeedback starts 意见建议.
func (s *homeScreen) onFeedback() { s.u.feedbackJourney().Begin() }

// serviceTile is one service on a grid: its name and the time it saves.
func (u *UI) serviceTile(b *viewBuilder, it portal.ServiceItem) *tapButton {
	code := it.Code
	tile := b.button(it.Name, kindPlain, RoleTile, func() {
		u.deps.Session.Open(app.Screen{ID: app.ScreenService, Param: code})
	})
	if u.lastSnap.Mode.Elder {
		tile.TitleSize = theme.SizeNameSubHeadingText
	}
	tile.Detail = "网上 " + it.OnlineTimeLimit
	tile.Subtitle = "线下 " + it.OfflineTimeLimit
	tile.MinHeight = 170
	b.items[len(b.items)-1].Hint = "线下" + it.OfflineTimeLimit + "，网上" + it.OnlineTimeLimit
	return tile
}

// switchState shows a big switch's state in words, not colour alone.
func switchState(b *tapButton, on bool) {
	if on {
		b.Detail = "已开启 · 点一下关闭"
		return
	}
	b.Detail, b.DetailColor = "已关闭 · 点一下开启", ColorNameMuted
}

// setToggleLook colours a switch by its state and makes it speak it.
func setToggleLook(b *tapButton, it *Item, name string, on bool) {
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
}

// withoutObjects drops the items of hidden widgets from the focus order.
func withoutObjects(items []*Item, objs ...fyne.CanvasObject) []*Item {
	var out []*Item
next:
	for _, it := range items {
		for _, o := range objs {
			if it.Object == o {
				continue next
			}
		}
		out = append(out, it)
	}
	return out
}

// splitLayout puts two objects side by side, the first taking ratio of the
// width, both top-aligned at their own height.
type splitLayout struct{ ratio float32 }

func (l *splitLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	gap := theme.Padding() * 4
	w1 := (size.Width - gap) * l.ratio
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(w1, size.Height))
	objs[1].Move(fyne.NewPos(w1+gap, 0))
	objs[1].Resize(fyne.NewSize(size.Width-w1-gap, size.Height))
}

func (l *splitLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 2 {
		return fyne.NewSize(0, 0)
	}
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(a.Width+b.Width+theme.Padding()*4, max(a.Height, b.Height))
}

var _ fyne.Layout = (*splitLayout)(nil)
