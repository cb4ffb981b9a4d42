package kiosk

import (
	"context"
	"sync"

	"hallkiosk/app"
	"hallkiosk/app/hall"
	"hallkiosk/app/hotbus"
	"hallkiosk/app/journey"
	"hallkiosk/devices"
	"hallkiosk/internal/logging"
)

// hallLink is the kiosk on the hall bus: the agent, the call the citizen
// raised last, and who listens for the window's pointing.
type hallLink struct {
	bus   *hall.Bus
	agent *hall.Agent
	// hot is the hall's hot list as the window last sent it.
	hot *hotbus.Follower

	mu      sync.Mutex
	callID  string // the last call this kiosk's citizen raised
	callSeq int    // the session it was raised in
	hints   []func(hall.Hint)
	items   []string // the screen's items staff may point at
	// from is the last screen before the call screen: the step a call
	// names.
	from app.Screen
}

// startHall joins the hall bus named by [hall] bus, when one is: the
// kiosk's status, its staff calls, its live view and the window's pointing
// go over it from now on. A bad bus configuration is logged and the kiosk
// serves without a bus, as it does while the bus is down.
func (k *Kiosk) startHall(ctx context.Context) {
	if k.Config.Hall.Bus == "" || k.Config.Hall.Role != string(hall.RoleKiosk) {
		return
	}
	log := logging.Component(k.Log, "hall")
	co, err := hall.ClientFromConfig(k.Config, "")
	if err != nil {
		log.Error("no hall bus: staff calls send citizens to the window", "err", err)
		return
	}
	co.Log = log
	bus, err := hall.Connect(co)
	if err != nil {
		log.Error("no hall bus: staff calls send citizens to the window", "err", err)
		return
	}
	l := &hallLink{bus: bus}
	l.agent = &hall.Agent{
		Bus: bus, Interval: k.Config.Hall.StatusInterval.D(), Log: log,
		Status: k.hallStatus, View: k.liveView,
		OnCallUpdate: func(u hall.CallUpdate) {
			l.mu.Lock()
			mine, seq := u.ID == l.callID, l.callSeq
			l.mu.Unlock()
			if mine && u.State == hall.CallAccepted && k.Journeys != nil {
				k.Journeys.StaffAccepted(seq)
			}
		},
		OnHint: func(h hall.Hint) {
			l.mu.Lock()
			hs := append([]func(hall.Hint){}, l.hints...)
			l.mu.Unlock()
			for _, f := range hs {
				f(h)
			}
		},
	}
	k.hall = l
	unsubscribe := k.Session.Subscribe(func(s app.Snapshot) {
		l.agent.Changed()
		if s.Screen.ID != app.ScreenCallStaff {
			l.mu.Lock()
			l.from = s.Screen
			l.mu.Unlock()
		}
	})
	k.Go(func(ctx context.Context) {
		if err := l.agent.Run(ctx); err != nil {
			log.Error("hall bus agent stopped", "err", err)
		}
	})
	k.OnClose(func() { unsubscribe(); bus.Close() })
}

// Bus is the kiosk's hall bus connection, nil without one.
func (k *Kiosk) Bus() *hall.Bus {
	if k.hall == nil {
		return nil
	}
	return k.hall.bus
}

// OnHint calls f when staff at the window point at an item of the screen
// (f runs on the bus's goroutine and must not block). Without a bus it is
// never called.
func (k *Kiosk) OnHint(f func(hall.Hint)) {
	if k.hall == nil {
		return
	}
	k.hall.mu.Lock()
	defer k.hall.mu.Unlock()
	k.hall.hints = append(k.hall.hints, f)
}

// SetScreenItems tells the live view the items of the screen on show
// that staff may point at (names that carry no personal data).
func (k *Kiosk) SetScreenItems(names []string) {
	if k.hall == nil {
		return
	}
	k.hall.mu.Lock()
	k.hall.items = append([]string(nil), names...)
	k.hall.mu.Unlock()
	k.hall.agent.Changed()
}

// callStaff is the journeys' staff caller on a kiosk with a hall bus: the
// call names the kiosk, the service and the stage, and returns nil only
// once the window has stored it.
func (k *Kiosk) callStaff(ctx context.Context) error {
	seq := k.Session.Snapshot().Seq
	c := hall.Call{Reason: hall.ReasonCitizen}
	k.hall.mu.Lock()
	from := k.hall.from
	k.hall.mu.Unlock()
	c.Screen = string(from.ID)
	if s, ok := k.Journeys.Snapshot(); ok {
		c.Service, c.ServiceName = s.Service, s.ServiceName
		c.Stage, c.Stages, c.StageName = s.Stage, s.Stages, s.StageName
	}
	// The stage of the screen the citizen called from, not the call's.
	if a, ok := k.Journeys.Active().(*journey.Apply); ok {
		if step, ok := a.At(from); ok {
			stages := a.Stages()
			if n, m := a.Stage(step); n >= 1 && n <= len(stages) {
				c.Stage, c.Stages, c.StageName = n, m, string(stages[n-1])
			}
		}
	}
	sent, err := k.hall.agent.Call(ctx, c)
	if err != nil {
		return err
	}
	k.hall.mu.Lock()
	k.hall.callID, k.hall.callSeq = sent.ID, seq
	k.hall.mu.Unlock()
	return nil
}

// callForFailures raises a call by itself when the citizen failed three
// times in a row, in the background: the citizen is not kept waiting, and
// nothing on screen claims that staff were told.
func (k *Kiosk) callForFailures() {
	c := hall.Call{Reason: hall.ReasonFailures}
	if s, ok := k.Journeys.Snapshot(); ok {
		c.Service, c.ServiceName = s.Service, s.ServiceName
		c.Stage, c.Stages, c.StageName = s.Stage, s.Stages, s.StageName
	}
	c.Screen = string(k.Session.Snapshot().Screen.ID)
	go func() {
		ctx, cancel := context.WithTimeout(k.ctx, journey.StaffCallTimeout)
		defer cancel()
		if _, err := k.hall.agent.Call(ctx, c); err != nil {
			k.Log.Info("call after three failures reached nobody", "err", err)
		}
	}()
}

// deviceStatuses is every device slot this kiosk has, now (the same
// sources as the heartbeat and the metrics).
func (k *Kiosk) deviceStatuses() map[devices.Kind]devices.Status {
	out := map[devices.Kind]devices.Status{}
	for kind, status := range k.DeviceStatuses() {
		out[kind] = status()
	}
	return out
}

// hallStatus is what the kiosk tells the bus every status interval.
func (k *Kiosk) hallStatus(ctx context.Context) hall.Status {
	ss := k.Session.Snapshot()
	st := hall.Status{Version: k.opts.Version, HallName: k.Config.Kiosk.HallName, Devices: k.deviceStatuses(),
		Screen: string(ss.Screen.ID), InSession: ss.State == app.StateInService}
	if k.Outbox != nil {
		if c, err := k.Outbox.Counts(ctx); err == nil {
			st.Outbox = &hall.OutboxStatus{Depth: c.Depth(), Parked: c.Parked, OldestPending: c.OldestPending}
		}
	}
	return st
}

// liveView is what 在线帮办 shows of this kiosk now: the screen's id, the
// journey's masked snapshot, the call and the devices. Never a screen's
// parameter (a search holds what the citizen typed).
func (k *Kiosk) liveView() hall.LiveView {
	ss := k.Session.Snapshot()
	v := hall.LiveView{Screen: string(ss.Screen.ID), InSession: ss.State == app.StateInService, Devices: k.deviceStatuses()}
	if k.hall != nil {
		k.hall.mu.Lock()
		v.Items = append([]string(nil), k.hall.items...)
		k.hall.mu.Unlock()
	}
	if k.Journeys == nil {
		return v
	}
	if s, ok := k.Journeys.Snapshot(); ok {
		v.Journey = &s
	}
	if ss.Screen.ID == app.ScreenCallStaff {
		v.Call = k.Journeys.CallStaff().State()
	}
	return v
}
