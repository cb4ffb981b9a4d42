package screens

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
	"hallkiosk/screens/typeset"
)

// serviceScreen is the service detail: the time it takes offline and
// online, the plain-language guide, the materials, the steps, and one
// main action "开始办理".
type serviceScreen struct {
	u    *UI
	code string // the service's code in the catalog
}

func newServiceScreen(u *UI, s app.Screen) *serviceScreen { return &serviceScreen{u: u, code: s.Param} }

func (s *serviceScreen) build() *View {
	u := s.u
	st := u.style()
	it, ok := u.deps.Catalog.Get(s.code)
	if !ok {
		return missingView(st)
	}
	b := u.builder()
	mode := u.lastSnap.Mode
	col := float32(860)
	if u.portrait {
		col = portraitW - 120
	}

	instruction := fmt.Sprintf("线下要%s，在这里网上办只要%s。准备好后请点击“开始办理”。", it.OfflineTimeLimit, it.OnlineTimeLimit)
	var action fyne.CanvasObject
	if err := u.journeys().CanStore(); err != nil {
		// Said before the citizen fills a form the kiosk could not keep.
		instruction = noStoreNotice
		home := b.button("回到首页", kindPrimary, RoleButton, u.deps.Session.Home)
		home.MinWidth, home.MinHeight = 480, 100
		notice := u.text(noStoreNotice, theme.SizeNameSubHeadingText, theme.ColorNameError)
		notice.WrapWidth = min(float32(1100), u.contentWidth())
		action = vbox(centered(notice), container.NewCenter(container.NewHBox(home, u.tutorialButton(b, s.code), u.askButton(b, s.code))))
	} else {
		start := b.button("开始办理", kindAccent, RoleButton, s.onStart)
		start.TitleSize = theme.SizeNameHeadingText
		start.MinWidth, start.MinHeight = 480, 120
		b.items[0].Hint = "需要身份证"
		show := u.tutorialButton(b, s.code)
		ask := u.askButton(b, s.code)
		show.MinHeight, ask.MinHeight = 120, 120
		action = container.NewCenter(container.NewHBox(start, show, ask))
	}
	// 扫码手机办: the same service on the phone, and the card to take home.
	if j := u.applying(s.code); j != nil && j.MobileURL() != "" {
		instruction += mobileLine + "。"
		guide := u.guideButton(b, j)
		row := container.NewHBox(u.mobileQR(j, 150), container.NewCenter(vbox(guide,
			u.text(u.guideMessage(j), theme.SizeNameText, ColorNameMuted))))
		if u.portrait {
			action = vbox(container.NewCenter(row), action)
		} else {
			row.Add(container.NewCenter(action))
			action = container.NewCenter(row)
		}
	}

	offline := vbox(centered(u.text("线下办理", theme.SizeNameText, ColorNameMuted)),
		centered(emphText(st, it.OfflineTimeLimit, theme.SizeNameHeadingText, ColorNameMuted)))
	online := vbox(centered(u.text("网上办理", theme.SizeNameText, theme.ColorNameSuccess)),
		centered(emphText(st, it.OnlineTimeLimit, theme.SizeNameHeadingText, theme.ColorNameSuccess)))
	arrow := container.NewCenter(emphText(st, "→", theme.SizeNameHeadingText, ColorNameAccent))
	times := card(container.NewHBox(offline, arrow, online,
		container.NewCenter(u.text(fmt.Sprintf("少跑 %d 趟", it.StepsSaved), theme.SizeNameText, ColorNameMuted))))

	left := vbox(times, subheading(st, "办事指南"), body(st, it.Guide, col))
	if parts := u.deps.Catalog.Parts(it); len(parts) > 0 {
		var names []string
		for _, p := range parts {
			names = append(names, p.Name)
		}
		left.Add(subheading(st, fmt.Sprintf("一次办好 %d 件事", len(parts))))
		left.Add(body(st, numbered(names), col))
	}

	right := vbox(subheading(st, "所需材料"), body(st, materialsText(u.deps.Catalog.MaterialsOf(it)), col))
	if !mode.Elder || u.portrait {
		right.Add(subheading(st, "办理步骤"))
		right.Add(body(st, numbered(serviceSteps(it, u.deps.Catalog.MaterialsOf(it))), col))
	}

	var columns fyne.CanvasObject
	if u.portrait {
		columns = vbox(left, right)
	} else {
		columns = container.New(&splitLayout{ratio: 0.52}, left, right)
	}
	// The main action keeps its place at the bottom, whatever the text above.
	content := container.NewBorder(nil, action, nil, nil, columns)
	return &View{
		Title:       it.Name,
		Instruction: instruction,
		Help:        it.Guide,
		Body:        content,
		Items:       b.items,
		Prompts:     []string{it.Guide},
	}
}

// noStoreNotice tells a citizen, on the service page, that this kiosk
// cannot keep an application now and where to go instead.
const noStoreNotice = "本机暂时不能保存申请，请到大厅的网办优先窗口办理，或拨打政务服务热线12345咨询。"

// onStart begins the citizen's application for the service.
func (s *serviceScreen) onStart() {
	if j := s.u.applying(s.code); j != nil {
		j.Begin()
	}
}

// serviceSteps are the steps a citizen goes through at the kiosk, as the
// service detail lists them.
func serviceSteps(it portal.ServiceItem, mats []portal.Material) []string {
	var steps []string
	for _, st := range journey.StagesFor(it, mats) {
		if st == journey.StageFace {
			steps = append(steps, "看摄像头，核验本人")
			continue
		}
		steps = append(steps, string(st))
	}
	return steps
}

func materialsText(ms []portal.Material) string {
	if len(ms) == 0 {
		return "无需提交材料，刷身份证即可办理。"
	}
	var lines []string
	for _, m := range ms {
		line := m.Name
		if !m.Required {
			line += "（按情况提供）"
		}
		if m.FromLicense != "" {
			line += "（可调取电子证照，免提交）"
		}
		lines = append(lines, line)
	}
	return numbered(lines)
}

func numbered(lines []string) string {
	out := ""
	for i, l := range lines {
		if i > 0 {
			out += "\n"
		}
		out += fmt.Sprintf("%d. %s", i+1, l)
	}
	return out
}

// emphText is text emphasised by size and colour.
func emphText(st typeset.Style, s string, size fyne.ThemeSizeName, col fyne.ThemeColorName) *typeset.Text {
	return typeset.NewText(st, s, size, col)
}
