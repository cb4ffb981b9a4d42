package kiosk

import (
	"context"
	"path/filepath"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/clock"
	"hallkiosk/app/eventbus"
	"hallkiosk/app/events"
	"hallkiosk/app/figures"
	"hallkiosk/app/hotbus"
	"hallkiosk/app/portal"
	"hallkiosk/app/usage"
	"hallkiosk/devices"
	"hallkiosk/internal/logging"
)

// EventsFile is the usage log's file in the state directory.
const EventsFile = "events.db"

// openEvents opens the usage log. A kiosk without one (a device ID that is
// not a code, a broken file) serves on without figures and says so.
func (k *Kiosk) openEvents() {
	if k.opts.Events != nil {
		k.Events = k.opts.Events
		return
	}
	st, err := events.Open(filepath.Join(k.DataDir, EventsFile), events.Options{
		Kiosk: k.Config.Kiosk.DeviceID, Log: logging.Component(k.Log, "events")})
	if err != nil {
		k.Log.Error("no usage figures: the usage log cannot be opened", "err", err)
		return
	}
	k.Events = st
	// It closes after every goroutine that adds to it.
	k.OnClose(func() { k.wg.Wait(); st.Close() })
}

// startUsage records the sessions, screens and journey steps, the staff
// calls, prints and device faults, and keeps the hot list; it needs the
// journeys.
func (k *Kiosk) startUsage(ctx context.Context) {
	if k.Events == nil {
		return
	}
	tr := usage.New(usage.Options{Session: k.Session, Recorder: k.Events, Clock: clock.Real{},
		Steps: k.Journeys.StepAt, IsService: func(code string) bool { _, ok := k.CurrentCatalog().Get(code); return ok }})
	k.Usage = tr
	k.Go(tr.Run)
	// The list is worked out at start and after every citizen, on the
	// kiosk's goroutine; the wipe (or a new ranking from the hall) only
	// says it is due.
	due := make(chan struct{}, 1)
	markDue := func() {
		select {
		case due <- struct{}{}:
		default:
		}
	}
	markDue()
	follower := k.followHallHot(markDue)
	k.Hot = &app.HotList{Session: k.Session, Rank: func(ctx context.Context) ([]string, error) {
		// The hall's ranking while the window sends one, else this
		// kiosk's own.
		if codes, ok := follower.Codes(); ok {
			return codes, nil
		}
		cs, err := figures.Hot(ctx, k.Events.DB(), k.Events.Location(), time.Now(), figures.HotDays)
		codes := make([]string, len(cs))
		for i, c := range cs {
			codes[i] = c.Code
		}
		return codes, err
	}}
	k.OnClose(k.Hot.Close)
	k.Session.OnWipe(markDue)
	k.Go(func(ctx context.Context) {
		for {
			select {
			case <-ctx.Done():
				return
			case <-due:
			}
			if err := k.Events.Flush(ctx); err != nil && ctx.Err() == nil {
				k.Log.Warn("usage log not written", "err", err)
			}
			if err := k.Hot.Refresh(ctx); err != nil && ctx.Err() == nil {
				k.Log.Warn("hot list not worked out", "err", err)
			}
		}
	})
}

// followHallHot listens for the hall's ranking (app/hotbus) when the
// kiosk is on the bus; nil (rank by its own) when it is not.
func (k *Kiosk) followHallHot(changed func()) *hotbus.Follower {
	if k.hall == nil {
		return nil
	}
	f := &hotbus.Follower{Bus: k.hall.bus, OnChange: changed, Log: logging.Component(k.Log, "hot")}
	if err := f.Start(); err != nil {
		k.Log.Warn("the hall's hot list cannot be heard: this kiosk ranks by its own", "err", err)
		return nil
	}
	k.OnClose(f.Stop)
	k.hall.hot = f
	return f
}

// recordCall wraps a staff caller so each call is recorded: how long the
// citizen waited and whether staff got it.
func (k *Kiosk) recordCall(call func(ctx context.Context) error) func(ctx context.Context) error {
	if k.Events == nil || call == nil {
		return call
	}
	return func(ctx context.Context) error {
		start := time.Now()
		err := call(ctx)
		k.Events.Add(events.Event{Kind: events.StaffCall, Value: time.Since(start).Milliseconds(), OK: err == nil})
		return err
	}
}

// recordPrint wraps a print so each is recorded with what it was and
// whether it came out.
func (k *Kiosk) recordPrint(what string, print func(ctx context.Context) error) func(ctx context.Context) error {
	if k.Events == nil || print == nil {
		return print
	}
	return func(ctx context.Context) error {
		err := print(ctx)
		k.Events.Add(events.Event{Kind: events.Print, Key: what, OK: err == nil})
		return err
	}
}

// watchFaults records a fault whenever a device goes from working to
// failing (hardware_error, offline, user_error such as paper out), looking
// every interval.
func (k *Kiosk) watchFaults(ctx context.Context, status map[devices.Kind]func() devices.Status, interval time.Duration) {
	if k.Events == nil {
		return
	}
	last := map[devices.Kind]devices.State{}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		// The first look is an interval after start: a device still
		// being opened is not a fault.
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		for kind, f := range status {
			st := f().State
			failing := st == devices.HardwareError || st == devices.Offline || st == devices.UserError
			if failing && last[kind] != st {
				k.Events.Add(events.Event{Kind: events.Fault, Key: string(kind), Detail: string(st)})
			}
			last[kind] = st
		}
	}
}

// todayStats are the heartbeat's stats: this kiosk's figures of today, from
// the usage log, so a restart loses nothing.
func (k *Kiosk) todayStats(ctx context.Context) (portal.HeartbeatStats, error) {
	loc := k.Events.Location()
	r, err := figures.Compute(ctx, k.Events.DB(), loc, figures.OneDay(events.DayOf(time.Now(), loc)),
		figures.Filter{Kiosk: k.Events.Kiosk()})
	if err != nil {
		return portal.HeartbeatStats{}, err
	}
	return HeartbeatStats(r), nil
}

// HeartbeatStats are a report's figures as the heartbeat carries them.
func HeartbeatStats(r *figures.Report) portal.HeartbeatStats {
	s := portal.HeartbeatStats{Sessions: r.Total.Sessions, Submissions: r.Total.Submissions, RatingsByLevel: map[string]int{}}
	for l := 1; l <= 5; l++ {
		if n := r.Total.Ratings[l]; n > 0 {
			s.RatingsByLevel[string(rune('0'+l))] = n
		}
	}
	return s
}

// recordGuide wraps the 网办明白卡 print so each is recorded.
func (k *Kiosk) recordGuide(print func(ctx context.Context, it portal.ServiceItem, form portal.Form, mats []portal.Material) error) func(ctx context.Context, it portal.ServiceItem, form portal.Form, mats []portal.Material) error {
	if k.Events == nil || print == nil {
		return print
	}
	return func(ctx context.Context, it portal.ServiceItem, form portal.Form, mats []portal.Material) error {
		err := print(ctx, it, form, mats)
		k.Events.Add(events.Event{Kind: events.Print, Key: "guide", Service: it.Code, OK: err == nil})
		return err
	}
}

// startEventSender delivers the usage log to the window terminal over the
// hall bus, when the kiosk has both (app/eventbus: nothing is lost while
// the window is off). The window terminal itself receives instead
// (eventbus.Listen on its Events).
func (k *Kiosk) startEventSender() {
	if k.hall == nil || k.Events == nil {
		return
	}
	s := &eventbus.Sender{Bus: k.hall.bus, Store: k.Events, Log: logging.Component(k.Log, "events")}
	k.Go(s.Run)
}
