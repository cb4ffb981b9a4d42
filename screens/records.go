package screens

import (
	"errors"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
)

// recording returns the citizen's records journey of kind (进度查询 or
// 电子证照), starting it when there is none, and redraws the screen when
// its slow work starts or ends. A view built only for its texts gets a
// throwaway journey instead (see throwawayDeps).
func (u *UI) recording(kind journey.RecordsKind) *journey.Records {
	if u.dry {
		j, err := journey.NewRecords(u.throwawayDeps(), kind)
		if err != nil {
			return nil
		}
		u.onLeave(j.Close)
		return j
	}
	j, err := u.journeys().Records(kind)
	if err != nil {
		return nil
	}
	u.follow(j, func(ev journey.Event) { u.recordsChanged(j, ev) })
	return j
}

// recordsFor returns the records journey of an identity screen's purpose
// (app.PurposeProgress, app.PurposeLicenses), nil for a service code.
func (u *UI) recordsFor(param string) *journey.Records {
	kind, ok := journey.RecordsKindOf(param)
	if !ok {
		return nil
	}
	return u.recording(kind)
}

// recordsChanged redraws the screen when the records journey's slow work
// starts or ends, and says how it ended: a list or license that arrived
// announces its screen again. Runs on Fyne's goroutine.
func (u *UI) recordsChanged(j *journey.Records, ev journey.Event) {
	step, _ := j.At(u.lastSnap.Screen)
	onList := step.Kind == journey.StepRecords && u.lastSnap.Screen.Param == ""
	onLicense := step.Kind == journey.StepRecords && !onList
	if ev.Done && (ev.Busy == journey.BusyRecords && onList || ev.Busy == journey.BusyPreview && onLicense) {
		u.rebuild(u.lastSnap) // what arrived announces its screen
		return
	}
	if ev.Done && ev.Busy == journey.BusyFace && faceDeadEnd(ev.Err) {
		u.rebuild(u.lastSnap) // a dead end is announced by its own view
		return
	}
	u.redraw()
	if !ev.Done {
		return
	}
	switch ev.Busy {
	case journey.BusyFace:
		if ev.Err != nil {
			u.say(faceProblem(ev.Err))
		}
	case journey.BusyIDCode, journey.BusyWitness:
		if ev.Err != nil {
			u.say(journeyProblem(ev.Busy, ev.Err))
		}
	case journey.BusyWitnessCall:
		u.say(witnessCallWords(j))
	case journey.BusyPrint:
		u.say(u.licensePrintMessage(j, j.Showing()))
	}
}

// openRecords opens 进度查询 or 电子证照, through the identity check when the
// citizen has not had one yet.
func (u *UI) openRecords(kind journey.RecordsKind) {
	if j := u.recording(kind); j != nil {
		j.Begin()
	}
}

// needIdentity fills v with the way to the card and face check when the
// citizen has not been checked yet, and reports whether it did.
func needIdentity(v *View, b *viewBuilder, j *journey.Records) bool {
	st := b.u.style()
	if j.Checked() {
		return false
	}
	v.Instruction = "查询前要先刷身份证，再核验本人：看摄像头刷脸，或用登记的手机收验证码，或请工作人员核验。"
	start := b.button("刷身份证查询", kindAccent, RoleButton, j.Identify)
	start.TitleSize = theme.SizeNameSubHeadingText
	start.MinWidth, start.MinHeight = 480, 110
	v.Body = container.NewVBox(layout.NewSpacer(), container.NewCenter(body(st, v.Instruction, 1000)),
		container.NewCenter(start), layout.NewSpacer())
	v.Items = b.items
	return true
}

// loadingView is shown while records come from the portal (there is
// nothing yet and no failure), or when they could not.
func (u *UI) loadingView(v *View, b *viewBuilder, j *journey.Records, there bool, err error) bool {
	st := u.style()
	switch {
	case err != nil:
		v.Instruction = recordsProblem(err)
		again := b.button("再试一次", kindAccent, RoleButton, j.Retry)
		again.MinWidth = 400
		v.Body = container.NewVBox(layout.NewSpacer(),
			container.NewCenter(body(st, v.Instruction, 1000)), container.NewCenter(again), layout.NewSpacer())
		v.Items = b.items
		return true
	case !there:
		v.Instruction = "正在查询，请稍候。"
		v.Body = container.NewCenter(newBusyLine("正在查询，请稍候……", u))
		return true
	}
	return false
}

func recordsProblem(err error) string {
	switch {
	case errors.Is(err, app.ErrNoIdentity):
		return "请先刷身份证并核验本人。"
	case portal.IsRetryable(err):
		return "网络不太好，没有查到。请稍后再试，或呼叫工作人员。"
	}
	return "没有查到，请稍后再试，或呼叫工作人员。"
}

// recordsPerPage is how many records fit on one page of the list: fewer,
// bigger ones in 长辈版.
func (u *UI) recordsPerPage() int {
	if u.lastSnap.Mode.Elder {
		return 2
	}
	return 4
}

// licensePrintMessage says where printing license id stands ("" before
// the citizen asked for it).
func (u *UI) licensePrintMessage(j *journey.Records, id string) string {
	switch st, err := j.PrintState(id); st {
	case journey.PrintPrinting:
		return "正在打印……"
	case journey.PrintDone:
		return "已打印，请在下方出纸口取走。"
	case journey.PrintFailed:
		return u.printProblem(err)
	}
	return ""
}
