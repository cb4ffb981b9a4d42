package screens

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
	"hallkiosk/app/journey"
)

// ratingScreen is 好差评: five levels; a low rating asks why. Storing it is
// the journey's: the citizen is thanked only once it is stored. The screen
// keeps the level chosen and the reasons ticked until they are sent.
type ratingScreen struct {
	u       *UI
	j       rater           // nil for a code the catalog does not have
	what    string          // what is rated, for the title ("" for 本次服务)
	rating  int             // the level chosen, 0 before
	reasons map[string]bool // the reasons of a low rating ticked
}

// rater is a journey whose 好差评 the screen draws: an application just
// submitted (*journey.Apply), or one found through 进度查询
// (*journey.Records, 评价最近一次办事).
type rater interface {
	Rate(level int, reasons []string)
	Running(journey.Busy) bool
	Err() error
}

func newRatingScreen(u *UI, s app.Screen) *ratingScreen {
	r := &ratingScreen{u: u}
	if rec := u.recordsFor(s.Param); rec != nil {
		r.j = rec
		if a, ok := rec.RatingOf(); ok {
			r.what = a.ServiceName
		}
	} else if a := u.applying(s.Param); a != nil {
		r.j = a
	}
	return r
}

func (s *ratingScreen) build() *View {
	u, j := s.u, s.j
	st := u.style()
	if j == nil {
		return missingView(st)
	}
	b := u.builder()
	v := &View{Title: "评价本次服务", Instruction: "您对这次办事满意吗？请选一项。"}
	if s.what != "" {
		v.Title = "评价：" + s.what
		v.Instruction = "您对“" + s.what + "”这次办事满意吗？请选一项。"
	}
	var status fyne.CanvasObject = spacer(st, 0, 0)
	switch {
	case j.Running(journey.BusyRate):
		status = newBusyLine("正在保存您的评价……", u)
		v.Instruction = "正在保存您的评价，请稍候。"
	case j.Err() != nil && !errors.Is(j.Err(), journey.ErrNoReason):
		v.Instruction = rateProblem(j.Err())
		status = u.text(v.Instruction, theme.SizeNameSubHeadingText, theme.ColorNameError)
	}
	if journey.NeedsReason(s.rating) {
		v.Instruction = "很抱歉。请告诉我们哪里不好（可选多项），再点“提交评价”。"
		var chips []fyne.CanvasObject
		for _, r := range journey.RatingReasons() {
			r := r
			kind := kindPlain
			if s.reasons[r.Code] {
				kind = kindPrimary
			}
			chip := b.button(r.Name, kind, RoleToggle, func() { s.onReason(r.Code) })
			chip.MinHeight = 90
			b.items[len(b.items)-1].State = func() string {
				if s.reasons[r.Code] {
					return "已选中"
				}
				return "未选中"
			}
			chips = append(chips, chip)
		}
		send := b.button("提交评价", kindAccent, RoleButton, s.onSend)
		send.MinWidth, send.MinHeight = 400, 100
		if errors.Is(j.Err(), journey.ErrNoReason) {
			status = u.text("请至少选一项原因。", theme.SizeNameSubHeadingText, theme.ColorNameError)
		}
		v.Body = vbox(grid(2, chips...), status, container.NewCenter(send))
		v.Items = b.items
		return v
	}
	var btns []fyne.CanvasObject
	for _, l := range journey.RatingLevels() {
		l := l
		btn := b.button(l.Name, kindPlain, RoleButton, func() { s.onLevel(l.Level) })
		btn.TitleSize = theme.SizeNameSubHeadingText
		btn.MinHeight = 110
		btns = append(btns, btn)
	}
	v.Body = container.NewVBox(layout.NewSpacer(), grid(5, btns...), status, layout.NewSpacer())
	if u.portrait || u.lastSnap.Mode.Elder {
		v.Body = vbox(grid(1, btns...), status)
	}
	v.Items = b.items
	return v
}

// onLevel chooses a level: a good one is sent at once, a low one asks
// why first.
func (s *ratingScreen) onLevel(level int) {
	s.rating = level
	if !journey.NeedsReason(level) {
		s.onSend()
		return
	}
	s.u.rebuild(s.u.lastSnap)
}

// onReason ticks or unticks a reason of a low rating.
func (s *ratingScreen) onReason(code string) {
	if s.reasons == nil {
		s.reasons = map[string]bool{}
	}
	s.reasons[code] = !s.reasons[code]
	s.u.redraw()
}

// onSend hands the chosen rating to the journey, which stores it and ends
// the session with thanks.
func (s *ratingScreen) onSend() {
	var reasons []string
	for code, on := range s.reasons {
		if on {
			reasons = append(reasons, code)
		}
	}
	s.j.Rate(s.rating, reasons)
	if errors.Is(s.j.Err(), journey.ErrNoReason) {
		s.u.redraw()
		s.u.say("请至少选一项原因")
	}
}

// rateProblem puts a rating that was not stored into words.
func rateProblem(err error) string {
	if errors.Is(err, app.ErrNoQueue) {
		return "本机暂时不能保存评价。您可以在手机上评价，或告诉网办优先窗口的工作人员。"
	}
	return "评价没有保存成功，您的选择还在。请再点一次，或到网办优先窗口评价。"
}
