package screens

import (
	"fmt"
	"image/color"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/clock"
	"hallkiosk/app/portal"
	"hallkiosk/screens/typeset"
)

// slogan is the hall's motto on the attract loop.
const slogan = "数据多跑路，群众少跑腿"

// attractLoop is where the attract loop's rotation of hot services
// stands. It goes on from one idle spell to the next and belongs to the
// UI, which stops it in Stop; the attract screen draws it.
type attractLoop struct {
	mu    sync.Mutex
	index int
	timer clock.Timer
}

func (a *attractLoop) stop() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.timer != nil {
		a.timer.Stop()
		a.timer = nil
	}
}

// timeSaving is "线下 3个工作日 → 网上 1小时".
func timeSaving(it portal.ServiceItem) string {
	return fmt.Sprintf("线下 %s → 网上 %s", it.OfflineTimeLimit, it.OnlineTimeLimit)
}

// attractScreen is the loop that shows before anyone touches the screen:
// a rotating card of hot services with the time they save online, the
// motto, a QR code of the mobile app, and "触摸屏幕开始".
type attractScreen struct {
	u    *UI
	card *fyne.Container // the hot service on show
	// built holds each hot service's card once built, so a rotation
	// shows objects Fyne has drawn before: their text textures are still
	// in Fyne's cache, and the frame costs a redraw, not a new
	// typesetting of every big glyph (make bench-idle). It lives as long
	// as this screen.
	built map[string]fyne.CanvasObject
	// sizer holds the card's place at the size of the largest hot card,
	// so a rotation redraws the card alone and moves nothing around it.
	sizer *canvas.Rectangle
}

func newAttractScreen(u *UI, _ app.Screen) *attractScreen { return &attractScreen{u: u} }

func (s *attractScreen) build() *View {
	u := s.u
	st := u.style()
	b := u.builder()
	start := b.button("触摸屏幕开始", kindAccent, RoleButton, u.deps.Session.Start)
	start.TitleSize = theme.SizeNameHeadingText
	start.MinWidth, start.MinHeight = 720, 140
	b.items[0].Hint = "按确认键开始办理；按任意数字键开始语音导航"

	motto := u.text(slogan, SizeNameTitle, theme.ColorNamePrimary)
	motto.Align = fyne.TextAlignCenter
	welcome := u.text("欢迎使用“网上办”自助服务终端", theme.SizeNameHeadingText, "")
	welcome.Align = fyne.TextAlignCenter

	s.card = container.NewStack()
	s.showCard()

	qr := vbox(qrImage(st, u.deps.Config.Kiosk.MobileAppURL, 300),
		centered(u.text("扫码下载手机App", theme.SizeNameText, "")),
		centered(u.text("随时随地掌上办", theme.SizeNameCaptionText, ColorNameMuted)))

	var middle fyne.CanvasObject
	if u.portrait {
		middle = vbox(s.card, container.NewCenter(card(qr)))
	} else {
		middle = container.NewHBox(layout.NewSpacer(), s.card, spacer(st, 80, 0), container.NewCenter(card(qr)), layout.NewSpacer())
	}
	hall := u.text(u.deps.Config.Kiosk.HallName, theme.SizeNameSubHeadingText, ColorNameOnHeader)
	hall.Align = fyne.TextAlignCenter
	page := container.NewBorder(
		band(ColorNameHeader, container.NewPadded(hall)),
		container.NewPadded(container.NewCenter(start)),
		nil, nil,
		container.NewVBox(layout.NewSpacer(), motto, welcome, spacer(st, 0, 40), container.NewCenter(middle), layout.NewSpacer()),
	)
	touch := newBackgroundStarter(u)
	return &View{
		Title:       "欢迎使用网上办自助服务",
		Instruction: "触摸屏幕开始办理；视障人士请按任意数字键开启语音导航",
		Body:        container.NewStack(touch, page),
		Items:       b.items,
		Bare:        true,
		OnShow:      s.startLoop,
		OnHide:      u.attract.stop,
	}
}

// showCard draws the current hot service.
func (s *attractScreen) showCard() {
	u := s.u
	hot := u.deps.Hot.Items(u.deps.Catalog)
	if len(hot) == 0 || s.card == nil {
		return
	}
	u.attract.mu.Lock()
	it := hot[u.attract.index%len(hot)]
	u.attract.mu.Unlock()
	if s.built == nil || len(s.built) > 2*len(hot) {
		s.built = map[string]fyne.CanvasObject{}
		s.sizer = canvas.NewRectangle(color.Transparent) // not drawn
	}
	size := s.sizer.MinSize()
	for _, h := range hot {
		size = size.Max(s.cardFor(h).MinSize())
	}
	s.sizer.SetMinSize(size)
	s.card.Objects = []fyne.CanvasObject{s.sizer, s.cardFor(it)}
	s.card.Layout.Layout(s.card.Objects, s.card.Size())
	u.settleLayout()
	// Not Refresh: that would render the card's text again each time it
	// comes round; the window redraws the cards that were swapped anyway.
	u.repaint()
}

// cardFor is the card of hot service it, built once.
func (s *attractScreen) cardFor(it portal.ServiceItem) fyne.CanvasObject {
	key := fmt.Sprint(it.Name, "|", it.OfflineTimeLimit, "|", it.OnlineTimeLimit, "|", it.StepsSaved)
	c, ok := s.built[key]
	if !ok {
		c = s.buildCard(it)
		s.built[key] = c
	}
	return c
}

// buildCard is the card of one hot service: its name and the time it
// takes offline and online.
func (s *attractScreen) buildCard(it portal.ServiceItem) fyne.CanvasObject {
	u := s.u
	name := u.text(it.Name, SizeNameTitle, "")
	name.Align = fyne.TextAlignCenter
	offline := u.text("线下 "+it.OfflineTimeLimit, theme.SizeNameSubHeadingText, ColorNameMuted)
	arrow := u.text("  →  ", theme.SizeNameHeadingText, ColorNameAccent)
	online := u.text("网上 "+it.OnlineTimeLimit, theme.SizeNameHeadingText, theme.ColorNameSuccess)
	saved := u.text(fmt.Sprintf("少跑 %d 趟", it.StepsSaved), theme.SizeNameText, ColorNameMuted)
	saved.Align = fyne.TextAlignCenter
	content := vbox(name, container.NewCenter(container.NewHBox(
		container.NewCenter(offline), container.NewCenter(arrow), container.NewCenter(online))), saved)
	return card(container.NewPadded(content))
}

// startLoop rotates the card every attract_rotate.
func (s *attractScreen) startLoop() {
	u := s.u
	u.attract.stop()
	every := u.deps.Config.Session.AttractRotate.D()
	if every <= 0 {
		every = 6 * time.Second
	}
	var next func()
	next = func() {
		fyne.Do(func() {
			if u.lastSnap.State != app.StateAttract {
				return
			}
			u.attract.mu.Lock()
			u.attract.index++
			u.attract.mu.Unlock()
			s.showCard()
			u.attract.mu.Lock()
			u.attract.timer = u.deps.Clock.AfterFunc(every, next)
			u.attract.mu.Unlock()
		})
	}
	u.attract.mu.Lock()
	u.attract.timer = u.deps.Clock.AfterFunc(every, next)
	u.attract.mu.Unlock()
}

// AttractService is the name of the hot service the attract loop shows.
func (u *UI) AttractService() string {
	hot := u.deps.Hot.Items(u.deps.Catalog)
	if len(hot) == 0 {
		return ""
	}
	u.attract.mu.Lock()
	defer u.attract.mu.Unlock()
	return hot[u.attract.index%len(hot)].Name
}

// centered centres each line of t in its width.
func centered(t *typeset.Text) *typeset.Text {
	t.Align = fyne.TextAlignCenter
	return t
}

// backgroundStarter starts a session on a touch anywhere on the attract
// loop.
type backgroundStarter struct {
	backgroundTapper
}

func newBackgroundStarter(u *UI) *backgroundStarter {
	b := &backgroundStarter{}
	b.u = u
	b.ExtendBaseWidget(b)
	return b
}

func (b *backgroundStarter) Tapped(*fyne.PointEvent) { b.u.deps.Session.Start() }
