package screens

import (
	"image"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/devices/idcard"
	"hallkiosk/screens/typeset"
	"hallkiosk/speech"
)

// DemoControls are the demo's stand-ins for a person at the devices: the
// on-screen "模拟刷卡" buttons place one of the simulator's sample cards.
type DemoControls struct {
	// Cards names the sample cards, in order.
	Cards []string
	// PlaceCard puts sample card i on the simulated reader.
	PlaceCard func(i int)
	// RemoveCard takes the card off the simulated reader.
	RemoveCard func()
	// LatestReceipt is the simulated printer's last receipt, or nil.
	LatestReceipt func() image.Image
}

// stepsOf is how many stages the citizen goes through in j, for "第2步，
// 共4步" on the identity screens; 1 (the card) without a journey.
func stepsOf(j identifying) int {
	if j == nil {
		return 1
	}
	return len(j.Stages())
}

// idCardScreen asks for the ID card, shows it masked once read, and says
// what to do when it cannot be read. It serves an application and
// 进度查询 and 电子证照 alike: what comes after the card is the journey's.
type idCardScreen struct {
	u *UI
	j identifying // nil for a parameter that is neither a service nor a purpose
}

func newIDCardScreen(u *UI, s app.Screen) *idCardScreen {
	return &idCardScreen{u: u, j: u.identifyingFor(s.Param)}
}

func (s *idCardScreen) build() *View {
	u := s.u
	st := u.style()
	b := u.builder()
	card := u.deps.Session.Data().Card()
	v := &View{Title: "刷身份证", Step: stepText(1, stepsOf(s.j))}
	var content fyne.CanvasObject
	if card == nil {
		v.Instruction = "请将身份证平放在下方的感应区，放稳不要移动。"
		v.Help = "读卡器在屏幕下方，有身份证图案的地方。把身份证平放上去，大约一秒就能读完。读不出来时，拿起来再放一次；还不行请按F12呼叫工作人员。"
		hint := vbox(
			body(st, "1. 把身份证平放在屏幕下方的感应区", 820),
			body(st, "2. 放稳不要移动，大约 1 秒读完", 820),
			body(st, "3. 读不出来？拿起后重新放，或呼叫工作人员", 820))
		var problem fyne.CanvasObject = spacer(st, 0, 0)
		if p := s.cardProblem(); p != "" {
			problem = card0(st, u.text(p, theme.SizeNameSubHeadingText, theme.ColorNameError), 820)
			v.Instruction = p
		}
		objs := []fyne.CanvasObject{layout.NewSpacer(), container.NewCenter(s.cardPicture()),
			container.NewCenter(problem), container.NewCenter(hint)}
		if j, ok := s.j.(*journey.Apply); ok && j.CanGoWithoutCard() {
			// 身份证补领: the number and name typed, a code to the phone on file.
			noCard := b.button("没有身份证？用登记的手机号核验", kindPlain, RoleButton, j.GoWithoutCard)
			noCard.MinWidth = 560
			objs = append(objs, spacer(st, 0, 16), container.NewCenter(noCard))
			v.Help += "没有带身份证或身份证丢了，可以点“没有身份证”，填写身份证号码和姓名，用您在政务服务平台登记的手机收验证码核验。"
		}
		content = container.NewVBox(append(objs, layout.NewSpacer())...)
	} else {
		m := card.Masked()
		v.Instruction = "已读取您的身份证，请核对后点击“确认，下一步”。"
		rows := vbox(
			labelled(st, "姓名", m.DisplayName()),
			labelled(st, "证件号码", m.IDNumber),
			labelled(st, "证件类型", cardTypeName(card.Type)))
		next := b.button("确认，下一步", kindAccent, RoleButton, s.onConfirm)
		next.TitleSize = theme.SizeNameHeadingText
		next.MinWidth, next.MinHeight = 480, 120
		notMine := b.button("不是我的证件，重新刷卡", kindPlain, RoleButton, s.onNotMine)
		content = container.NewVBox(layout.NewSpacer(), container.NewCenter(card0(st, rows, 820)),
			spacer(st, 0, 24), container.NewCenter(next), container.NewCenter(notMine), layout.NewSpacer())
		v.OnShow = func() {
			// The full name and number only through voice navigation,
			// which assumes headphones.
			u.sayPrivate("证件上的姓名和号码是", card.DisplayName(), speech.IDNumber(card.IDNumber))
		}
	}
	if d := u.deps.Demo; d != nil && len(d.Cards) > 0 {
		row := []fyne.CanvasObject{u.text("模拟刷卡：", theme.SizeNameText, ColorNameMuted)}
		for i, name := range d.Cards {
			i := i
			row = append(row, b.button(name, kindPlain, RoleButton, func() { d.PlaceCard(i) }))
		}
		content = container.NewBorder(nil, container.NewCenter(container.NewHBox(row...)), nil, nil, content)
	}
	v.Body = content
	v.Items = b.items
	return v
}

// onConfirm moves on from a confirmed card: the journey knows where (for
// 进度查询 and 电子证照, always the face check).
func (s *idCardScreen) onConfirm() {
	if s.j != nil {
		s.j.CardConfirmed()
	}
}

// onNotMine forgets the card read, to read another.
func (s *idCardScreen) onNotMine() {
	if s.j != nil {
		s.j.CardRejected()
	} else {
		s.u.deps.Session.Data().SetCard(nil)
	}
	s.u.rebuild(s.u.lastSnap)
}

// cardProblem says, for the citizen, why no card was read ("" if none).
func (s *idCardScreen) cardProblem() string {
	cards := s.u.deps.Cards
	if cards == nil {
		return ""
	}
	switch cards.Problem() {
	case app.CardReaderDown:
		return "读卡器暂时不能使用，请呼叫工作人员帮您办理。"
	case app.CardUnsupported:
		return "暂不支持这种证件，请呼叫工作人员帮您办理。"
	case app.CardReadFailed:
		return "没有读出身份证。请拿起身份证，再平放到感应区，放稳不要移动。"
	}
	return ""
}

// cardPicture is an ID card over the reader with an arrow that moves down,
// showing where to put the card.
func (s *idCardScreen) cardPicture() fyne.CanvasObject {
	u := s.u
	z := u.zoom
	w, h := 340*z, 214*z
	cardRect := canvas.NewRectangle(colorOf(ColorNameCard))
	cardRect.StrokeColor = colorOf(theme.ColorNamePrimary)
	cardRect.StrokeWidth = 4 * z
	cardRect.CornerRadius = 16 * z
	cardRect.Resize(fyne.NewSize(w, h))
	label := u.text("身份证", theme.SizeNameHeadingText, theme.ColorNamePrimary)
	label.Move(fyne.NewPos(w/2-label.MinSize().Width/2, h/2-label.MinSize().Height/2))
	label.Resize(label.MinSize())
	reader := canvas.NewRectangle(colorOf(theme.ColorNamePrimary))
	reader.CornerRadius = 8 * z
	reader.Move(fyne.NewPos(-40*z, h+70*z))
	reader.Resize(fyne.NewSize(w+80*z, 24*z))
	arrow := u.text("↓", SizeNameTitle, ColorNameAccent)
	arrow.Resize(arrow.MinSize())
	group := container.NewWithoutLayout(cardRect, label, reader, arrow)
	box := container.New(&fixedSize{fyne.NewSize(w, h+100*z)}, group)
	// The arrow hops from the card towards the reader and back, again and
	// again. It hops rather than glides: under software GL every frame
	// redraws the whole window (about 17 ms of CPU at 1920x1080), so a
	// gliding arrow kept a core a quarter busy while the screen waited. It
	// hops on a timer, not a fyne.Animation, so Fyne's event loop rests
	// between hops (u.every; make bench-idle).
	down := false
	arrow.Move(fyne.NewPos(w+24*z, h*0.3))
	u.every(time.Second, func() {
		down = !down
		arrow.Move(fyne.NewPos(w+24*z, h*0.3+float32(boolInt(down))*60*z))
	})
	return box
}

// fixedSize reserves a size for objects placed by hand.
type fixedSize struct{ size fyne.Size }

func (l *fixedSize) Layout(objs []fyne.CanvasObject, _ fyne.Size) {}
func (l *fixedSize) MinSize([]fyne.CanvasObject) fyne.Size        { return l.size }

// labelled is "label: value" on one line.
func labelled(st typeset.Style, label, value string) fyne.CanvasObject {
	return container.NewHBox(typeset.NewText(st, label+"：", theme.SizeNameSubHeadingText, ColorNameMuted),
		typeset.NewText(st, value, theme.SizeNameSubHeadingText, ""))
}

// card0 is a card of at least a logical width, at st's zoom.
func card0(st typeset.Style, content fyne.CanvasObject, minWidth float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(st.Scale(minWidth), 0))
	return card(container.NewStack(r, content))
}

func cardTypeName(t idcard.CardType) string {
	switch t {
	case idcard.Resident:
		return "居民身份证"
	case idcard.HMTResidence:
		return "港澳台居民居住证"
	case idcard.ForeignPermanent:
		return "外国人永久居留身份证"
	}
	return string(t)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
