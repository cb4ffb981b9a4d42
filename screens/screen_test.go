package screens

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
	"hallkiosk/devices/idcard/idcardsim"
)

// TestDryBuildsLeaveTheCitizensJourney: building every view only to read
// its texts (the speech warm-up) neither ends, replaces nor changes the
// journey of the citizen at the kiosk, whatever screen they are on.
func TestDryBuildsLeaveTheCitizensJourney(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	j := k.ui.applying("GJJ-0301")
	j.Begin()
	at := k.session.Snapshot().Screen
	fields := len(k.session.Data().Form())
	if prompts := k.ui.StaticPrompts(); len(prompts) == 0 {
		t.Fatal("no prompts")
	}
	if got := k.ui.deps.Journeys.Active(); got != journey.Journey(j) {
		t.Fatalf("the warm-up replaced the citizen's application with %T", got)
	}
	if k.ui.applying("GJJ-0301") != j {
		t.Fatal("the citizen's application was ended")
	}
	if got := k.session.Snapshot().Screen; got != at {
		t.Fatalf("the warm-up moved the citizen from %+v to %+v", at, got)
	}
	if got := len(k.session.Data().Form()); got != fields {
		t.Fatalf("the warm-up filled %d fields of the citizen's form", got-fields)
	}
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenIDCard {
		t.Fatalf("the application began at %+v", scr)
	}
}

// TestSearchKeepsItsPlace: the words searched are still there when the
// citizen looks at a result and comes back, and gone for the next citizen.
func TestSearchKeepsItsPlace(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	k.session.Open(app.Screen{ID: app.ScreenSearch})
	typeLetters(t, k, "gjj")
	if !strings.Contains(k.ui.view.Instruction, "已输入GJJ") {
		t.Fatalf("typed: %q", k.ui.view.Instruction)
	}
	k.tap(t, "住房公积金提取")
	if got := k.session.Snapshot().Screen.ID; got != app.ScreenService {
		t.Fatalf("the result opened %s", got)
	}
	k.tap(t, "返回")
	if !strings.Contains(k.ui.view.Instruction, "已输入GJJ") || !hasItem(k, "住房公积金提取") {
		t.Fatalf("back at the search: %q, items %v", k.ui.view.Instruction, itemNames(k))
	}
	k.session.Finish()
	k.clock.Advance(time.Minute)
	k.session.Start()
	k.session.Open(app.Screen{ID: app.ScreenSearch})
	if strings.Contains(k.ui.view.Instruction, "已输入") {
		t.Fatalf("the next citizen finds the search of the one before: %q", k.ui.view.Instruction)
	}
}

// TestCategoryTurnsPagesAndKeepsItsPlace: the one page-turn control on a
// category list shows and speaks the page, hides the button at either
// end, and the page is still there after a look at a service.
func TestCategoryTurnsPagesAndKeepsItsPlace(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	k.session.SetMode(app.Mode{Elder: true})
	k.session.Open(app.Screen{ID: app.ScreenCategory, Param: portal.AudiencePerson})
	pages := pageCount(len(k.ui.deps.Catalog.ForAudience(portal.AudiencePerson)), 6)
	if pages < 2 {
		t.Fatalf("the demo's person services fit on %d page in 长辈版; the test needs two", pages)
	}
	if hasItem(k, "上一页") || !hasItem(k, "下一页") {
		t.Fatalf("page 1: %v", itemNames(k))
	}
	k.voice.Recorder.Reset()
	k.tap(t, "下一页")
	shown := fmt.Sprintf("第 2 页，共 %d 页", pages)
	spoken := fmt.Sprintf("第2页，共%d页", pages)
	if !strings.Contains(strings.Join(pageTexts(k), "|"), shown) || !strings.Contains(strings.Join(k.said(), "|"), spoken) {
		t.Fatalf("page 2 not shown and spoken: %v, said %q", pageTexts(k), k.said())
	}
	if !hasItem(k, "上一页") || (pages == 2) == hasItem(k, "下一页") {
		t.Fatalf("page 2 of %d: %v", pages, itemNames(k))
	}
	var tile string
	for _, it := range k.ui.Items() {
		if it.Role == RoleTile {
			tile = it.Name
			break
		}
	}
	k.tap(t, tile)
	k.tap(t, "返回")
	if !strings.Contains(k.ui.view.Instruction, spoken) || !hasItem(k, tile) {
		t.Fatalf("back at the list: %q, items %v", k.ui.view.Instruction, itemNames(k))
	}
}

// TestConfirmTurnsPagesWithTheSameControl: the review of a long form has
// the same page-turn control, and keeps its page while a field is changed.
func TestConfirmTurnsPagesWithTheSameControl(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	code := ""
	for _, it := range k.ui.deps.Catalog.All() {
		if len(k.ui.deps.Catalog.FormOf(it).Fields) > 6 {
			code = it.Code
			break
		}
	}
	if code == "" {
		t.Fatal("no service of the demo catalog has more than six fields")
	}
	k.session.Open(app.Screen{ID: app.ScreenConfirm, Param: code})
	if !strings.Contains(strings.Join(pageTexts(k), "|"), "第 1 页，共") || hasItem(k, "上一页") {
		t.Fatalf("page 1: %v, items %v", pageTexts(k), itemNames(k))
	}
	k.tap(t, "下一页")
	if !strings.Contains(k.ui.view.Instruction, "第2页") {
		t.Fatalf("page 2: %q", k.ui.view.Instruction)
	}
	var edit string
	for _, it := range k.ui.Items() {
		if strings.HasPrefix(it.Name, "修改") {
			edit = it.Name
			break
		}
	}
	k.tap(t, edit)
	if got := k.session.Snapshot().Screen.ID; got != app.ScreenForm {
		t.Fatalf("%s opened %s", edit, got)
	}
	k.tap(t, "返回")
	if !strings.Contains(k.ui.view.Instruction, "第2页") {
		t.Fatalf("back at the review: %q", k.ui.view.Instruction)
	}
}

// TestFormKeepsTypingWhileTheScreenStays: the letters typed on the pinyin
// keyboard stay while the screen is drawn again (长辈版 switched on), and
// a field entered afresh starts without them.
func TestFormKeepsTypingWhileTheScreenStays(t *testing.T) {
	requireDict(t)
	k := newTestKiosk(t)
	openTextField(t, k, "GA-0501", "name")
	form := formOnShow(t, k)
	typeLetters(t, k, "zh")
	k.session.SetMode(app.Mode{Elder: true})
	if formOnShow(t, k) != form || form.typed != "zh" {
		t.Fatalf("after 长辈版: same screen value %v, typed %q", formOnShow(t, k) == form, form.typed)
	}
	k.tap(t, "首页")
	openTextField(t, k, "GA-0501", "name")
	if got := formOnShow(t, k); got == form || got.typed != "" {
		t.Fatalf("entered afresh: new value %v, typed %q", got != form, got.typed)
	}
}

// itemNames are the names of the focusable items on show, in focus order.
func itemNames(k *testKiosk) []string {
	var out []string
	for _, it := range k.ui.Items() {
		out = append(out, it.Name)
	}
	return out
}

// TestPadKeyRedrawsOnlyTheValue: a key of the number pad draws the value
// again, not the whole screen (the page's objects stay); a value with a
// problem on show redraws the screen so the problem goes.
func TestPadKeyRedrawsOnlyTheValue(t *testing.T) {
	k := newTestKiosk(t)
	k.session.Start()
	k.session.Data().SetCard(idcardsim.SampleCards()[0])
	k.session.Open(app.Screen{ID: app.ScreenForm, Param: "SB-0201", Index: 1}) // the phone
	s := formOnShow(t, k)
	page := append([]fyne.CanvasObject(nil), k.ui.page.Objects...)
	k.tap(t, "1")
	k.tap(t, "3")
	if s.value.Text != "13" || k.session.Data().Field("phone") != "13" {
		t.Fatalf("value shown %q, stored %q", s.value.Text, k.session.Data().Field("phone"))
	}
	for i, o := range k.ui.page.Objects {
		if i >= len(page) || o != page[i] {
			t.Fatal("a pad key rebuilt the page")
		}
	}
	k.tap(t, "填好了，去核对") // 2 digits: a problem on show
	if s.errLine.Text == "" {
		t.Fatal("no problem shown for a short phone number")
	}
	k.tap(t, "8")
	if s.errLine.Text != "" || s.value.Text != "138" {
		t.Fatalf("after a key with a problem on show: value %q, problem %q", s.value.Text, s.errLine.Text)
	}
}
