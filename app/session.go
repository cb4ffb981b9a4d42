package app

import (
	"sync"
	"time"

	"hallkiosk/app/clock"
)

// SessionConfig sets the timing of a session.
type SessionConfig struct {
	// IdleTimeout is the quiet time before the warning, standard theme.
	IdleTimeout time.Duration
	// ElderIdleTimeout is the quiet time before the warning in 长辈版.
	ElderIdleTimeout time.Duration
	// Warning is the countdown of the "继续办理" warning (≥ 20 s, WCAG 2.2.1).
	Warning time.Duration
	// Ending is how long the closing screen stays before the attract loop.
	Ending time.Duration
	// TempBase is the directory under which per-session temp files live.
	TempBase string
	// Defaults is the mode every session starts in.
	Defaults Mode
}

// Mode is how the kiosk presents itself to the current citizen.
type Mode struct {
	// Elder is 长辈版: big text, few choices, slow voice, long timeouts.
	Elder bool
	// HighContrast is the high-contrast theme (≥ 7:1).
	HighContrast bool
	// Voice is voice navigation (self-voicing, keypad, explore-by-touch).
	Voice bool
}

// EndReason says why a session ended.
type EndReason string

// Why a session ends.
const (
	EndNone      EndReason = ""
	EndFinished  EndReason = "finished"  // the citizen pressed 结束办理 or completed
	EndCancelled EndReason = "cancelled" // the citizen cancelled
	EndTimeout   EndReason = "timeout"   // nobody answered the idle warning
)

// Snapshot is everything the UI needs to draw the session.
type Snapshot struct {
	// Seq numbers sessions; it changes when a new citizen starts.
	Seq int
	// Change counts the session's changes. Listeners are called on the
	// goroutine that made the change, so two changes made at once (a tap
	// and a timer) may reach a listener in the other order: the snapshot
	// with the higher Change is the newer.
	Change uint64
	State  State
	Screen Screen
	Mode   Mode
	// Warning is true while the idle warning shows.
	Warning bool
	// WarningLeft is the countdown in whole seconds (rounded up).
	WarningLeft int
	// Extensions counts how often "继续办理" was pressed this session.
	Extensions int
	// CanGoBack is true when Back leads somewhere.
	CanGoBack bool
	// EndReason is set on the ending screen.
	EndReason EndReason
	// WipeFailed is set on the ending screen when something the citizen
	// left could not be destroyed (a temp file that would not go): the
	// screen must not say everything was cleared.
	WipeFailed bool
}

// Session is the citizen session: its state machine, its timers and the
// citizen's data. All methods are safe for concurrent use; listeners are
// called without the lock held, on the goroutine that caused the change.
type Session struct {
	clk clock.Clock
	cfg SessionConfig

	mu          sync.Mutex
	seq         int
	changes     uint64
	stack       []Screen
	mode        Mode
	warning     bool
	warnEnd     time.Time
	extensions  int
	endReason   EndReason
	gen         int // invalidates timers scheduled before a change
	timers      []clock.Timer
	data        *CitizenData
	listeners   map[int]func(Snapshot)
	nextID      int
	wipeHooks   []func()
	touchHooks  []func()
	wipeErrHook func(error)
	wipeFailed  bool
}

// NewSession returns a session on the attract screen.
func NewSession(clk clock.Clock, cfg SessionConfig) *Session {
	if cfg.Warning < 20*time.Second {
		cfg.Warning = 20 * time.Second
	}
	return &Session{
		clk:       clk,
		cfg:       cfg,
		stack:     []Screen{{ID: ScreenAttract}},
		mode:      cfg.Defaults,
		data:      &CitizenData{},
		listeners: map[int]func(Snapshot){},
	}
}

// Subscribe calls f with every new snapshot until the returned function is
// called.
func (s *Session) Subscribe(f func(Snapshot)) (unsubscribe func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextID
	s.nextID++
	s.listeners[id] = f
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.listeners, id)
	}
}

// OnWipe registers f to run at every wipe, after the citizen data is gone:
// speech volume reset, card reader re-arm, printer preview clear.
func (s *Session) OnWipe(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wipeHooks = append(s.wipeHooks, f)
}

// OnWipeError registers f to hear about a wipe that could not remove a
// file, so it can be logged and shown to staff.
func (s *Session) OnWipeError(f func(error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wipeErrHook = f
}

// Data is the current citizen's data.
func (s *Session) Data() *CitizenData {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data
}

// TempBase is the directory for per-session temp files.
func (s *Session) TempBase() string { return s.cfg.TempBase }

// Snapshot returns the current state.
func (s *Session) Snapshot() Snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapshotLocked()
}

func (s *Session) snapshotLocked() Snapshot {
	snap := Snapshot{
		Seq:        s.seq,
		Change:     s.changes,
		Screen:     s.stack[len(s.stack)-1],
		Mode:       s.mode,
		Warning:    s.warning,
		Extensions: s.extensions,
		CanGoBack:  len(s.stack) > 1,
		EndReason:  s.endReason,
		WipeFailed: s.wipeFailed,
	}
	snap.State = snap.Screen.State()
	if s.warning {
		left := s.warnEnd.Sub(s.clk.Now())
		snap.WarningLeft = int((left + time.Second - 1) / time.Second)
		if snap.WarningLeft < 0 {
			snap.WarningLeft = 0
		}
	}
	return snap
}

// change runs f under the lock and then tells every listener.
func (s *Session) change(f func() bool) {
	s.mu.Lock()
	if !f() {
		s.mu.Unlock()
		return
	}
	s.changes++
	snap := s.snapshotLocked()
	ls := make([]func(Snapshot), 0, len(s.listeners))
	for _, l := range s.listeners {
		ls = append(ls, l)
	}
	s.mu.Unlock()
	for _, l := range ls {
		l(snap)
	}
}

// Start begins a new citizen session on the home screen. It is what a touch
// on the attract loop or the ending screen does.
func (s *Session) Start() {
	var wipe bool
	s.change(func() bool {
		state := s.stack[len(s.stack)-1].State()
		if state != StateAttract && state != StateEnding {
			return false
		}
		wipe = !s.data.Empty()
		s.seq++
		s.stack = []Screen{{ID: ScreenHome}}
		s.endReason, s.wipeFailed = EndNone, false
		s.extensions = 0
		s.warning = false
		s.armIdleLocked()
		return true
	})
	if wipe {
		s.wipe()
	}
}

// Touch records activity: any tap or key press restarts the idle timer. It
// does not dismiss the warning; only Extend does, so a stray touch cannot
// hide it unread.
func (s *Session) Touch() {
	s.mu.Lock()
	state := s.stack[len(s.stack)-1].State()
	if s.warning || state == StateAttract || state == StateEnding {
		s.mu.Unlock()
		return
	}
	s.armIdleLocked()
	hooks := s.touchHooks
	s.mu.Unlock()
	for _, h := range hooks {
		h()
	}
}

// OnTouch registers f to run after every Touch that counted as activity
// (a tap or key during a session), without the lock held: the staff login
// of 帮办代办 at the window lasts while someone works on the journey.
func (s *Session) OnTouch(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.touchHooks = append(s.touchHooks[:len(s.touchHooks):len(s.touchHooks)], f)
}

// Open moves to screen, keeping the way back.
func (s *Session) Open(screen Screen) {
	s.change(func() bool {
		if !s.activeLocked() {
			return false
		}
		if screen.ID == ScreenAttract || screen.ID == ScreenEnding {
			return false
		}
		if screen.ID == ScreenHome {
			s.stack = []Screen{screen}
		} else {
			s.stack = append(s.stack, screen)
		}
		s.armIdleLocked()
		return true
	})
}

// Replace swaps the current screen for screen without adding a way back
// (a step of a flow that should not be returned to, such as a submitted form).
func (s *Session) Replace(screen Screen) {
	s.change(func() bool {
		if !s.activeLocked() || screen.ID == ScreenAttract || screen.ID == ScreenEnding {
			return false
		}
		s.stack[len(s.stack)-1] = screen
		s.armIdleLocked()
		return true
	})
}

// Back returns to the previous screen.
func (s *Session) Back() {
	s.change(func() bool {
		if !s.activeLocked() || len(s.stack) < 2 {
			return false
		}
		s.stack = s.stack[:len(s.stack)-1]
		s.armIdleLocked()
		return true
	})
}

// Home returns to the home screen, keeping the session.
func (s *Session) Home() { s.Open(Screen{ID: ScreenHome}) }

// SetMode switches 长辈版, high contrast or voice navigation for this
// session. Switching 长辈版 changes the idle timeout at once.
func (s *Session) SetMode(m Mode) {
	s.change(func() bool {
		if s.mode == m {
			return false
		}
		s.mode = m
		if s.activeLocked() {
			s.armIdleLocked()
		}
		return true
	})
}

// Extend answers the idle warning with "继续办理": the countdown stops and
// the idle timer starts again. It can be used any number of times.
func (s *Session) Extend() {
	s.change(func() bool {
		if !s.warning {
			return false
		}
		s.warning = false
		s.extensions++
		s.armIdleLocked()
		return true
	})
}

// Finish ends the session because the citizen is done (结束办理).
func (s *Session) Finish() { s.end(EndFinished, nil) }

// Cancel ends the session because the citizen gave up.
func (s *Session) Cancel() { s.end(EndCancelled, nil) }

// Close stops every timer. The session is unusable afterwards.
func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	s.stopTimersLocked()
}

func (s *Session) activeLocked() bool {
	state := s.stack[len(s.stack)-1].State()
	return state == StateHome || state == StateInService
}

// end wipes the citizen's data and shows the closing screen, which gives
// way to the attract loop after cfg.Ending. A non-nil still is checked
// under the lock: the session ends only while it holds.
func (s *Session) end(reason EndReason, still func() bool) {
	ended := false
	s.change(func() bool {
		if !s.activeLocked() || (still != nil && !still()) {
			return false
		}
		ended = true
		s.warning = false
		s.endReason = reason
		s.stack = []Screen{{ID: ScreenEnding}}
		s.gen++
		s.stopTimersLocked()
		gen := s.gen
		s.timers = append(s.timers, s.clk.AfterFunc(s.cfg.Ending, func() { s.toAttract(gen) }))
		return true
	})
	if ended {
		s.wipe()
	}
}

// wipe destroys the citizen's data, resets the mode and runs the hooks.
func (s *Session) wipe() {
	s.mu.Lock()
	data := s.data
	s.data = &CitizenData{}
	s.mode = s.cfg.Defaults
	hooks := append([]func(){}, s.wipeHooks...)
	errHook := s.wipeErrHook
	s.mu.Unlock()
	if err := data.Wipe(); err != nil {
		s.change(func() bool {
			s.wipeFailed = true
			return true
		})
		if errHook != nil {
			errHook(err)
		}
	}
	for _, h := range hooks {
		h()
	}
}

func (s *Session) toAttract(gen int) {
	s.change(func() bool {
		if gen != s.gen {
			return false
		}
		s.stack = []Screen{{ID: ScreenAttract}}
		s.endReason = EndNone
		s.gen++
		s.stopTimersLocked()
		return true
	})
}

func (s *Session) idleTimeoutLocked() time.Duration {
	if s.mode.Elder {
		return s.cfg.ElderIdleTimeout
	}
	return s.cfg.IdleTimeout
}

// armIdleLocked (re)starts the idle timer.
func (s *Session) armIdleLocked() {
	s.gen++
	s.stopTimersLocked()
	gen := s.gen
	s.timers = append(s.timers, s.clk.AfterFunc(s.idleTimeoutLocked(), func() { s.warn(gen) }))
}

func (s *Session) stopTimersLocked() {
	for _, t := range s.timers {
		t.Stop()
	}
	s.timers = s.timers[:0]
}

// warn shows the idle warning and starts its countdown.
func (s *Session) warn(gen int) {
	s.change(func() bool {
		if gen != s.gen || !s.activeLocked() {
			return false
		}
		s.warning = true
		s.warnEnd = s.clk.Now().Add(s.cfg.Warning)
		s.gen++
		s.stopTimersLocked()
		s.scheduleTickLocked()
		return true
	})
}

// scheduleTickLocked schedules the next countdown second, or the expiry.
func (s *Session) scheduleTickLocked() {
	gen := s.gen
	left := s.warnEnd.Sub(s.clk.Now())
	if left <= 0 {
		s.timers = append(s.timers, s.clk.AfterFunc(0, func() { s.expire(gen) }))
		return
	}
	step := left % time.Second
	if step == 0 {
		step = time.Second
	}
	s.timers = append(s.timers, s.clk.AfterFunc(step, func() { s.tick(gen) }))
}

func (s *Session) tick(gen int) {
	expired := false
	s.change(func() bool {
		if gen != s.gen || !s.warning {
			return false
		}
		if !s.clk.Now().Before(s.warnEnd) {
			expired = true
			return false
		}
		s.scheduleTickLocked()
		return true
	})
	if expired {
		s.expire(gen)
	}
}

func (s *Session) expire(gen int) {
	s.end(EndTimeout, func() bool { return gen == s.gen && s.warning })
}
