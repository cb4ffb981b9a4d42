package screens

import (
	"context"
	"image"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"

	"hallkiosk/app"
	"hallkiosk/app/ask"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/app/journey"
	"hallkiosk/app/pinyin"
	"hallkiosk/app/portal"
	"hallkiosk/app/staffmenu"
	"hallkiosk/internal/logging"
	"hallkiosk/screens/typeset"
	"hallkiosk/speech"
)

// Logical design sizes: every screen is laid out for these and zoomed to fit.
const (
	landscapeW, landscapeH = 1920, 1080
	portraitW, portraitH   = 1080, 1920
)

// Deps is what the screens need. Session and Catalog are required.
type Deps struct {
	Session *app.Session
	// Catalog is the services offered; one without items (a kiosk's first
	// start, none cached yet) shows 正在连接服务平台 until SetCatalog
	// brings one.
	Catalog *catalog.Catalog
	Config  config.Config
	// Fonts is the CJK theme font (typeset.LoadFonts); nil uses Fyne's
	// default font.
	Fonts *typeset.Fonts
	Clock clock.Clock
	Log   *slog.Logger
	// Voice speaks; nil is silent.
	Voice Voice
	// Cards follows the ID-card reader; nil means no reader.
	Cards *app.Cards
	// Identity checks the citizen's face against the card; nil means the
	// face step cannot run.
	Identity *app.Identity
	// Records is 进度查询 and 电子证照; nil means the portal is unreachable.
	Records *app.Records
	// Documents captures paper materials; nil means no document camera.
	Documents *app.Documents
	// SMS confirms the citizen's phone; nil skips it.
	SMS *app.SMS
	// OnFile checks identity without a face by a code to the phone the
	// portal holds; nil: not offered.
	OnFile *app.OnFile
	// Witness is the staff's side of a staff-witnessed check at this
	// kiosk (used only without Journeys); nil sends the citizen to the
	// 网办优先窗口.
	Witness journey.StaffWitness
	// Submitter queues applications and ratings.
	Submitter *app.Submitter
	// Hot is home's 热门服务 as the hall's use ranks it; nil shows the
	// catalog's hot services.
	Hot *app.HotList
	// Journeys holds the citizen's journey; nil builds one from the
	// dependencies above when the first journey starts.
	Journeys *journey.Current
	// PrintReceipt prints the current citizen's 受理回执; nil means no
	// receipt printer.
	PrintReceipt func(ctx context.Context) error
	// PrintGuide prints a service's 网办明白卡; nil means no receipt
	// printer.
	PrintGuide func(ctx context.Context, it portal.ServiceItem, form portal.Form, mats []portal.Material) error
	// Ask is 智能客服 (问一问); nil shows it as not ready.
	Ask *ask.Desk
	// PrintAnswer prints an answer of 智能客服 (app.Printing.PrintAnswer);
	// nil means no receipt printer.
	PrintAnswer func(ctx context.Context, question, answer, service, url string) error
	// PinyinPath is the pinyin keyboard's dictionary; "" is
	// pinyin.DefaultPath.
	PinyinPath string
	// Demo, when set, shows the demo's device controls.
	Demo *DemoControls
	// CallStaff raises a call to the staff at the 网办优先窗口 and returns
	// nil only when it really reached someone; app.ErrNoStaffLink (or any
	// error) means nobody heard it, and the screen then sends the citizen
	// to the window or the hotline. nil is a kiosk without a staff link.
	CallStaff func(ctx context.Context) error
	// Inline runs background work (portal calls, printing) on the calling
	// goroutine, for deterministic tests on Fyne's test driver.
	Inline bool
	// StaffMenu is the staff menu, opened by the keypad sequence of
	// [staff] menu_sequence or Ctrl+Alt+S and a staff PIN; nil is a kiosk
	// without one.
	StaffMenu *staffmenu.Menu
	// OnFirstFrame, if set, runs once after the first frame of the
	// kiosk's first screen, home or the attract loop, has been drawn.
	OnFirstFrame func()
	// OnItems, if set, hears the names of the screen's items that carry
	// no personal data after each build, for the staff's live view to
	// point at (UI.Point).
	OnItems func(names []string)
	// Embedded hosts the screens in a part of another window (the window
	// terminal's 帮办代办 page): Start leaves the window's content alone
	// (the caller places Content), and the screens' theme is the app's
	// only while they are shown (SetShown).
	Embedded bool
}

// UI is the kiosk's window content: the host of the screens. It holds
// the window, the frame (header and footer), the theme and zoom, the focus
// ring, narration, keypad navigation, the idle warning and the hook that
// redraws a screen when a journey's slow work starts or ends; each screen
// is a value of its own type (see registry.go), made when it is entered
// and kept while it stays.
type UI struct {
	deps Deps
	app  fyne.App
	win  fyne.Window
	log  *slog.Logger

	motionHeld bool // HoldMotion

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	// previewFrames counts the camera frames put on screen, previewSeen
	// those the camera sent to the previews (benchmarks).
	previewFrames, previewSeen atomic.Int64

	root       *fyne.Container // page, focus ring, overlay
	page       *fyne.Container
	overlay    *fyne.Container
	view       *View
	warning    *warningView
	items      []*Item
	focus      int
	keys       *keyCatcher
	lastSnap   app.Snapshot
	rendered   bool
	zoom       float32
	portrait   bool
	clockLabel *typeset.Text // the header clock on show, nil on a bare page
	clock      headerClock
	attract    attractLoop
	nav        navState
	firstFrame sync.Once
	// firstFrameSeen is set (on Fyne's goroutine) once OnFirstFrame ran.
	firstFrameSeen bool
	leaving        []func() // run when the current screen goes away
	shownMu        sync.Mutex
	shown          app.Screen       // the screen whose view is on screen
	afterBuild     []func()         // run once the next build is painted (AfterNextBuild)
	screens        screenValues     // the value of the screen on show, and those that keep their place
	dry            bool             // building views only to read their texts
	newCatalog     *catalog.Catalog // a newer catalog, shown from the next citizen on
	pinyin         *pinyin.Session  // the pinyin keyboard's engine and this citizen's words, loaded on first use
	pinyinErr      error            // why it could not be, until the session ends
	watched        *journey.Apply   // the journey whose slow work redraws the screen
	followed       followedJourneys // other journeys whose slow work redraws it
	staff          *staffLayer      // the staff login or menu, nil when closed
	staffLayer     *fyne.Container  // where it is drawn, over everything
	staffSeq       []rune           // the last keypad keys, for the menu sequence
	staffSeqAt     time.Time        // when the last of them came
	assisting      bool             // a member of staff helps the citizen (帮办代办)
	hidden         bool             // embedded and not on show: the theme is another's
	waiting        bool             // no catalog yet: the connecting screen, whatever the session
	wait           catalog.Wait     // the last failed attempt at one, for the connecting screen
}

// New builds the UI into win. Call Start to show the first screen.
func New(a fyne.App, win fyne.Window, deps Deps) *UI {
	if deps.Clock == nil {
		deps.Clock = clock.Real{}
	}
	if deps.Log == nil {
		deps.Log = logging.Discard()
	}
	if deps.Voice == nil {
		deps.Voice = silentVoice{}
	}
	u := &UI{deps: deps, app: a, win: win, log: deps.Log, zoom: 1, focus: -1, hidden: deps.Embedded}
	u.waiting = deps.Catalog == nil || len(deps.Catalog.All()) == 0
	u.page = container.NewStack()
	u.overlay = container.NewStack()
	u.keys = newKeyCatcher(u)
	u.staffLayer = container.NewStack()
	u.root = container.New(&rootLayout{u: u}, u.keys, u.page, u.overlay, u.staffLayer)
	return u
}

// Content is the window content to set.
func (u *UI) Content() fyne.CanvasObject { return u.root }

// Start shows the current screen, follows the session, and runs the header
// clock until ctx ends or Stop is called.
func (u *UI) Start(ctx context.Context) {
	u.ctx, u.cancel = context.WithCancel(ctx)
	u.applyTheme(u.deps.Session.Snapshot().Mode)
	if !u.deps.Embedded {
		u.win.SetContent(u.root)
		u.focusKeys()
	}
	unsubscribe := u.deps.Session.Subscribe(func(s app.Snapshot) {
		fyne.Do(func() { u.applyNewer(s) })
	})
	u.apply(u.deps.Session.Snapshot())
	// The warm-up builds every view once: after the first screen is up.
	if !u.deps.Inline {
		go fyne.Do(u.warmPrompts)
	}
	u.wg.Add(1)
	go func() {
		defer u.wg.Done()
		<-u.ctx.Done()
		unsubscribe()
	}()
	u.startClock()
	if m := u.deps.StaffMenu; m != nil {
		u.win.Canvas().AddShortcut(staffShortcut, func(fyne.Shortcut) { u.openStaff() })
		m.OnLogout(func() { fyne.Do(u.closeStaff) })
	}
	if u.deps.Cards != nil {
		u.deps.Cards.Subscribe(func() {
			fyne.Do(func() {
				switch u.lastSnap.Screen.ID {
				case app.ScreenIDCard, app.ScreenEnding:
					u.rebuild(u.lastSnap)
				}
			})
		})
	}
}

// Stop ends the UI's goroutines and waits for them.
func (u *UI) Stop() {
	if u.cancel != nil {
		u.cancel()
	}
	u.wg.Wait()
	u.stopClock()
	u.attract.stop()
}

// SetCatalog hands the UI a newer catalog from the portal. It takes effect
// on the attract loop, never under a citizen's feet; the first catalog of
// a kiosk that had none takes the connecting screen's place at once.
// Safe from any goroutine.
func (u *UI) SetCatalog(c *catalog.Catalog) {
	fyne.Do(func() {
		u.newCatalog = c
		if u.waiting || u.lastSnap.State == app.StateAttract {
			u.waiting = false
			u.adoptCatalog()
			u.rebuild(u.lastSnap)
		}
	})
}

// SetCatalogWait tells the connecting screen how the last attempt at a
// first catalog failed; a new reason is announced, another attempt for
// the same one only redrawn. Safe from any goroutine.
func (u *UI) SetCatalogWait(w catalog.Wait) {
	fyne.Do(func() {
		if !u.waiting {
			return
		}
		prev := u.wait
		u.wait = w
		if !u.rendered {
			return // Start draws it
		}
		if prev.Problem != w.Problem {
			u.rebuild(u.lastSnap)
		} else {
			u.redraw()
		}
	})
}

// Connecting reports whether the connecting screen is up (no catalog
// yet). Fyne's goroutine only.
func (u *UI) Connecting() bool { return u.waiting }

func (u *UI) adoptCatalog() {
	if u.newCatalog != nil {
		u.deps.Catalog, u.newCatalog = u.newCatalog, nil
		if u.deps.Journeys != nil {
			u.deps.Journeys.SetCatalog(u.deps.Catalog)
		}
	}
}

// applyNewer draws s unless the window already drew a later change: two
// changes made at once on two goroutines (a tap and the idle timer, a
// tap and slow work ending) may arrive here in the other order, and the
// older one must not put its screen back over the newer. Runs on the
// Fyne main goroutine.
func (u *UI) applyNewer(s app.Snapshot) {
	if s.Change < u.lastSnap.Change {
		return
	}
	u.apply(s)
}

// apply draws a snapshot. Runs on the Fyne main goroutine.
func (u *UI) apply(s app.Snapshot) {
	prev := u.lastSnap
	u.lastSnap = s
	if s.State == app.StateAttract && u.newCatalog != nil {
		u.adoptCatalog()
		u.rendered = false // draw everything again
	}
	// Once per citizen, when their session ends: the next one may start
	// from the closing screen, without the attract loop between them.
	if over(s.State) && !over(prev.State) && u.letCitizenGo() {
		u.rendered = false // the theme again: Fyne lets the parsed font go
	}
	if !u.rendered || prev.Mode != s.Mode {
		u.applyTheme(s.Mode)
	}
	if !u.rendered || prev.Mode.Elder != s.Mode.Elder {
		// 长辈版 speaks slowly; leaving it restores the normal rate.
		rate := speech.RateNormal
		if s.Mode.Elder {
			rate = speech.RateSlow
		}
		u.deps.Voice.SetRate(rate)
	}
	if prev.Seq != s.Seq {
		u.nav = navState{}
	}
	if !u.rendered || prev.Screen != s.Screen || prev.Seq != s.Seq || prev.Mode != s.Mode || prev.WipeFailed != s.WipeFailed {
		u.rebuild(s)
	}
	u.showWarning(s)
	u.followAssist(prev, s)
	u.rendered = true
}

// outlivesCitizen reports whether a drawn text may stay cached after the
// citizen's session: it has no three digits in a row (an ID or phone
// number, a year, an amount, a code; "第3步，共5步" and the clock's 21:28
// stay), no Latin letter (an ID number's X, a foreign name), no
// mask star (a masked name, number or phone), no character the citizen
// typed or their card's address holds (typed), and no character outside
// the screen font (onScreen), which only a citizen's name or address
// brings. What is left are the kiosk's own words: the catalog's, the
// screens' labels and instructions. A text of one ASCII character stays
// too (the keypad's keys); one Chinese character goes.
func outlivesCitizen(text string, typed map[rune]struct{}, onScreen func(rune) bool) bool {
	if r, size := utf8.DecodeRuneInString(text); size == len(text) {
		// A key's digit or letter tells nothing; a Chinese character alone
		// may be what masking left of a name (王*兰 is drawn as 王, * and
		// 兰, each in its font).
		return r < utf8.RuneSelf
	}
	digits := 0 // in a row
	for _, r := range text {
		if unicode.IsDigit(r) {
			if digits++; digits >= 3 {
				return false
			}
			continue
		}
		digits = 0
		if unicode.In(r, unicode.Latin) || r == '*' || r == '＊' || !onScreen(r) {
			return false
		}
		if _, ok := typed[r]; ok {
			return false
		}
	}
	return true
}

// over reports whether state is one between two citizens: the closing
// screen or the attract loop.
func over(state app.State) bool { return state == app.StateEnding || state == app.StateAttract }

// letCitizenGo lets go of what a citizen's session loaded and an idle
// kiosk does not need: the citizen font (reporting whether it was loaded,
// so the theme is set again and Fyne drops its parsed copy), the pinyin
// keyboard's dictionary, and the window's textures: the drawn text of the
// citizen's name, number and phone, their photo, and the memory the
// session grew (the patched Fyne's ForgetTexturesBut; the next frame makes
// what the screen shows again), then the Go heap's garbage. The drawn
// text of the kiosk's own words stays (outlivesCitizen): drawing it again
// for every citizen cost their first taps tens of milliseconds each.
func (u *UI) letCitizenGo() bool {
	typed := u.pinyin.Characters()
	u.pinyin.Wipe()
	u.pinyin, u.pinyinErr = nil, nil
	if c, ok := u.win.Canvas().(interface{ ForgetTexturesBut(func(string) bool) }); ok {
		fonts := u.deps.Fonts
		c.ForgetTexturesBut(func(text string) bool { return outlivesCitizen(text, typed, fonts.OnScreen) })
	}
	if !u.deps.Inline {
		// The session's garbage is collected now, while the kiosk waits
		// for the next citizen, once the next frame has let go of its
		// widgets: a collection that falls in the middle of a citizen's
		// taps takes them up to 100 ms of CPU (make bench-taps, 30
		// rounds), and after this one a session's allocations rarely
		// reach the next.
		u.AfterPaint(runtime.GC)
	}
	return u.deps.Fonts.DropCitizen()
}

// applyTheme sets the theme for the mode at the current zoom.
func (u *UI) applyTheme(m app.Mode) {
	if u.hidden {
		return
	}
	u.app.Settings().SetTheme(NewTheme(u.deps.Fonts, m.Elder, m.HighContrast, u.zoom))
}

// SetShown tells embedded screens (Deps.Embedded) whether they are on
// show: shown, their theme (mode and zoom) becomes the app's and they take
// the keys; hidden, the host sets its own theme. Call it on Fyne's
// goroutine.
func (u *UI) SetShown(on bool) {
	if !u.deps.Embedded || u.hidden == !on {
		return
	}
	u.hidden = !on
	if on {
		u.applyTheme(u.lastSnap.Mode)
		u.focusKeys()
	}
}

// focusKeys gives the keys to the screens (not while embedded screens are
// hidden: the host's fields keep them).
func (u *UI) focusKeys() {
	if !u.hidden {
		u.win.Canvas().Focus(u.keys)
	}
}

// rebuild builds the view for the snapshot's screen, puts it on screen and
// announces it.
func (u *UI) rebuild(s app.Snapshot) {
	u.build(s)
	u.announceScreen(s)
	if u.view.OnShow != nil {
		u.view.OnShow()
	}
}

// redraw builds the current screen again after its content changed (a key
// typed, a page turned), keeping the focus and without announcing it.
func (u *UI) redraw() {
	focus, name := u.focus, ""
	if focus >= 0 && focus < len(u.items) {
		name = u.items[focus].Name
	}
	u.build(u.lastSnap)
	// The same key keeps the focus even when items before it came or went
	// (the candidate words of the pinyin keyboard).
	for i, it := range u.items {
		if name != "" && it.Name == name {
			focus = i
			break
		}
	}
	if focus >= 0 && focus < len(u.items) {
		u.focus = focus
		u.drawFocus()
	}
}

// build builds the view for the snapshot's screen and puts it on screen.
func (u *UI) build(s app.Snapshot) {
	if u.view != nil && u.view.OnHide != nil {
		u.view.OnHide()
	}
	u.runLeaving()
	var v *View
	if u.waiting {
		v = u.connectingView()
	} else {
		v = u.screens.enter(u, s).build()
	}
	u.view = v
	u.clockLabel = nil // the frame makes the new page's
	var page fyne.CanvasObject
	var frameItems []*Item
	if v.Bare {
		page = v.Body
	} else {
		page, frameItems = u.frame(v, s)
	}
	// No background rectangle: the window is cleared to the theme's
	// background before every frame, and under software GL a rectangle
	// over the whole window costs as much as the rest of the page.
	u.page.Objects = []fyne.CanvasObject{newBackgroundTapper(u), page}
	u.page.Refresh()
	u.settleLayout()
	items := append(append([]*Item{}, v.Items...), frameItems...)
	focus := -1
	if s.Mode.Voice && len(items) > 0 {
		focus = 0
	}
	if u.warning != nil {
		u.warning.saved, u.warning.focus = items, focus
	} else {
		u.items, u.focus = items, focus
	}
	u.drawFocus()
	u.publishItems()
	u.focusKeys()
	if u.waiting || s.Screen.ID == app.ScreenHome || s.Screen.ID == app.ScreenAttract {
		u.watchFirstFrame()
	}
	u.shownMu.Lock()
	u.shown = s.Screen
	if u.waiting {
		u.shown = app.Screen{ID: ScreenConnecting}
	}
	u.shownMu.Unlock()
	for _, f := range u.afterBuild {
		u.AfterPaint(f)
	}
	u.afterBuild = nil
}

// settleLayout lays the new page out in the window's canvas now, as its
// next frame would. Fyne lays out the parents of objects it has not seen
// before while it paints a frame, and moving a container there (even to
// where it already is) asks for one more frame: under software GL a
// second redraw of the whole window, about as long as the first, after
// every new screen. Laid out here, the frame finds nothing new to move.
func (u *UI) settleLayout() {
	if c, ok := u.win.Canvas().(interface{ EnsureMinSize() bool }); ok {
		c.EnsureMinSize()
	}
}

// Shown is the screen whose view is drawn now; it can lag the session's
// snapshot by one redraw. Safe from any goroutine.
func (u *UI) Shown() app.Screen {
	u.shownMu.Lock()
	defer u.shownMu.Unlock()
	return u.shown
}

// watchFirstFrame arranges for OnFirstFrame to run after the home screen
// has been painted: a 1x1 raster's generator runs inside the paint, and the
// callback is queued behind it.
func (u *UI) watchFirstFrame() {
	if u.deps.OnFirstFrame == nil || u.firstFrameSeen {
		return
	}
	var once sync.Once
	probe := canvas.NewRaster(func(w, h int) image.Image {
		once.Do(func() {
			go fyne.Do(func() {
				u.firstFrameSeen = true
				u.firstFrame.Do(u.deps.OnFirstFrame)
			})
		})
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	probe.Resize(fyne.NewSize(1, 1))
	u.page.Objects = append(u.page.Objects, probe)
	u.page.Refresh()
}

// onLeave runs f when the current screen is left or rebuilt.
func (u *UI) onLeave(f func()) { u.leaving = append(u.leaving, f) }

// setZoom adopts a new window size: orientation from its shape (unless
// the config fixes it) and a zoom that fits the logical layout.
func (u *UI) setZoom(size fyne.Size) {
	if size.Width <= 0 || size.Height <= 0 {
		return
	}
	portrait := size.Height > size.Width
	switch u.deps.Config.Kiosk.Orientation {
	case "landscape":
		portrait = false
	case "portrait":
		portrait = true
	}
	bw, bh := float32(landscapeW), float32(landscapeH)
	if portrait {
		bw, bh = portraitW, portraitH
	}
	zoom := min(size.Width/bw, size.Height/bh)
	if zoom > 0.98 && zoom < 1.02 {
		zoom = 1
	}
	if zoom == u.zoom && portrait == u.portrait {
		return
	}
	u.zoom, u.portrait = zoom, portrait
	if u.rendered {
		fyne.Do(func() {
			u.applyTheme(u.lastSnap.Mode)
			u.rebuild(u.lastSnap)
		})
	}
}

// Portrait reports whether the layout is the upright one.
func (u *UI) Portrait() bool { return u.portrait }

// rootLayout stacks its children over the whole window and notices resizes.
type rootLayout struct{ u *UI }

func (l *rootLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.u.setZoom(size)
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l *rootLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(1, 1)
}

// PreviewFrames is how many camera frames the live previews have put on
// screen so far (each a repaint of the window on Fyne's next frame).
func (u *UI) PreviewFrames() int64 { return u.previewFrames.Load() }

// PreviewSeen is how many frames the cameras sent to the live previews so
// far (those not drawn were dropped: too early, or Fyne still busy with
// the one before).
func (u *UI) PreviewSeen() int64 { return u.previewSeen.Load() }
