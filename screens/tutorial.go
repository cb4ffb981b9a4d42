package screens

import (
	"fmt"
	"image"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/devices/idcard/idcardsim"
)

// Step lengths of a tutorial: long enough to hear the caption and look at
// the picture; 长辈版 slower.
const (
	tutorialStepTime      = 7 * time.Second
	tutorialElderStepTime = 12 * time.Second
	// tutorialDrawAhead is when, after a step shows, the next step's
	// picture is drawn.
	tutorialDrawAhead = 1500 * time.Millisecond
)

// tutorialStep is one step of 看看怎么办: the screen the citizen would see,
// what it is called there, and the caption shown and spoken under its
// picture.
type tutorialStep struct {
	Stage   journey.Stage
	Screen  app.Screen
	Title   string // the pictured screen's own title, as built
	Caption string
}

// tutorialCaptions say, per stage, what the citizen does there.
var tutorialCaptions = map[journey.Stage]string{
	journey.StageCard:      "把身份证放在感应区，核对屏幕上的姓名，点“确认”。",
	journey.StageFace:      "看着摄像头，不用动，机器会核验是本人。",
	journey.StageForm:      "一项一项填写。身份证上有的，已经为您填好。",
	journey.StageMaterials: "把材料放在拍照区，点“拍照”，拍清楚就行。",
	journey.StageSubmit:    "核对信息，点“确认提交”，取走回执。",
}

// tutorialScreenOf is the screen a stage of the service's journey shows.
func tutorialScreenOf(st journey.Stage, code string) app.Screen {
	switch st {
	case journey.StageCard:
		return app.Screen{ID: app.ScreenIDCard, Param: code}
	case journey.StageFace:
		return app.Screen{ID: app.ScreenFace, Param: code}
	case journey.StageForm:
		return app.Screen{ID: app.ScreenForm, Param: code}
	case journey.StageMaterials:
		return app.Screen{ID: app.ScreenMaterials, Param: code}
	}
	return app.Screen{ID: app.ScreenConfirm, Param: code}
}

// tutorialScreen is 看看怎么办: the service's steps played as pictures of
// the kiosk's own screens, drawn now from the app with the demo's sample
// citizen (never stored screenshots that go stale), a caption per step,
// spoken, moving on by itself, pausable; in 长辈版 slower and larger.
type tutorialScreen struct {
	u      *UI
	code   string
	steps  []tutorialStep
	pics   map[int]image.Image // pictures drawn so far, by step
	look   app.Mode            // the look the pictures were drawn in
	index  int
	paused bool
	timer  interface{ Stop() bool } // moves to the next step
	ahead  interface{ Stop() bool } // draws the next step's picture
}

func newTutorialScreen(u *UI, s app.Screen) *tutorialScreen {
	t := &tutorialScreen{u: u, code: s.Param, pics: map[int]image.Image{}}
	it, ok := u.deps.Catalog.Get(s.Param)
	if !ok {
		return t
	}
	for _, st := range journey.StagesFor(it, u.deps.Catalog.MaterialsOf(it)) {
		t.steps = append(t.steps, tutorialStep{Stage: st, Screen: tutorialScreenOf(st, s.Param), Caption: tutorialCaptions[st]})
	}
	return t
}

func (s *tutorialScreen) build() *View {
	u := s.u
	st := u.style()
	it, ok := u.deps.Catalog.Get(s.code)
	if !ok || len(s.steps) == 0 {
		return missingView(st)
	}
	mode := u.lastSnap.Mode
	if mode.Elder != s.look.Elder || mode.HighContrast != s.look.HighContrast {
		s.pics, s.look = map[int]image.Image{}, mode
	}
	step := s.steps[s.index]
	b := u.builder()

	// The picture, as large as the page allows; 长辈版 larger.
	w := float32(900)
	if mode.Elder {
		w = 1060
	}
	picW, picH := w, w*landscapeH/landscapeW
	if u.portrait {
		picH = 760
		if mode.Elder {
			picH = 840
		}
		picW = picH * portraitW / portraitH
	}
	var picture image.Image = image.NewNRGBA(image.Rect(0, 0, 16, 9))
	if !u.dry { // a view built only for its texts draws no picture
		picture = s.picture(s.index)
	}
	img := canvas.NewImageFromImage(picture)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(st.Scale(picW), st.Scale(picH)))
	frame := canvas.NewRectangle(colorOf(theme.ColorNameSeparator))
	pic := container.NewStack(frame, container.New(layout.NewCustomPaddedLayout(2, 2, 2, 2), img))

	captionSize := theme.SizeNameSubHeadingText
	if mode.Elder {
		captionSize = theme.SizeNameHeadingText
	}
	count := u.text(fmt.Sprintf("第%d步，共%d步：%s", s.index+1, len(s.steps), step.Stage), theme.SizeNameSubHeadingText, ColorNameAccent)
	caption := u.text(step.Caption, captionSize, "")
	captionW := float32(640)
	if u.portrait {
		captionW = u.contentWidth() - 40
	}
	caption.WrapWidth = captionW

	var controls []fyne.CanvasObject
	if s.index > 0 {
		controls = append(controls, b.button("上一步", kindPlain, RoleButton, func() { s.go_(s.index - 1) }))
	}
	if s.index < len(s.steps)-1 {
		pauseName := "暂停"
		if s.paused {
			pauseName = "继续播放"
		}
		controls = append(controls, b.button(pauseName, kindPlain, RoleButton, s.onPause),
			b.button("下一步", kindPlain, RoleButton, func() { s.go_(s.index + 1) }))
	} else {
		controls = append(controls, b.button("从头再看", kindPlain, RoleButton, func() { s.paused = false; s.go_(0) }))
	}
	for _, c := range controls {
		c.(*tapButton).MinWidth = 170
	}
	start := b.button("开始办理", kindAccent, RoleButton, s.onStart)
	start.MinWidth = 360
	row := container.NewHBox(controls...)
	var content fyne.CanvasObject
	if u.portrait {
		content = vbox(container.NewCenter(pic), centered(count), container.NewCenter(caption),
			container.NewCenter(row), container.NewCenter(start))
	} else {
		side := vbox(count, caption, spacer(st, 0, 16), row, spacer(st, 0, 8), start)
		content = container.NewHBox(container.NewVBox(pic), spacer(st, 24, 0), side)
	}

	v := &View{
		Title:       "看看怎么办：" + it.Name,
		Instruction: fmt.Sprintf("在这台机器上办%s一共%d步，每一步都是本机的画面。可以暂停，也可以点上一步、下一步。", it.Name, len(s.steps)),
		Help:        "这里一步一步播放办理的画面和说明，会自动到下一步。点暂停可以停下来看，点开始办理就可以真的办了。",
		Body:        content,
		Items:       b.items,
		Prompts:     s.captions(),
		OnShow:      s.speakStep,
	}
	if !u.dry {
		s.arm()
		u.onLeave(s.disarm)
	}
	return v
}

// captions are the tutorial's spoken texts, for the prompt warm-up.
func (s *tutorialScreen) captions() []string {
	var out []string
	for i, st := range s.steps {
		out = append(out, s.spoken(i), st.Caption)
	}
	return out
}

// spoken is what showing step i says.
func (s *tutorialScreen) spoken(i int) string {
	return fmt.Sprintf("第%d步，共%d步，%s。%s", i+1, len(s.steps), s.steps[i].Stage, s.steps[i].Caption)
}

// speakStep says the step on show, whatever the mode: the citizen asked
// to be shown.
func (s *tutorialScreen) speakStep() {
	if len(s.steps) > 0 {
		s.u.sayAlways(public(s.spoken(s.index)))
	}
}

// stepTime is how long a step stays before the next.
func (s *tutorialScreen) stepTime() time.Duration {
	if s.u.lastSnap.Mode.Elder {
		return tutorialElderStepTime
	}
	return tutorialStepTime
}

// arm starts the timer of the step on show, unless paused or at the end.
func (s *tutorialScreen) arm() {
	s.disarm()
	if s.paused || s.index >= len(s.steps)-1 {
		return
	}
	at := s.index
	// The next picture is drawn while this step is looked at, so moving
	// on never waits for it.
	s.ahead = s.u.deps.Clock.AfterFunc(tutorialDrawAhead, func() {
		fyne.Do(func() {
			if s.u.screens.current == s && s.index == at {
				s.picture(at + 1)
			}
		})
	})
	s.timer = s.u.deps.Clock.AfterFunc(s.stepTime(), func() {
		fyne.Do(func() {
			if s.u.screens.current != s || s.index != at || s.paused {
				return
			}
			s.go_(at + 1)
		})
	})
}

func (s *tutorialScreen) disarm() {
	for _, t := range []*interface{ Stop() bool }{&s.timer, &s.ahead} {
		if *t != nil {
			(*t).Stop()
			*t = nil
		}
	}
}

// go_ shows step i and says it.
func (s *tutorialScreen) go_(i int) {
	if i < 0 || i >= len(s.steps) || i == s.index {
		return
	}
	s.index = i
	s.u.redraw()
	s.speakStep()
}

// onPause pauses or resumes the playing.
func (s *tutorialScreen) onPause() {
	s.paused = !s.paused
	s.u.redraw()
	if s.paused {
		s.u.sayAlways(public("已暂停"))
		return
	}
	s.speakStep()
}

// onStart begins the citizen's application for the service.
func (s *tutorialScreen) onStart() {
	if j := s.u.applying(s.code); j != nil {
		j.Begin()
	}
}

// picture is step i drawn as the kiosk shows it, in this look and shape.
func (s *tutorialScreen) picture(i int) image.Image {
	if p, ok := s.pics[i]; ok {
		return p
	}
	p := s.u.drawSample(s.steps[i].Screen, s.u.lastSnap.Mode, func(v *View) { s.steps[i].Title = v.Title })
	s.pics[i] = p
	return p
}

// tutorialPixels is the width in pixels of a tutorial's picture of a
// wide screen (its height for an upright one).
const tutorialPixels = 1200

// drawSample draws screen scr as this kiosk would show it to the demo's
// sample citizen (a sample card read, the form prefilled from it), in mode,
// into an image: the UI builds the screen's view on a throwaway UI value
// over a session of its own, frames it and paints it with Fyne's software
// painter. The citizen's own session and journeys are never touched. seen,
// if set, is given the built view.
func (u *UI) drawSample(scr app.Screen, mode app.Mode, seen func(*View)) image.Image {
	sess := app.NewSession(u.deps.Clock, app.SessionConfig{Warning: 20 * time.Second, Defaults: mode})
	defer sess.Close()
	sess.Data().SetCard(idcardsim.SampleCards()[0])
	deps := Deps{Session: sess, Catalog: u.deps.Catalog, Config: u.deps.Config, Fonts: u.deps.Fonts,
		Clock: u.deps.Clock, Log: u.deps.Log, Voice: silentVoice{}, Hot: u.deps.Hot, Inline: true}
	d := &UI{deps: deps, app: u.app, win: u.win, log: u.log, ctx: u.ctx, zoom: 1, portrait: u.portrait, dry: true, focus: -1}
	defer d.runLeaving()
	if j := d.applying(scr.Param); j != nil {
		j.Prefill()
	}
	d.lastSnap = app.Snapshot{Screen: scr, State: scr.State(), Mode: mode, CanGoBack: true}
	v := newScreen(d, scr).build()
	if seen != nil {
		seen(v)
	}
	page, _ := d.frame(v, d.lastSnap)
	size := fyne.NewSize(landscapeW, landscapeH)
	if d.portrait {
		size = fyne.NewSize(portraitW, portraitH)
	}
	c := software.NewCanvas()
	c.SetPadded(false)
	c.SetScale(tutorialPixels / max(size.Width, size.Height))
	c.SetContent(page)
	c.Resize(size)
	return c.Capture()
}

// tutorialButton is "看看怎么办" on the service detail.
func (u *UI) tutorialButton(b *viewBuilder, code string) *tapButton {
	btn := b.button("看看怎么办", kindPlain, RoleButton, func() {
		u.deps.Session.Open(app.Screen{ID: app.ScreenTutorial, Param: code})
	})
	b.items[len(b.items)-1].Hint = "一步一步看在这台机器上怎么办"
	return btn
}
