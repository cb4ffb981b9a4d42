package screens

import (
	"fyne.io/fyne/v2/container"

	"hallkiosk/app"
)

// builder makes the View of one screen.
type builder func(u *UI, s app.Screen) *View

// registry maps every screen to its builder. A screen added here joins the
// accessibility audit and the narration warm-up automatically.
func registry() map[app.ScreenID]builder {
	return map[app.ScreenID]builder{
		app.ScreenAttract:   buildAttract,
		app.ScreenHome:      buildHome,
		app.ScreenCategory:  buildCategory,
		app.ScreenSearch:    buildSearch,
		app.ScreenService:   buildService,
		app.ScreenIDCard:    buildIDCard,
		app.ScreenFace:      buildFace,
		app.ScreenForm:      buildForm,
		app.ScreenSMS:       buildSMS,
		app.ScreenMaterials: buildMaterials,
		app.ScreenConfirm:   buildConfirm,
		app.ScreenResult:    buildResult,
		app.ScreenRating:    buildRating,
		app.ScreenProgress:  buildProgress,
		app.ScreenLicenses:  buildLicenses,
		app.ScreenFeedback:  buildFeedback,
		app.ScreenCallStaff: buildCallStaff,
		app.ScreenEnding:    buildEnding,
	}
}

// SampleScreens returns one instance of every registered screen, with a
// parameter where it needs one, for tests and the audit.
func (u *UI) SampleScreens() []app.Screen {
	code := ""
	if hot := u.deps.Catalog.Hot(); len(hot) > 0 {
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
		app.ScreenConfirm:   code,
		app.ScreenMaterials: "GJJ-0301",
		app.ScreenResult:    code,
		app.ScreenRating:    code,
	}
	var out []app.Screen
	for id := range registry() {
		out = append(out, app.Screen{ID: id, Param: params[id]})
	}
	return out
}

// buildMissing is shown for a screen without a builder: never a dead end.
func buildMissing(u *UI, s app.Screen) *View {
	return &View{
		Title:       "暂不可用",
		Instruction: "这项功能暂时无法使用，请返回或呼叫工作人员。",
		Body:        container.NewCenter(body("这项功能暂时无法使用。", 800)),
	}
}
