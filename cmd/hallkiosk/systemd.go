package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/coreos/go-systemd/v22/daemon"
)

// sdNotifier tells systemd how the kiosk is doing (sd_notify): READY=1
// after the first frame of the home screen, WATCHDOG=1 from Fyne's own
// loop, STOPPING=1 on the way out. The kiosk runs as cage's child, not as
// the unit's main process, so the unit has NotifyAccess=all; without
// NOTIFY_SOCKET (a desk, the tests) every call does nothing.
type sdNotifier struct {
	log      *slog.Logger
	notify   func(state string) (bool, error)
	interval func() (time.Duration, error)

	readyOnce, stopOnce, dogOnce sync.Once
}

func newSystemd(log *slog.Logger) *sdNotifier {
	return &sdNotifier{
		log:      log,
		notify:   func(state string) (bool, error) { return daemon.SdNotify(false, state) },
		interval: func() (time.Duration, error) { return daemon.SdWatchdogEnabled(false) },
	}
}

func (s *sdNotifier) send(state string) {
	if _, err := s.notify(state); err != nil {
		s.log.Warn("sd_notify failed", "state", state, "err", err)
	}
}

// ready sends READY=1 once.
func (s *sdNotifier) ready() {
	s.readyOnce.Do(func() {
		s.send(daemon.SdNotifyReady)
		s.log.Info("ready: first frame of the home screen drawn")
	})
}

// stopping sends STOPPING=1 once.
func (s *sdNotifier) stopping() { s.stopOnce.Do(func() { s.send(daemon.SdNotifyStopping) }) }

// runWatchdog starts, once, a ticker that pings the watchdog at a third of
// its interval through do — fyne.Do, so the ping runs on Fyne's main loop
// and a frozen UI stops pinging. It ends with ctx. Without a watchdog
// (WATCHDOG_USEC unset) it does nothing.
func (s *sdNotifier) runWatchdog(ctx context.Context, do func(func())) {
	s.dogOnce.Do(func() {
		every, err := s.interval()
		if err != nil {
			s.log.Warn("watchdog settings unreadable", "err", err)
			return
		}
		if every <= 0 {
			return
		}
		every /= 3
		s.log.Info("watchdog pinged from the UI loop", "every", every.String())
		go func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					do(func() { s.send(daemon.SdNotifyWatchdog) })
				}
			}
		}()
	})
}
