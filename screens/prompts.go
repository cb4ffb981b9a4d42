package screens

import (
	"context"
	"fmt"

	"hallkiosk/app"
	"hallkiosk/speech"
)

// warmer is a Voice that can synthesise prompts ahead of time
// (*speech.Speaker).
type warmer interface {
	Warm(ctx context.Context, texts []string) <-chan speech.WarmResult
}

// StaticPrompts returns every static text the screens say: each
// registered screen's title, step, instruction, help and items, for every
// service and both looks, plus the warning countdown and typing echoes.
// It builds the views without showing them; it must run on the Fyne main
// goroutine. Personal data never appears here: views are built without a
// citizen, on a throwaway UI value with throwaway journeys, so nothing of
// the screen on display or of the citizen's journey changes.
func (u *UI) StaticPrompts() []string {
	d := &UI{deps: u.deps, app: u.app, win: u.win, log: u.log, ctx: u.ctx, zoom: u.zoom, portrait: u.portrait, dry: true, focus: -1}
	return d.staticPrompts()
}

func (u *UI) staticPrompts() []string {
	var out []string
	add := func(texts ...string) {
		for _, t := range texts {
			if t != "" {
				out = append(out, t)
			}
		}
	}
	defer u.runLeaving()
	var screens []app.Screen
	for id := range registry() {
		screens = append(screens, app.Screen{ID: id})
	}
	for _, it := range u.deps.Catalog.All() {
		for _, id := range []app.ScreenID{app.ScreenService, app.ScreenIDCard, app.ScreenFace, app.ScreenTutorial} {
			screens = append(screens, app.Screen{ID: id, Param: it.Code})
		}
	}
	for _, p := range []string{app.PurposeProgress, app.PurposeLicenses} {
		screens = append(screens, app.Screen{ID: app.ScreenIDCard, Param: p}, app.Screen{ID: app.ScreenFace, Param: p})
	}
	for _, elder := range []bool{false, true} {
		for _, scr := range screens {
			if scr.ID == app.ScreenForm || scr.ID == app.ScreenConfirm || scr.ID == app.ScreenResult {
				continue // they show the citizen's own data
			}
			u.lastSnap = app.Snapshot{Screen: scr, State: scr.State(), Mode: app.Mode{Elder: elder, Voice: true}}
			v := newScreen(u, scr).build()
			u.runLeaving()
			add(v.Title, v.Step, v.Help)
			if !v.Private {
				add(v.Instruction)
			}
			add(v.Prompts...)
			for _, it := range v.Items {
				if !it.Private {
					add(itemSpeech(it))
				}
			}
		}
	}
	for left := 1; left <= 60; left++ {
		add(warningSpeech(left))
	}
	add("您还在办理吗", keypadHelp, "已删除一位", "没有可以删除的内容", "请至少选一项原因")
	for n := 1; n <= 20; n++ {
		add(fmt.Sprintf("已输入第%d位", n))
	}
	return out
}

// warmPrompts hands the static prompts to the speech cache in the
// background, after the first screen is up, so navigating never waits on
// synthesis and the first frame does not wait on the warm-up.
func (u *UI) warmPrompts() {
	w, ok := u.deps.Voice.(warmer)
	if !ok {
		return
	}
	texts := u.StaticPrompts()
	w.Warm(u.ctx, texts)
	u.log.Info("speech warm-up started", "prompts", len(texts))
}

// runLeaving runs and forgets the screen's leave hooks.
func (u *UI) runLeaving() {
	for _, f := range u.leaving {
		f()
	}
	u.leaving = nil
}
