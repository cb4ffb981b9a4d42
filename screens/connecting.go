package screens

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
)

// ScreenConnecting is the id Shown reports while the connecting screen is
// up; it is no screen of the session's.
const ScreenConnecting app.ScreenID = "connecting"

// connectingTitle is the connecting screen's title, shown and spoken.
const connectingTitle = "正在连接服务平台"

// connectingView is what a kiosk shows while it has no catalog at all (its
// first start, none cached): not a service it cannot vouch for, but that
// it is connecting to the 政务服务平台, or that the platform's answer was
// unusable, and where to get help meanwhile (the 网办优先窗口, the
// hotline), shown and, when the kiosk talks, spoken. The kiosk leaves it
// for home by itself as soon as the catalog arrives (SetCatalog).
func (u *UI) connectingView() *View {
	st := u.style()
	b := u.builder()
	listen := b.button("听语音说明", kindPrimary, RoleButton, u.listenWhileConnecting)
	listen.MinWidth = 480
	head, note := connectingTexts(u.wait.Problem)
	help := "现在就要办事，" + u.windowOrHotline()
	headline := emphText(st, head, SizeNameTitle, theme.ColorNamePrimary)
	if u.wait.Problem == catalog.ProblemUnusable {
		headline = emphText(st, head, SizeNameTitle, ColorNameAccent)
	}
	headline.Align = fyne.TextAlignCenter
	objs := []fyne.CanvasObject{layout.NewSpacer(),
		container.NewCenter(headline),
		container.NewCenter(body(st, note, 1200)),
		spacer(st, 0, 24),
		container.NewCenter(u.text(help, theme.SizeNameHeadingText, "")),
	}
	if n := u.wait.Attempts; n > 0 {
		// For staff walking by: it is trying, and how long it has.
		tried := u.text(fmt.Sprintf("已尝试 %d 次，正在自动重试", n), theme.SizeNameCaptionText, ColorNameMuted)
		objs = append(objs, spacer(st, 0, 16), container.NewCenter(tried))
	}
	objs = append(objs, spacer(st, 0, 40), container.NewCenter(listen), layout.NewSpacer())
	v := &View{
		Title:       connectingTitle,
		Instruction: head + "。" + note + help,
		Help:        u.spoken(help),
		Body:        container.NewVBox(objs...),
		Items:       b.items,
		Bare:        true,
	}
	v.OnShow = func() { u.announceSpoken(v) }
	return v
}

// connectingTexts are the connecting screen's headline and note for why
// the last attempt failed.
func connectingTexts(p catalog.Problem) (head, note string) {
	if p == catalog.ProblemUnusable {
		return "服务平台返回的服务目录无法使用",
			"本机暂时无法列出可办理的服务，正在自动重试，恢复后会自动进入首页。"
	}
	return "正在连接政务服务平台，请稍候",
		"本机需要先从政务服务平台取得可办理的服务，连上后会自动进入首页。"
}

// listenWhileConnecting turns voice navigation on (starting a session, as
// a key on the attract loop does) and says the screen; with voice on
// already it says it again.
func (u *UI) listenWhileConnecting() {
	if u.startFromKeypad() {
		return // the new session's snapshot announces the screen
	}
	if m := u.lastSnap.Mode; !m.Voice {
		m.Voice = true
		u.deps.Session.SetMode(m) // the new mode announces it
		return
	}
	u.rebuild(u.lastSnap)
}
