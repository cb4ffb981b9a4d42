package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	journeys "hallkiosk/app/journey"
	"hallkiosk/app/kiosk"
	"hallkiosk/app/outbox"
	"hallkiosk/app/pinyin"
	"hallkiosk/internal/logging"
	"hallkiosk/screens"
	"hallkiosk/speech/speechtest"
)

// syncBuffer is a log sink safe for the kiosk's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// journey is the demo kiosk — embedded portal simulator, card reader
// simulator on a PTY with the real driver, the real outbox — on Fyne's
// headless driver.
type journey struct {
	t     *testing.T
	k     *kiosk.Kiosk
	demo  *kiosk.Demo
	ui    *screens.UI
	win   fyne.Window
	logs  *syncBuffer
	voice *speechtest.Harness
}

func startJourney(t *testing.T) *journey {
	t.Helper()
	a := test.NewTempApp(t)
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	cfg := config.Default()
	log := logging.New(logs, "debug", cfg.Kiosk.DeviceID)
	demoCat, _ := catalog.Demo()
	cat, err := catalog.New(demoCat, pinyin.Speller{})
	if err != nil {
		t.Fatal(err)
	}
	session := app.NewSession(clock.Real{}, app.SessionConfig{
		IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour, Warning: time.Minute, Ending: time.Hour, TempBase: t.TempDir(),
	})
	// The wiring `hallkiosk demo` runs (kiosk.StartDemo, kiosk.Start), its
	// voice replaced by the test speaker.
	o := kiosk.Options{Config: cfg, DataDir: t.TempDir(), Log: log, Session: session, Catalog: cat, Version: "test", NoSpeech: true}
	demo, err := kiosk.StartDemo(ctx, &o)
	if err != nil {
		t.Fatal(err)
	}
	k, err := kiosk.Start(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	voice := speechtest.NewSpeaker(t, speechtest.Options{})
	deps := screenDeps(k, demo)
	deps.Voice = voice.Speaker
	win := test.NewTempWindow(t, nil)
	win.Resize(fyne.NewSize(1920, 1080))
	ui := screens.New(a, win, deps)
	ui.Start(ctx)
	win.Resize(fyne.NewSize(1920, 1080))
	t.Cleanup(func() {
		if t.Failed() { // what the kiosk said, for the failure's cause
			lines := strings.Split(logs.String(), "\n")
			t.Logf("the kiosk's last log lines:\n%s", strings.Join(lines[max(0, len(lines)-25):], "\n"))
		}
		ui.Stop()
		cancel()
		k.Close()
		demo.Close()
		session.Close()
	})
	return &journey{t: t, k: k, demo: demo, ui: ui, win: win, logs: logs, voice: voice}
}

// waitFor polls cond (set by the kiosk's goroutines) with a generous
// deadline that only guards against a hang.
func (j *journey) waitFor(what string, cond func() bool) {
	j.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			j.t.Fatalf("timed out waiting for %s; screen %+v", what, j.k.Session.Snapshot().Screen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (j *journey) waitScreen(id app.ScreenID) {
	j.t.Helper()
	j.waitFor("screen "+string(id), func() bool {
		return j.k.Session.Snapshot().Screen.ID == id && j.ui.Shown().ID == id
	})
}

// tap taps the item named name on the current screen, once the window
// shows the screen the session is on (a tap that moves on, such as a
// choice of the form, changes the screen after the tap returns).
func (j *journey) tap(name string) {
	j.t.Helper()
	j.waitFor("the window to show the session's screen", func() bool {
		return j.ui.Shown() == j.k.Session.Snapshot().Screen
	})
	it := j.item(name)
	if it == nil {
		var names []string
		for _, x := range j.ui.Items() {
			names = append(names, x.Name)
		}
		j.t.Fatalf("no %q on %+v; items %v", name, j.k.Session.Snapshot().Screen, names)
	}
	test.Tap(it.Object.(fyne.Tappable))
}

// item is the item named name on the screen the window shows, nil if
// there is none.
func (j *journey) item(name string) *screens.Item {
	var it *screens.Item
	fyne.DoAndWait(func() {
		for _, x := range j.ui.Items() {
			if x.Name == name {
				it = x
			}
		}
	})
	return it
}

// shows reports whether the window shows an item named name.
func (j *journey) shows(name string) bool { return j.item(name) != nil }

func TestCitizenJourneyFromCardToReceiptNumber(t *testing.T) {
	j := startJourney(t)
	card := kiosk.DemoCards()[2]

	// The citizen puts the card on the reader: the kiosk wakes up.
	j.demo.PlaceCard(2)
	j.waitScreen(app.ScreenHome)
	j.waitFor("the card", func() bool { return j.k.Session.Data().Card() != nil })

	j.tap("住房公积金提取")
	j.tap("开始办理")
	j.waitScreen(app.ScreenIDCard)
	j.tap("确认，下一步")
	j.waitScreen(app.ScreenFace)
	j.tap("开始核验")
	j.waitScreen(app.ScreenForm)
	if j.k.Session.Data().Identity() == "" {
		t.Fatal("no identity token after the face check")
	}

	// One field per page: the reason (a choice), the amount, the bank card, the phone.
	j.tap("租房")
	for _, d := range "2000" {
		j.tap(string(d))
	}
	j.tap("下一项")
	for _, d := range "6222020200112233" {
		j.tap(string(d))
	}
	j.tap("下一项")
	// A wrong phone number is refused with the field, the problem and the fix.
	for _, d := range "1381234567" {
		j.tap(string(d))
	}
	j.tap("填好了，去核对")
	if got := j.k.Session.Snapshot().Screen.ID; got != app.ScreenForm {
		t.Fatalf("a 10-digit phone was accepted (%s)", got)
	}
	j.tap("8")
	j.tap("填好了，去核对")

	// The phone is confirmed by SMS; the code is masked and never spoken.
	j.waitFor("the SMS page", func() bool { return j.ui.Shown().ID == app.ScreenSMS })
	j.tap("发送验证码")
	j.waitFor("the SMS to go out", func() bool { return j.shows("重新发送") })
	typeSMS(j, kiosk.DemoSMSCode)
	j.tap("验证")
	// The optional 租房合同 can be photographed; the sample takes a picture.
	j.waitScreen(app.ScreenMaterials)
	j.tap("租房合同或购房证明拍第1页")
	j.waitFor("the picture", func() bool { return j.k.Session.Data().Material("rent_contract") != nil })
	// The capture's end redraws the page from the journey's goroutine;
	// Fyne's test driver runs that at once, beside the next tap, so a
	// redraw still under way could put the page back over the next one.
	j.waitFor("the capture drawn", func() bool {
		s, ok := j.k.Journeys.Snapshot()
		return ok && s.Busy == journeys.BusyNone && j.shows("租房合同或购房证明拍第2页")
	})
	j.tap("下一步，核对信息")
	j.waitScreen(app.ScreenConfirm)

	j.tap("确认提交")
	j.waitScreen(app.ScreenResult)
	sub := j.k.Session.Data().Submission()
	if sub == nil || !sub.Receipt.Acknowledged() || sub.Receipt.ApplicationID == "" {
		t.Fatalf("submission %+v not acknowledged by the portal", sub)
	}
	entries, err := j.k.Outbox.List(context.Background(), outbox.ListOptions{})
	if err != nil || len(entries) != 2 {
		t.Fatalf("outbox %+v, %v: want the material and the application", entries, err)
	}
	for _, e := range entries {
		if e.State != outbox.StateSent || e.ServiceCode != "GJJ-0301" {
			t.Fatalf("outbox entry %+v", e)
		}
	}

	j.tap("打印回执")
	j.waitFor("the receipt", func() bool { return j.demo.LatestReceipt() != nil })

	j.tap("评价本次服务")
	j.waitScreen(app.ScreenRating)
	j.tap("非常满意")
	j.waitScreen(app.ScreenEnding)
	if !j.k.Session.Data().Empty() {
		t.Fatal("citizen data survived the end of the session")
	}

	// Nothing personal in the logs or the speech. (The demo portal logs the
	// SMS code on purpose, as a real SMS gateway would send it.)
	for _, secret := range []string{card.Name, card.IDNumber, "13812345678", "6222020200112233", kiosk.DemoSMSCode} {
		if secret != kiosk.DemoSMSCode && strings.Contains(j.logs.String(), secret) {
			t.Errorf("log leaks %q", secret)
			for _, l := range strings.Split(j.logs.String(), "\n") {
				if strings.Contains(l, secret) {
					t.Log(l)
				}
			}
		}
		for _, s := range j.voice.Recorder.Said() {
			if strings.Contains(s, secret) {
				t.Errorf("speech leaks %q: %q", secret, s)
			}
		}
	}
}

// typeSMS taps the digit keys of code on the SMS page. The keys all carry
// the name 数字键 (the digit is never spoken), so they are found by title.
func typeSMS(j *journey, code string) {
	j.t.Helper()
	for _, d := range code {
		var target fyne.Tappable
		fyne.DoAndWait(func() {
			for _, it := range j.ui.Items() {
				if tb, ok := it.Object.(interface{ TitleText() string }); ok && tb.TitleText() == string(d) {
					target = it.Object.(fyne.Tappable)
				}
			}
		})
		if target == nil {
			j.t.Fatalf("no key %c", d)
		}
		test.Tap(target)
	}
}

func TestProgressQueryAfterCardAndFace(t *testing.T) {
	j := startJourney(t)
	j.demo.PlaceCard(0) // 王秀兰, who has applications at the demo portal
	j.waitScreen(app.ScreenHome)
	j.waitFor("the card", func() bool { return j.k.Session.Data().Card() != nil })
	j.tap("进度查询")
	j.waitScreen(app.ScreenIDCard)
	j.tap("确认，下一步")
	j.waitScreen(app.ScreenFace)
	j.tap("开始核验")
	j.waitScreen(app.ScreenProgress)
	j.waitFor("the list", func() bool {
		var n int
		fyne.DoAndWait(func() {
			for _, it := range j.ui.Items() {
				if it.Role == screens.RoleTile {
					n++
				}
			}
		})
		return n >= 2
	})
}

func TestFaceMismatchIsExplainedAndNothingOpens(t *testing.T) {
	j := startJourney(t)
	j.demo.PlaceCard(1) // 赵建华: the demo portal never matches his face
	j.waitScreen(app.ScreenHome)
	j.waitFor("the card", func() bool { return j.k.Session.Data().Card() != nil })
	j.k.Session.SetMode(app.Mode{Elder: true}) // 长辈版 speaks, and taps still act
	j.waitFor("长辈版", func() bool { return j.ui.Shown().ID == app.ScreenHome })
	j.tap("进度查询")
	j.waitScreen(app.ScreenIDCard)
	j.tap("确认，下一步")
	j.waitScreen(app.ScreenFace)
	j.voice.Recorder.Reset()
	j.tap("开始核验")
	j.waitFor("the explanation", func() bool {
		for _, s := range j.voice.Recorder.Said() {
			if strings.Contains(s, "没有核验通过") {
				return true
			}
		}
		return false
	})
	if got := j.k.Session.Snapshot().Screen.ID; got != app.ScreenFace || j.k.Session.Data().Identity() != "" {
		t.Fatalf("after a mismatch: screen %s, identity %q", got, j.k.Session.Data().Identity())
	}
}

// TestLicensePreviewedAndPrintedOnReceiptPaper: 电子证照 for 王秀兰 on the
// demo kiosk (no A4 printer): card, face, her licenses, one previewed and
// printed on the simulated receipt printer.
func TestLicensePreviewedAndPrintedOnReceiptPaper(t *testing.T) {
	j := startJourney(t)
	j.demo.PlaceCard(0) // 王秀兰, who has licenses at the demo portal
	j.waitScreen(app.ScreenHome)
	j.waitFor("the card", func() bool { return j.k.Session.Data().Card() != nil })
	j.tap("电子证照")
	j.waitScreen(app.ScreenIDCard)
	j.tap("确认，下一步")
	j.waitScreen(app.ScreenFace)
	j.tap("开始核验")
	j.waitScreen(app.ScreenLicenses)
	j.waitFor("the list", func() bool { return j.shows("不动产权证书") })
	j.tap("不动产权证书")
	j.waitFor("the preview", func() bool { return j.shows("打印") })
	if img := j.demo.LatestReceipt(); img != nil {
		t.Fatal("something was printed before 打印")
	}
	j.tap("打印")
	j.waitFor("the printed license", func() bool { return j.demo.LatestReceipt() != nil })
}
