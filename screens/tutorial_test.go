package screens

import (
	"fmt"
	"image"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"hallkiosk/app"
	"hallkiosk/app/journey"
)

// openTutorial opens 看看怎么办 from the detail of service code.
func openTutorial(t *testing.T, k *testKiosk, code string, mode app.Mode) *tutorialScreen {
	t.Helper()
	k.session.Start()
	k.session.SetMode(mode)
	k.session.Open(app.Screen{ID: app.ScreenService, Param: code})
	k.tap(t, "看看怎么办")
	s, ok := k.ui.screens.current.(*tutorialScreen)
	if !ok {
		t.Fatalf("看看怎么办 opened %T", k.ui.screens.current)
	}
	return s
}

// TestTutorialIsBuiltFromTheScreens plays 住房公积金提取's tutorial: one
// step per stage of its journey, each a picture of the kiosk's own screen
// drawn now with the demo's sample citizen, a caption per step spoken in
// order as the steps move on by themselves; pausing stops them.
func TestTutorialIsBuiltFromTheScreens(t *testing.T) {
	k := newTestKiosk(t)
	s := openTutorial(t, k, "GJJ-0301", app.Mode{})
	it, _ := k.ui.deps.Catalog.Get("GJJ-0301")
	stages := journey.StagesFor(it, k.ui.deps.Catalog.MaterialsOf(it))
	if len(s.steps) != len(stages) || len(stages) < 3 {
		t.Fatalf("%d steps for the %d stages %v", len(s.steps), len(stages), stages)
	}
	// The next picture is drawn while the first step is looked at.
	k.clock.Advance(tutorialDrawAhead)
	if _, ok := s.pics[1]; !ok {
		t.Error("the second step's picture was not drawn ahead")
	}
	// Every step is spoken as it shows, in order, and moves on by itself.
	for i := range s.steps {
		if s.index != i {
			t.Fatalf("after %d steps the tutorial shows step %d", i, s.index+1)
		}
		want := fmt.Sprintf("第%d步，共%d步，%s。%s", i+1, len(stages), stages[i], s.steps[i].Caption)
		if s.steps[i].Caption == "" {
			t.Errorf("step %d (%s) has no caption", i+1, stages[i])
		}
		if got := k.lastSaid(); got != want {
			t.Errorf("step %d said %q, want %q", i+1, got, want)
		}
		k.clock.Advance(tutorialStepTime)
	}
	if s.index != len(stages)-1 {
		t.Errorf("the tutorial went past its last step: %d", s.index)
	}
	// The pictures: the screens the journey shows, as built now.
	wantTitle := map[app.ScreenID]string{app.ScreenIDCard: "刷身份证", app.ScreenForm: "填写表单"}
	var pics []image.Image
	for i, st := range s.steps {
		if st.Screen != tutorialScreenOf(stages[i], "GJJ-0301") {
			t.Errorf("step %d pictures %v", i+1, st.Screen)
		}
		p := s.picture(i)
		pics = append(pics, p)
		if p.Bounds().Dx() != tutorialPixels {
			t.Errorf("step %d picture is %v", i+1, p.Bounds())
		}
		if w, ok := wantTitle[st.Screen.ID]; ok && st.Title != w {
			t.Errorf("step %d pictures a screen titled %q, want %q", i+1, st.Title, w)
		}
		if st.Title == "" || st.Title == "暂不可用" {
			t.Errorf("step %d pictures no screen (%q)", i+1, st.Title)
		}
		if colours(p) < 8 {
			t.Errorf("step %d picture is blank", i+1)
		}
	}
	for i := 1; i < len(pics); i++ {
		if same(pics[i-1], pics[i]) {
			t.Errorf("steps %d and %d have the same picture", i, i+1)
		}
	}
	if k.session.Data().Card() != nil {
		t.Error("the sample citizen's card reached the citizen's session")
	}

	// Pause holds the step; 继续播放 goes on.
	k.tap(t, "上一步")
	k.tap(t, "上一步")
	at := s.index
	k.tap(t, "暂停")
	k.clock.Advance(time.Minute)
	if s.index != at {
		t.Errorf("paused at step %d, the tutorial moved to %d", at+1, s.index+1)
	}
	if k.lastSaid() != "已暂停" {
		t.Errorf("pausing said %q", k.lastSaid())
	}
	k.tap(t, "继续播放")
	k.clock.Advance(tutorialStepTime)
	if s.index != at+1 {
		t.Errorf("after 继续播放 the tutorial is at step %d, want %d", s.index+1, at+2)
	}
	k.tap(t, "开始办理")
	if got := k.session.Snapshot().Screen.ID; got != app.ScreenIDCard {
		t.Errorf("开始办理 opened %s", got)
	}
}

// TestTutorialElderIsSlowerAndLarger: in 长辈版 a step stays longer and
// the picture and caption are larger.
func TestTutorialElderIsSlowerAndLarger(t *testing.T) {
	sizes := map[bool]fyne.Size{}
	for _, elder := range []bool{false, true} {
		k := newTestKiosk(t)
		s := openTutorial(t, k, "GJJ-0301", app.Mode{Elder: elder})
		k.clock.Advance(tutorialStepTime)
		if moved := s.index == 1; moved == elder {
			t.Errorf("elder=%v: after %s the tutorial is at step %d", elder, tutorialStepTime, s.index+1)
		}
		k.clock.Advance(tutorialElderStepTime - tutorialStepTime)
		if s.index != 1 {
			t.Errorf("elder=%v: after %s the tutorial is at step %d", elder, tutorialElderStepTime, s.index+1)
		}
		for _, o := range test.LaidOutObjects(k.ui.root) {
			if img, ok := o.(*canvas.Image); ok && img.Image != nil && img.Image.Bounds().Dx() == tutorialPixels {
				sizes[elder] = img.Size()
			}
		}
		if !strings.Contains(k.lastSaid(), "第2步") {
			t.Errorf("elder=%v: step 2 said %q", elder, k.lastSaid())
		}
	}
	if sizes[false].Width == 0 || sizes[true].Width <= sizes[false].Width {
		t.Errorf("the 长辈版 picture is %v, the standard one %v", sizes[true], sizes[false])
	}
}

// colours counts the distinct colours of img (up to 64).
func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y && len(seen) < 64; y += 7 {
		for x := b.Min.X; x < b.Max.X && len(seen) < 64; x += 7 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}

// same reports whether two images are pixel for pixel the same.
func same(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 3 {
		for x := r.Min.X; x < r.Max.X; x += 3 {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// BenchmarkTutorialPicture draws one step of a tutorial (the form of
// 住房公积金提取 with the sample citizen) into a 1200-pixel picture, as
// showing a step the first time does.
func BenchmarkTutorialPicture(b *testing.B) {
	for _, portrait := range []bool{false, true} {
		b.Run(fmt.Sprintf("portrait=%v", portrait), func(b *testing.B) {
			size := fyne.NewSize(landscapeW, landscapeH)
			if portrait {
				size = fyne.NewSize(portraitW, portraitH)
			}
			k := newTestKioskSized(b, size)
			scr := app.Screen{ID: app.ScreenForm, Param: "GJJ-0301"}
			b.ResetTimer()
			for b.Loop() {
				k.ui.drawSample(scr, app.Mode{}, nil)
			}
		})
	}
}
