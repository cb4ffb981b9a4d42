package screens

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
)

// journeyDeps builds the journeys' dependencies from the screens' own, for
// a UI given none. A nil device stays a nil interface, so the journey
// knows the step cannot run.
func journeyDeps(d Deps) journey.Deps {
	jd := journey.Deps{Session: d.Session, Catalog: d.Catalog, Clock: d.Clock, Inline: d.Inline, PrintReceipt: d.PrintReceipt,
		StaffCaller: d.CallStaff, PrintGuide: d.PrintGuide, AppURL: d.Config.Kiosk.MobileAppURL}
	if d.Identity != nil {
		jd.Identity = d.Identity
		jd.Witnessing = d.Identity
	}
	if d.OnFile != nil {
		jd.OnFile = d.OnFile
	}
	if d.Witness != nil {
		jd.Witness = d.Witness
	}
	if d.SMS != nil {
		jd.SMS = d.SMS
	}
	if d.Documents != nil {
		jd.Documents = d.Documents
	}
	if d.Submitter != nil {
		jd.Submitter = d.Submitter
	}
	if d.Records != nil {
		jd.Records = d.Records
	}
	return jd
}

// applying returns the citizen's journey for the service code, starting it
// when there is none, and redraws the screen when its slow work starts or
// ends; nil for a code the catalog does not have. A view built only for
// its texts gets a throwaway journey instead (see throwawayDeps).
func (u *UI) applying(code string) *journey.Apply {
	if u.dry {
		j, err := journey.NewApply(u.throwawayDeps(), code)
		if err != nil {
			return nil
		}
		u.onLeave(j.Close)
		return j
	}
	j, err := u.journeys().Apply(code)
	if err != nil {
		return nil
	}
	if u.watched != j {
		u.watched = j
		j.OnChange(func(ev journey.Event) {
			if u.deps.Inline {
				u.journeyChanged(j, ev)
				return
			}
			fyne.Do(func() { u.journeyChanged(j, ev) })
		})
	}
	return j
}

// throwawayDeps are the dependencies of the journeys a view built only to
// read its texts (StaticPrompts) makes for itself, closed when the view
// goes: the citizen's journeys' own, so the view tells what theirs would,
// but such a build never starts, ends or changes a citizen's journey.
func (u *UI) throwawayDeps() journey.Deps {
	if u.deps.Journeys != nil {
		return u.deps.Journeys.Deps()
	}
	return journeyDeps(u.deps)
}

// identifying is a journey that begins with the ID card and the face
// check: an application (*journey.Apply), or 进度查询 and 电子证照
// (*journey.Records).
type identifying interface {
	Stages() []journey.Stage
	CardConfirmed()
	CardRejected()
	FaceReady() error
	FaceOptional() bool
	Verify()
	Running(journey.Busy) bool
	Err() error
}

var (
	_ identifying = (*journey.Apply)(nil)
	_ identifying = (*journey.Records)(nil)
)

// withoutFace is a journey that offers identity without a face (the code
// to the phone on file, the staff's check): an application, or 进度查询 and
// 电子证照.
type withoutFace interface {
	identifying
	Stage(journey.Step) (k, n int)
	FaceAlternatives() []string
	ChooseMethod(m string)
	IDCodeSent() (bool, string)
	IDCodeTyped() string
	TypeIDCode(key rune) bool
	SendIDCode()
	VerifyIDCode()
	WitnessHere() bool
	CallWitness()
	WitnessCall() (journey.CallState, error)
	WitnessTyped() (id string, pinLen int, pinField bool)
	WitnessField(pin bool)
	TypeWitness(key rune) bool
	SetWitnessSeen(seen bool)
	WitnessSeen() bool
	ForgetWitnessPIN()
	Witness()
}

var (
	_ withoutFace = (*journey.Apply)(nil)
	_ withoutFace = (*journey.Records)(nil)
)

// withoutFaceFor is the journey the screens of identity without a face
// of param serve (as identifyingFor); nil for neither.
func (u *UI) withoutFaceFor(param string) withoutFace {
	if j, ok := u.identifyingFor(param).(withoutFace); ok {
		return j
	}
	return nil
}

// identifyingFor returns the journey the card and face screens of param
// serve: the records journey of a purpose (app.PurposeProgress,
// app.PurposeLicenses), else the application for a service code; nil for
// neither.
func (u *UI) identifyingFor(param string) identifying {
	if j := u.recordsFor(param); j != nil {
		return j
	}
	if j := u.applying(param); j != nil {
		return j
	}
	return nil
}

// journeyChanged redraws the screen when the journey's slow work starts or
// ends (something moves while it runs), and says how it ended. Runs on
// Fyne's goroutine.
func (u *UI) journeyChanged(j *journey.Apply, ev journey.Event) {
	if u.watched != j {
		return
	}
	if _, ok := j.At(u.lastSnap.Screen); !ok && !guideOnService(j, ev, u.lastSnap.Screen) {
		return // the journey moved on: the new screen announces itself
	}
	u.redraw()
	if !ev.Done {
		return
	}
	if ev.Err != nil {
		u.say(journeyProblem(ev.Busy, ev.Err))
		return
	}
	switch ev.Busy {
	case journey.BusyWitnessCall:
		u.say(witnessCallWords(j))
	case journey.BusyCapture:
		u.say("拍好了")
	case journey.BusySMS:
		if u.lastSnap.Screen.ID == app.ScreenSMS {
			u.say("验证码已发送，请输入")
		}
	case journey.BusySubmit:
		if p := j.FormErrors(); len(p) > 0 {
			u.say(p[0].Error())
		}
	case journey.BusyPrint:
		u.say(u.printMessage(j))
	case journey.BusyGuide:
		u.say(u.guideMessage(j))
	}
}

// guideOnService reports an event of the 网办明白卡 printing while the
// service detail it was asked from is on show (a screen the journey does
// not count among its steps).
func guideOnService(j *journey.Apply, ev journey.Event, s app.Screen) bool {
	return ev.Busy == journey.BusyGuide && s.ID == app.ScreenService && s.Param == j.Service().Code
}

// journeyProblem puts the failure of a journey's slow work into words.
func journeyProblem(b journey.Busy, err error) string {
	switch b {
	case journey.BusyFace:
		return faceProblem(err)
	case journey.BusySMS:
		return smsProblem(err)
	case journey.BusyIDCode:
		return idCodeProblem(err)
	case journey.BusyWitness:
		return witnessProblem(err)
	case journey.BusyCapture:
		return materialProblem(err)
	case journey.BusySubmit:
		return submitProblem(err)
	case journey.BusyRate:
		return rateProblem(err)
	case journey.BusyGuide:
		return guideProblem(err)
	}
	return "没有完成，请再试一次，或到网办优先窗口办理。"
}

// stageText is "第k步，共n步" of step s of the journey.
func stageText(j *journey.Apply, s journey.Step) string { return stepText(j.Stage(s)) }

// newBusyLine is the line shown while slow work runs: its words, and a bar
// beneath that keeps moving, so nobody wonders whether the kiosk froze.
func newBusyLine(text string, u *UI) fyne.CanvasObject {
	label := u.text(text, theme.SizeNameSubHeadingText, theme.ColorNamePrimary)
	label.Align = fyne.TextAlignCenter
	z := u.zoom
	track := canvas.NewRectangle(colorOf(ColorNameMuted))
	track.SetMinSize(fyne.NewSize(360*z, 8*z))
	bar := canvas.NewRectangle(colorOf(theme.ColorNamePrimary))
	bar.Resize(fyne.NewSize(90*z, 8*z))
	lane := container.NewStack(track, container.NewWithoutLayout(bar))
	if !u.dry {
		anim := fyne.NewAnimation(1200*time.Millisecond, func(p float32) {
			if !u.motionHeld {
				bar.Move(fyne.NewPos(p*270*z, 0))
			}
		})
		anim.RepeatCount = fyne.AnimationRepeatForever
		anim.AutoReverse = true
		anim.Start()
		u.onLeave(anim.Stop)
	}
	return vbox(container.NewCenter(label), container.NewCenter(lane))
}

// witnessCallWords is what is said when the call for a witnessed check
// ended: that staff were told only when the window stored the call.
func witnessCallWords(j withoutFace) string {
	switch st, _ := j.WitnessCall(); st {
	case journey.CallReached, journey.CallAccepted:
		return "已通知工作人员，请在这里稍候。"
	case journey.CallNoLink:
		return "这台机器现在联系不上工作人员，请到网办优先窗口请工作人员过来。"
	}
	return "没能通知到工作人员，请点再次通知，或到网办优先窗口。"
}
