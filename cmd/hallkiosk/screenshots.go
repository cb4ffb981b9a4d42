package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"hallkiosk/app"
	"hallkiosk/app/kiosk"
	"hallkiosk/screens"
)

// tourStep is one stop of the screenshot tour: what to do, then the name
// of the PNG to take ("" takes none).
type tourStep struct {
	shot string
	do   func() error
}

// takeScreenshots walks the demo through its main screens, as a citizen
// would, and writes what the X server shows for each into dir.
func takeScreenshots(ctx context.Context, k *kiosk.Kiosk, demo *kiosk.Demo, ui *screens.UI, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("screenshots dir: %w", err)
	}
	s := k.Session
	do := func(f func()) func() error { return func() error { fyne.DoAndWait(f); return nil } }
	tap := func(name string) func() error { return func() error { return tapItem(ui, name) } }
	wait := func(id app.ScreenID) func() error {
		return func() error {
			deadline := time.Now().Add(20 * time.Second)
			for ui.Shown().ID != id {
				if time.Now().After(deadline) {
					return fmt.Errorf("screen %s did not come (at %+v)", id, ui.Shown())
				}
				time.Sleep(50 * time.Millisecond)
			}
			return nil
		}
	}
	pressDigits := func(digits string) func() error {
		return func() error {
			for _, d := range digits {
				if err := tapItem(ui, string(d)); err != nil {
					return err
				}
			}
			return nil
		}
	}
	steps := []tourStep{
		{"attract", nil},
		{"home", do(s.Start)},
		{"service-detail", tap("住房公积金提取")},
		{"", tap("看看怎么办")}, {"", wait(app.ScreenTutorial)},
		{"tutorial", func() error { time.Sleep(3 * time.Second); return nil }}, // the first picture is drawn
		{"home-elder", do(func() { s.Home(); s.SetMode(app.Mode{Elder: true}) })},
		{"service-detail-elder", tap("住房公积金提取")},
		{"home-high-contrast", do(func() { s.Home(); s.SetMode(app.Mode{HighContrast: true}) })},
		{"search", do(func() { s.SetMode(app.Mode{}); s.Open(app.Screen{ID: app.ScreenSearch}) })},
		{"", tap("字母G")}, {"", tap("字母J")}, {"search-gjj", tap("字母J")},
		{"category-person", do(func() { s.Home(); s.Open(app.Screen{ID: app.ScreenCategory, Param: "person"}) })},
		{"idcard-waiting", do(func() { s.Home(); s.Open(app.Screen{ID: app.ScreenIDCard, Param: "GJJ-0301"}) })},
		{"", func() error { demo.PlaceCard(0); return nil }},
		{"idcard-read", func() error {
			deadline := time.Now().Add(10 * time.Second)
			for s.Data().Card() == nil && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			return nil
		}},
		{"face", tap("确认，下一步")},
		{"", tap("开始核验")}, {"", wait(app.ScreenForm)},
		{"form-select", nil},
		{"form-keypad", tap("租房")},
		{"", pressDigits("2000")}, {"", tap("下一项")},
		{"", pressDigits("6222020200112233")}, {"", tap("下一项")},
		{"", pressDigits("1380000123")}, {"form-error", tap("填好了，去核对")},
		{"", tap("删除一位")}, {"", pressDigits("34")}, {"sms", tap("填好了，去核对")},
		{"", tap("发送验证码")}, {"", func() error { time.Sleep(500 * time.Millisecond); return nil }},
		{"", smsDigits(ui, kiosk.DemoSMSCode)}, {"", tap("验证")}, {"", wait(app.ScreenMaterials)},
		{"materials", tap("租房合同或购房证明拍第1页")},
		{"confirm", tap("下一步，核对信息")},
		{"", tap("确认提交")}, {"", wait(app.ScreenResult)},
		{"", tap("打印回执")}, {"result-printed", func() error { time.Sleep(1500 * time.Millisecond); return nil }},
		{"rating", tap("评价本次服务")},
		{"ending", tap("非常满意")},
		// The pinyin keyboard of a Chinese text field (身份证补领预约's 姓名).
		{"", do(func() { s.Start(); s.Open(app.Screen{ID: app.ScreenForm, Param: "GA-0501"}) })},
		{"", typeLetters(ui, "zhangs")}, {"form-pinyin", nil},
		{"form-pinyin-elder", do(func() { s.SetMode(app.Mode{Elder: true}) })},
	}
	for i, st := range steps {
		if st.do != nil {
			if err := st.do(); err != nil {
				return fmt.Errorf("step %d (%s): %w", i, st.shot, err)
			}
		}
		if st.shot == "" {
			time.Sleep(150 * time.Millisecond)
			continue
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(900 * time.Millisecond): // let a few frames draw
		}
		// The X server's copy of the screen is what a person would see;
		// Fyne's Capture reads the GL front buffer, which Xvfb leaves empty.
		out := filepath.Join(dir, st.shot+".png")
		cmd := exec.CommandContext(ctx, "import", "-window", "root", out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: import (Debian package imagemagick): %v: %s", st.shot, err, msg)
		}
	}
	return nil
}

// typeLetters taps the letter keys of the pinyin keyboard.
func typeLetters(ui *screens.UI, letters string) func() error {
	return func() error {
		for _, r := range strings.ToUpper(letters) {
			if err := tapItem(ui, "字母"+string(r)); err != nil {
				return err
			}
		}
		return nil
	}
}

// tapItem activates the item called name on the screen, as a tap would.
func tapItem(ui *screens.UI, name string) error {
	var found bool
	fyne.DoAndWait(func() {
		for _, it := range ui.Items() {
			if it.Name == name && it.Activate != nil {
				found = true
				ui.Tap(it)
				return
			}
		}
	})
	if !found {
		return fmt.Errorf("no %q on screen %+v", name, ui.Shown())
	}
	return nil
}

// smsDigits types code on the SMS page, whose keys are all named 数字键.
func smsDigits(ui *screens.UI, code string) func() error {
	return func() error {
		for _, d := range code {
			var found bool
			fyne.DoAndWait(func() {
				for _, it := range ui.Items() {
					if t, ok := it.Object.(interface{ TitleText() string }); ok && t.TitleText() == string(d) {
						found = true
						ui.Tap(it)
						return
					}
				}
			})
			if !found {
				return fmt.Errorf("no key %c", d)
			}
		}
		return nil
	}
}
