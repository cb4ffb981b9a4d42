package screens

import (
	"context"
	"errors"
	"image"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/clock"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
	"hallkiosk/devices/camera"
)

// faceScreen checks that the citizen is the card's holder: look at the
// camera, the portal compares the face with the authority's photo. It
// serves an application and 进度查询 and 电子证照 alike: where the citizen
// goes next is the journey's. It says first what is captured, what for,
// that nothing is kept and what else the citizen may do; it shows the
// camera's picture live with an oval where the face goes, counts down
// three seconds (shown and spoken) and then checks.
type faceScreen struct {
	u *UI
	j identifying // nil for a parameter that is neither a service nor a purpose

	count int          // the countdown's number on show, 0 when none runs
	timer clock.Timer  // the countdown's next tick
	shown *canvas.Text // the countdown's number
}

func newFaceScreen(u *UI, s app.Screen) *faceScreen {
	return &faceScreen{u: u, j: u.identifyingFor(s.Param)}
}

// faceConsent is what the citizen is told (spoken, and in 帮助) before
// their face is taken; faceConsentShort is the same on screen.
var (
	faceConsent = []string{
		"我们会用屏幕上方的摄像头拍几张您的面部照片。",
		"照片只用来和公安部门留存的身份证照片比对，确认是您本人在办理。",
		"照片不在这台机器上保存，比对完、办理结束都会删除。",
		"点“开始核验”表示您同意。不方便刷脸，可以选下方的其他方式。",
	}
	faceConsentShort = []string{
		"拍几张面部照片，只和您的身份证照片比对",
		"照片不在本机保存，办完即删除",
		"点“开始核验”即同意；也可选其他方式",
	}
)

func (s *faceScreen) build() *View {
	u := s.u
	st := u.style()
	b := u.builder()
	v := &View{Title: "核验本人", Step: stepText(2, stepsOf(s.j))}
	if err := s.unavailable(); err != nil {
		s.stopCountdown()
		return s.elsewhere(b, v, err)
	}
	busy, failed := s.state()
	v.Instruction = "请把脸放在椭圆框里，摘下帽子和口罩，准备好后点击“开始核验”。"
	v.Help = "摄像头在屏幕上方。请摘下帽子、口罩和墨镜，正对屏幕，让脸在椭圆框里。点开始核验后倒数三秒，保持不动。" + strings.Join(faceConsent, "")
	var status fyne.CanvasObject = spacer(st, 0, 0)
	switch {
	case busy:
		v.Instruction = "正在核验，请保持不动。"
		status = newBusyLine("正在核验，请稍候……", u)
	case failed != nil:
		v.Instruction = faceProblem(failed)
		status = u.text(v.Instruction, theme.SizeNameSubHeadingText, theme.ColorNameError)
	}
	start := b.button("开始核验", kindAccent, RoleButton, s.onVerify)
	start.TitleSize = theme.SizeNameHeadingText
	start.MinWidth, start.MinHeight = 480, 120
	if busy || s.count > 0 {
		start.Hide()
		b.items = withoutHidden(b.items)
	}
	var consent []fyne.CanvasObject
	for _, line := range faceConsentShort {
		consent = append(consent, body(st, "· "+line, 620))
	}
	pw, ph := float32(400), float32(300)
	if u.lastSnap.Mode.Elder && !u.portrait { // 长辈版 across: room for the larger words
		pw, ph = 320, 240
	}
	if u.portrait {
		pw, ph = 640, 480
	}
	var starter func(ctx context.Context, fps int) (<-chan image.Image, error)
	if p, ok := s.j.(interface {
		FacePreview(ctx context.Context, fps int) (<-chan image.Image, error)
	}); ok {
		starter = p.FacePreview
	}
	s.shown = canvas.NewText("", colorOf(ColorNameAccent))
	s.shown.TextSize = 160 * u.zoom
	s.shown.TextStyle.Bold = true
	s.shown.Alignment = fyne.TextAlignCenter
	if s.count > 0 {
		s.shown.Text = strconv.Itoa(s.count)
	}
	picture := container.NewStack(u.livePreview(pw, ph, true, starter), container.NewCenter(s.shown))
	side := card0(st, container.NewPadded(vbox(consent...)), 620)
	actions := []fyne.CanvasObject{status, container.NewCenter(start)}
	if alt := s.alternatives(b, !busy && s.count == 0); alt != nil {
		actions = append(actions, container.NewCenter(alt))
		v.Help += "不方便刷脸，可以点下方的其他核验方式。"
	}
	var objs []fyne.CanvasObject
	if u.portrait {
		objs = append([]fyne.CanvasObject{layout.NewSpacer(), container.NewCenter(picture), container.NewCenter(side),
			spacer(st, 0, 16)}, actions...)
	} else {
		right := vbox(append([]fyne.CanvasObject{side, spacer(st, 0, 8)}, actions...)...)
		objs = []fyne.CanvasObject{layout.NewSpacer(), container.NewCenter(container.NewHBox(container.NewCenter(picture), spacer(st, 24, 0), right))}
	}
	v.Body = container.NewVBox(append(objs, layout.NewSpacer())...)
	v.Prompts = []string{strings.Join(faceConsent, "")}
	v.OnShow = func() { u.say(strings.Join(faceConsent[:3], "")) }
	v.Items = b.items
	return v
}

// countdownStep is the countdown's pace.
const countdownStep = time.Second

// onVerify counts down three seconds, shown big over the picture and
// spoken, then runs the identity check in the background; the journey
// knows where to go on (a service's next step; 进度查询 and 电子证照 show
// the records).
func (s *faceScreen) onVerify() {
	if s.j == nil || s.count > 0 || s.j.Running(journey.BusyFace) {
		return
	}
	s.count = 3
	s.u.redraw()
	s.u.say("请保持不动，三")
	s.tick()
}

// tick schedules the countdown's next number, and the check after one.
func (s *faceScreen) tick() {
	s.timer = s.u.deps.Clock.AfterFunc(countdownStep, func() {
		fyne.Do(func() {
			if s.count == 0 {
				return // stopped
			}
			if s.u.screens.current != screen(s) {
				s.stopCountdown() // the citizen left the screen
				return
			}
			s.count--
			if s.count == 0 {
				s.timer = nil
				s.j.Verify()
				s.u.redraw()
				return
			}
			if s.shown != nil {
				s.shown.Text = strconv.Itoa(s.count)
				s.shown.Refresh()
			}
			s.u.say([]string{"", "一", "二"}[s.count])
			s.tick()
		})
	})
}

// stopCountdown stops a countdown under way (the screen was left, or the
// check cannot run).
func (s *faceScreen) stopCountdown() {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.count = 0
}

// state is whether the face check runs and how the last one failed.
func (s *faceScreen) state() (busy bool, err error) {
	if s.j == nil {
		return false, nil
	}
	return s.j.Running(journey.BusyFace), s.j.Err()
}

// alternatives is the row "不方便刷脸？" with the identity methods the
// service allows besides the face (nil when there are none, or the check
// runs).
func (s *faceScreen) alternatives(b *viewBuilder, show bool) fyne.CanvasObject {
	j, ok := s.j.(withoutFace)
	if !ok || !show {
		return nil
	}
	methods := j.FaceAlternatives()
	if len(methods) == 0 {
		return nil
	}
	var row []fyne.CanvasObject
	for _, m := range methods {
		title := "短信验证码核验"
		if m == portal.MethodStaffWitnessed {
			title = "请工作人员核验"
		}
		row = append(row, b.button(title, kindPlain, RoleButton, func() { j.ChooseMethod(m) }))
	}
	return container.NewHBox(append([]fyne.CanvasObject{s.u.text("不方便刷脸？", theme.SizeNameText, ColorNameMuted)}, row...)...)
}

// onSkip goes on without the check, where the service allows it.
func (s *faceScreen) onSkip() {
	if j, ok := s.j.(*journey.Apply); ok {
		j.SkipFace()
	}
}

// faceProblem says what went wrong and what to do, for the citizen.
func faceProblem(err error) string {
	switch {
	case errors.Is(err, app.ErrFaceMismatch):
		return "没有核验通过。请摘下帽子口罩，正对摄像头再试一次；仍不通过请呼叫工作人员。"
	case errors.Is(err, camera.ErrNoCamera):
		return "这台机器没有能用的摄像头，在这里核验不了本人。"
	case errors.Is(err, app.ErrNoIdentityCheck):
		return "这台机器现在核验不了本人。"
	case errors.Is(err, app.ErrNoCard):
		return "还没有读取身份证，请先返回刷身份证。"
	case isMethodRefused(err):
		return "这种核验方式这项业务不能用，请选别的方式，或到网办优先窗口办理。"
	case portal.IsRetryable(err):
		return "网络不太好，核验没有完成。请稍后再点一次“开始核验”。"
	}
	return "核验没有完成，请再试一次，或呼叫工作人员。"
}

// isMethodRefused reports an identity method the portal or the service
// does not accept.
func isMethodRefused(err error) bool {
	return errors.Is(err, app.ErrMethodNotAllowed) || errors.Is(err, journey.ErrMethodNotOffered)
}

// faceDeadEnd reports whether trying the face check again cannot help:
// no camera, or no identity check on this kiosk at all.
func faceDeadEnd(err error) bool {
	return errors.Is(err, camera.ErrNoCamera) || errors.Is(err, app.ErrNoIdentityCheck)
}

// unavailable is why a face check cannot succeed here now (known before
// the citizen tries, or learnt from the last try), nil when trying makes
// sense.
func (s *faceScreen) unavailable() error {
	if s.j != nil {
		if err := s.j.FaceReady(); err != nil {
			return err
		}
	} else if err := s.u.deps.Identity.Ready(); err != nil {
		return err
	}
	if _, err := s.state(); faceDeadEnd(err) {
		return err
	}
	return nil
}

// elsewhere is the face screen of a kiosk that cannot check faces: it says
// so before the citizen tries, and offers what works instead, the 网办优先窗口
// and the hotline (and going on without the check, when the service allows
// it) — never "再试一次".
func (s *faceScreen) elsewhere(b *viewBuilder, v *View, err error) *View {
	u := s.u
	st := u.style()
	why := faceProblem(err)
	where := "带上身份证到大厅的网办优先窗口办理，或拨打政务服务热线" + u.hotline() + "咨询。"
	v.Instruction = why + "请" + where
	var buttons []fyne.CanvasObject
	if j, ok := s.j.(withoutFace); ok && len(j.FaceAlternatives()) > 0 {
		v.Instruction = why + "这项业务也可以用下面的方式核验本人；或者" + where
		for _, m := range j.FaceAlternatives() {
			title := "短信验证码核验"
			if m == portal.MethodStaffWitnessed {
				title = "请工作人员核验"
			}
			btn := b.button(title, kindAccent, RoleButton, func() { j.ChooseMethod(m) })
			btn.MinWidth, btn.MinHeight = 400, 120
			buttons = append(buttons, btn)
		}
	} else if s.j != nil && s.j.FaceOptional() {
		v.Instruction = why + "这项业务可以不核验本人，点“不核验，继续办理”；也可以" + where
		next := b.button("不核验，继续办理", kindAccent, RoleButton, s.onSkip)
		next.MinWidth, next.MinHeight = 480, 120
		buttons = append(buttons, next)
	}
	home := b.button("回到首页", kindPrimary, RoleButton, u.deps.Session.Home)
	home.MinWidth = 400
	buttons = append(buttons, home)
	v.Help = u.spoken(v.Instruction) + "页面下方也有“呼叫工作人员”。"
	v.Prompts = []string{u.spoken(v.Instruction)}
	head := u.text(why, theme.SizeNameSubHeadingText, theme.ColorNameError)
	head.WrapWidth = 820
	info := vbox(head, body(st, "请带上身份证到大厅的网办优先窗口办理。", 820),
		body(st, "也可以拨打政务服务热线 "+u.hotline()+" 咨询。", 820))
	v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(card0(st, container.NewPadded(info), 880)),
		spacer(st, 0, 24), container.NewCenter(container.NewHBox(buttons...)), layout.NewSpacer())
	v.Items = b.items
	v.OnShow = func() { u.announceSpoken(v) }
	return v
}
