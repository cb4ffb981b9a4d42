package screens

import (
	"fyne.io/fyne/v2/container"

	"hallkiosk/app"
	"hallkiosk/screens/typeset"
)

// screen is one screen of the kiosk, in the way of rymdport's internal/ui:
// a small type in its own file holding what it draws from and the
// citizen's input on it that no journey keeps (the letters typed, the
// rating chosen, the page of a list). Its constructor makes it when the
// screen is entered; build draws its View, again on every redraw while the
// screen stays (a key typed, slow work started or ended, 长辈版 switched);
// its onX methods are what its buttons do, mostly calls of a journey.
type screen interface {
	build() *View
}

// placeKeeper is a screen that keeps the citizen's place when they come
// back to it in the same session (返回 from a service to the list's page
// or to the words searched): the UI keeps its value, for that session,
// while the citizen is elsewhere. Every other screen starts afresh each
// time it is entered.
type placeKeeper interface {
	screen
	keepsPlace()
}

// constructor makes the value of a screen as it is entered.
type constructor func(u *UI, s app.Screen) screen

// as turns a screen's own constructor into a registry entry.
func as[T screen](c func(u *UI, s app.Screen) T) constructor {
	return func(u *UI, s app.Screen) screen { return c(u, s) }
}

// registry maps every screen to its constructor. A screen added here joins
// the accessibility audit and the narration warm-up automatically.
func registry() map[app.ScreenID]constructor {
	return map[app.ScreenID]constructor{
		app.ScreenAttract:   as(newAttractScreen),
		app.ScreenHome:      as(newHomeScreen),
		app.ScreenCategory:  as(newCategoryScreen),
		app.ScreenSearch:    as(newSearchScreen),
		app.ScreenService:   as(newServiceScreen),
		app.ScreenIDCard:    as(newIDCardScreen),
		app.ScreenFace:      as(newFaceScreen),
		app.ScreenForm:      as(newFormScreen),
		app.ScreenSMS:       as(newSMSScreen),
		app.ScreenIDCode:    as(newIDCodeScreen),
		app.ScreenWitness:   as(newWitnessScreen),
		app.ScreenMaterials: as(newMaterialsScreen),
		app.ScreenConfirm:   as(newConfirmScreen),
		app.ScreenResult:    as(newResultScreen),
		app.ScreenRating:    as(newRatingScreen),
		app.ScreenProgress:  as(newProgressScreen),
		app.ScreenLicenses:  as(newLicensesScreen),
		app.ScreenFeedback:  as(newFeedbackScreen),
		app.ScreenCallStaff: as(newCallStaffScreen),
		app.ScreenEnding:    as(newEndingScreen),
		app.ScreenAsk:       as(newAskScreen),
		app.ScreenTutorial:  as(newTutorialScreen),
	}
}

// newScreen makes the value of screen s with its registered constructor;
// a screen without one is the missing screen, never a dead end.
func newScreen(u *UI, s app.Screen) screen {
	c, ok := registry()[s.ID]
	if !ok {
		return missingScreen{u: u}
	}
	return c(u, s)
}

// SampleScreens returns one instance of every registered screen, with a
// parameter where it needs one, for tests and the audit.
func (u *UI) SampleScreens() []app.Screen {
	code := ""
	if hot := u.deps.Hot.Items(u.deps.Catalog); len(hot) > 0 {
		code = hot[0].Code
	}
	params := map[app.ScreenID]string{
		app.ScreenCategory:  "person",
		app.ScreenSearch:    "",
		app.ScreenService:   code,
		app.ScreenIDCard:    code,
		app.ScreenFace:      code,
		app.ScreenForm:      code,
		app.ScreenSMS:       "GJJ-0301",
		app.ScreenIDCode:    "GJJ-0301",
		app.ScreenWitness:   "GA-0502",
		app.ScreenConfirm:   code,
		app.ScreenMaterials: "GJJ-0301",
		app.ScreenResult:    code,
		app.ScreenRating:    code,
		app.ScreenTutorial:  "GJJ-0301",
	}
	var out []app.Screen
	for id := range registry() {
		out = append(out, app.Screen{ID: id, Param: params[id]})
	}
	return out
}

// missingScreen is shown for a screen without a constructor.
type missingScreen struct{ u *UI }

func (s missingScreen) build() *View { return missingView(s.u.style()) }

// missingView is what a screen shows when it cannot show what it is for
// (a parameter the catalog does not know, no submission yet): never a dead
// end.
func missingView(st typeset.Style) *View {
	return &View{
		Title:       "暂不可用",
		Instruction: "这项功能暂时无法使用，请返回或呼叫工作人员。",
		Body:        container.NewCenter(body(st, "这项功能暂时无法使用。", 800)),
	}
}

// screenValues are the UI's screen values: the one on show, kept while its
// screen stays, and those of the citizen's session that keep their place.
type screenValues struct {
	current screen
	at      app.Screen // the screen current is the value of
	seq     int        // the session it belongs to
	kept    map[app.Screen]screen
	keptSeq int
}

// enter returns the value of the snapshot's screen: the one on show while
// the screen stays (a redraw, a rebuild after 长辈版 was switched), else a
// new one, or the one a placeKeeper left earlier in the same session. What
// was kept goes when the citizen's session ends.
func (sv *screenValues) enter(u *UI, s app.Snapshot) screen {
	if sv.current != nil && sv.at == s.Screen && sv.seq == s.Seq {
		return sv.current
	}
	if st := s.Screen.State(); sv.keptSeq != s.Seq || st == app.StateAttract || st == app.StateEnding {
		sv.kept, sv.keptSeq = nil, s.Seq
	}
	v, ok := sv.kept[s.Screen]
	if !ok {
		v = newScreen(u, s.Screen)
		if _, keeps := v.(placeKeeper); keeps {
			if sv.kept == nil {
				sv.kept = map[app.Screen]screen{}
			}
			sv.kept[s.Screen] = v
		}
	}
	sv.current, sv.at, sv.seq = v, s.Screen, s.Seq
	return v
}
