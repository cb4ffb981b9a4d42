package journey

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/clock"
	"hallkiosk/app/portal"
)

// gatedSubmitter passes feedback on to the real submitter once the test
// opens the gate, or fails with fail while it is set.
type gatedSubmitter struct {
	Submitter
	gate chan struct{} // nil: no waiting
	fail error
}

func (g *gatedSubmitter) Feedback(ctx context.Context, f portal.Feedback) error {
	if g.gate != nil {
		select {
		case <-g.gate:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if g.fail != nil {
		return g.fail
	}
	return g.Submitter.Feedback(ctx, f)
}

// current is a holder of journeys on the rig's dependencies, changed by
// change.
func (r *rig) current(change func(d *Deps)) *Current {
	d := r.cur.Deps()
	change(&d)
	c := NewCurrent(d)
	r.t.Cleanup(c.Close)
	return c
}

// TestFeedbackStoredAndThanked: topic, phrase, a busy state while it is
// stored in the real outbox, thanks only once it is; a second Begin starts
// over.
func TestFeedbackStoredAndThanked(t *testing.T) {
	r := newRig(t)
	gated := &gatedSubmitter{gate: make(chan struct{})}
	cur := r.current(func(d *Deps) { gated.Submitter = d.Submitter; d.Submitter = gated })
	j := cur.Feedback()
	var snaps []Snapshot
	j.Begin()
	if j.Current().Kind != StepTopic {
		t.Fatalf("begins at %v", j.Current())
	}
	snaps = append(snaps, j.Snapshot())
	if err := j.Send("工作人员很热情"); !errors.Is(err, ErrNoTopic) {
		t.Fatalf("sent without a topic: %v", err)
	}
	if err := j.Choose("nonsense"); !errors.Is(err, ErrNoTopic) {
		t.Fatalf("chose a topic not offered: %v", err)
	}
	if err := j.Choose("service"); err != nil {
		t.Fatal(err)
	}
	if j.Current().Kind != StepPhrase || j.Err() != nil {
		t.Fatalf("after choosing: %v, %v", j.Current(), j.Err())
	}
	snaps = append(snaps, j.Snapshot())
	var mu sync.Mutex
	var events []Event
	j.OnChange(func(ev Event) { mu.Lock(); events = append(events, ev); mu.Unlock() })
	if err := j.Send("工作人员很热情"); err != nil {
		t.Fatal(err)
	}
	r.waitFor("busy", func() bool { return j.Running(BusyFeedback) })
	s := j.Snapshot()
	snaps = append(snaps, s)
	if s.Busy != BusyFeedback || s.Step.Kind != StepPhrase || j.Sent() {
		t.Fatalf("while storing: %+v", s)
	}
	if err := j.Choose("device"); !errors.Is(err, ErrBusy) {
		t.Fatalf("changed topic while storing: %v", err)
	}
	close(gated.gate)
	r.waitFor("stored", func() bool { return j.Busy() == BusyNone })
	s = j.Snapshot()
	snaps = append(snaps, s)
	if !j.Sent() || s.Step.Kind != StepDone || s.Topic != "service" || s.Text != "工作人员很热情" || s.Problem != "" {
		t.Fatalf("after storing: %+v, err %v", s, j.Err())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(events) != 2 || events[0].Done || !events[1].Done || events[1].Err != nil {
		t.Fatalf("events %+v", events)
	}
	if c, _ := r.outbox.Counts(context.Background()); c.Sent+c.Pending != 1 {
		t.Fatalf("outbox %+v, want the feedback", c)
	}
	if cur.Feedback() != j {
		t.Fatal("the same session got another feedback journey")
	}
	j.Begin()
	if j.Sent() || j.Current().Kind != StepTopic {
		t.Fatalf("a second Begin: sent %v at %v", j.Sent(), j.Current())
	}
	checkMasked(t, snaps, wang())
}

// TestFeedbackNotStored: a submitter without a queue fails in the
// background with app.ErrNoQueue, no submitter at all before any work; a
// failing queue keeps the choice and a second try stores it.
func TestFeedbackNotStored(t *testing.T) {
	t.Run("no queue", func(t *testing.T) {
		r := newRig(t)
		cur := r.current(func(d *Deps) { d.Submitter = &app.Submitter{Session: r.session} })
		j := cur.Feedback()
		j.Begin()
		j.Choose("device")
		if err := j.Send("打印机不出纸"); err != nil {
			t.Fatal(err)
		}
		r.waitFor("the store", func() bool { return j.Busy() == BusyNone })
		s := j.Snapshot()
		if !errors.Is(j.Err(), app.ErrNoQueue) || j.Sent() || s.Step.Kind != StepPhrase || s.Problem != "no_queue" {
			t.Fatalf("without a queue: %+v, err %v", s, j.Err())
		}
		if tp, _ := j.Topic(); tp.Code != "device" || j.Text() != "打印机不出纸" {
			t.Fatalf("the choice is lost: %q %q", tp.Code, j.Text())
		}
	})
	t.Run("no submitter", func(t *testing.T) {
		r := newRig(t)
		cur := r.current(func(d *Deps) { d.Submitter = nil })
		j := cur.Feedback()
		j.Begin()
		j.Choose("other")
		if err := j.Send("希望增加更多服务"); !errors.Is(err, app.ErrNoQueue) || !errors.Is(j.Err(), app.ErrNoQueue) {
			t.Fatalf("without a submitter: %v, %v", err, j.Err())
		}
		if j.Running(BusyFeedback) || j.Sent() {
			t.Fatal("work started without a submitter")
		}
	})
	t.Run("failing queue, then stored", func(t *testing.T) {
		r := newRig(t)
		gated := &gatedSubmitter{fail: errors.New("database is locked")}
		cur := r.current(func(d *Deps) { gated.Submitter = d.Submitter; d.Submitter = gated })
		j := cur.Feedback()
		j.Begin()
		j.Choose("efficiency")
		j.Send("等待时间太长")
		r.waitFor("the store", func() bool { return j.Busy() == BusyNone })
		if j.Err() == nil || j.Sent() || j.Current().Kind != StepPhrase || j.Snapshot().Problem != "failed" {
			t.Fatalf("a failing queue: %v at %v", j.Err(), j.Current())
		}
		gated.fail = nil
		j.Send("等待时间太长")
		r.waitFor("the store", func() bool { return j.Busy() == BusyNone })
		if !j.Sent() || j.Err() != nil {
			t.Fatalf("the second try: sent %v, %v", j.Sent(), j.Err())
		}
	})
}

// TestFeedbackTypedWordsMasked: words a citizen typed never reach a
// snapshot unmasked.
func TestFeedbackTypedWordsMasked(t *testing.T) {
	r := newRig(t)
	j := r.cur.Feedback()
	j.Begin()
	j.Choose("other")
	typed := "我是王秀兰，身份证11010519491231002X，电话13800138000，住北京市东城区景山前街4号"
	j.Send(typed)
	r.waitFor("the store", func() bool { return j.Busy() == BusyNone })
	s := j.Snapshot()
	if !j.Sent() || s.Text == "" || s.Text == typed {
		t.Fatalf("typed feedback: sent %v, snapshot text %q", j.Sent(), s.Text)
	}
	checkMasked(t, []Snapshot{s}, wang(), "13800138000", typed)
}

// TestCallStaffStates: no link sends to the window, a caller that answers
// reaches staff once per visit, one that hangs shows busy and gives up
// after StaffCallTimeout on the journey's clock; every snapshot is plain.
func TestCallStaffStates(t *testing.T) {
	t.Run("no link", func(t *testing.T) {
		r := newRig(t)
		cur := r.current(func(d *Deps) { d.StaffCaller = app.NoStaffLink })
		j := cur.CallStaff()
		j.Open()
		if j.Current().Kind != StepHelp || j.State() != CallNone {
			t.Fatalf("opened: %v, %s", j.Current(), j.State())
		}
		j.Call()
		r.waitFor("the call", func() bool { return j.Busy() == BusyNone && j.State() != CallCalling })
		s := j.Snapshot()
		if j.State() != CallNoLink || !errors.Is(j.Err(), app.ErrNoStaffLink) || s.Call != CallNoLink || s.Problem != "no_staff_link" {
			t.Fatalf("no link: %+v, err %v", s, j.Err())
		}
		checkMasked(t, []Snapshot{s}, wang())
	})
	t.Run("no caller", func(t *testing.T) {
		r := newRig(t)
		j := r.cur.CallStaff()
		if j.State() != CallNoLink {
			t.Fatalf("a kiosk without a caller says %s before calling", j.State())
		}
		j.Open()
		j.Call()
		if j.State() != CallNoLink || !errors.Is(j.Err(), app.ErrNoStaffLink) || j.Running(BusyCall) {
			t.Fatalf("no caller: %s, %v", j.State(), j.Err())
		}
	})
	t.Run("reached, once per visit, beside the application", func(t *testing.T) {
		r := newRig(t)
		calls := make(chan struct{}, 10)
		cur := r.current(func(d *Deps) {
			d.StaffCaller = func(context.Context) error { calls <- struct{}{}; return nil }
		})
		a, err := cur.Apply("SB-0201")
		if err != nil {
			t.Fatal(err)
		}
		a.Begin()
		j := cur.CallStaff()
		j.Open()
		j.Call()
		r.waitFor("the call", func() bool { return j.State() == CallReached })
		j.Call() // drawn again: no second call
		j.Open() // tapped again on the screen: the same visit
		j.Call()
		if s := j.Snapshot(); len(calls) != 1 || s.Call != CallReached || s.Problem != "" || s.Busy != BusyNone {
			t.Fatalf("%d calls, snapshot %+v", len(calls), s)
		}
		if cur.Active() != a || cur.CallStaff() != j {
			t.Fatal("calling staff ended the application")
		}
		r.session.Back()
		if a.Current().Kind != StepIdentify {
			t.Fatalf("back from the call: %v", a.Current())
		}
		j.Open() // a new visit
		if j.State() != CallNone {
			t.Fatalf("a new visit starts at %s", j.State())
		}
		j.Call()
		r.waitFor("the second call", func() bool { return j.State() == CallReached })
		if len(calls) != 2 {
			t.Fatalf("%d calls after two visits", len(calls))
		}
	})
	t.Run("accepted by staff", func(t *testing.T) {
		r := newRig(t)
		cur := r.current(func(d *Deps) { d.StaffCaller = func(context.Context) error { return nil } })
		j := cur.CallStaff()
		events := make(chan Event, 4)
		j.OnChange(func(ev Event) { events <- ev })
		seq := r.session.Snapshot().Seq
		cur.StaffAccepted(seq) // not reached yet: nothing to accept
		if j.State() == CallAccepted {
			t.Fatal("accepted before the call")
		}
		j.Open()
		j.Call()
		r.waitFor("the call", func() bool { return j.State() == CallReached })
		cur.StaffAccepted(seq + 1) // another citizen's call
		if j.State() != CallReached {
			t.Fatalf("another session's answer: %s", j.State())
		}
		for len(events) > 0 {
			<-events
		}
		cur.StaffAccepted(seq)
		if s := j.Snapshot(); s.Call != CallAccepted || s.Problem != "" {
			t.Fatalf("accepted: %+v", s)
		}
		select {
		case ev := <-events:
			if ev.Busy != BusyCall || !ev.Done {
				t.Fatalf("event %+v", ev)
			}
		default:
			t.Fatal("no event for the screen to redraw")
		}
	})
	t.Run("hangs, then gives up", func(t *testing.T) {
		r := newRig(t)
		fake := clock.NewFake(time.Date(2026, 11, 28, 9, 30, 0, 0, time.Local))
		started := make(chan struct{})
		cur := r.current(func(d *Deps) {
			d.Clock = fake
			d.StaffCaller = func(ctx context.Context) error {
				close(started)
				<-ctx.Done()
				return ctx.Err()
			}
		})
		j := cur.CallStaff()
		j.Open()
		j.Call()
		<-started
		s := j.Snapshot()
		if s.Busy != BusyCall || s.Call != CallCalling || j.Err() != nil {
			t.Fatalf("while calling: %+v", s)
		}
		fake.Advance(StaffCallTimeout - time.Second)
		if !j.Running(BusyCall) {
			t.Fatal("gave up before the timeout")
		}
		fake.Advance(time.Second)
		r.waitFor("the timeout", func() bool { return j.Busy() == BusyNone })
		s = j.Snapshot()
		if j.State() != CallFailed || !errors.Is(j.Err(), ErrNoAnswer) || s.Problem != "no_answer" || s.Call != CallFailed {
			t.Fatalf("after the timeout: %+v, err %v", s, j.Err())
		}
	})
	t.Run("session ends mid-call", func(t *testing.T) {
		r := newRig(t)
		cur := r.current(func(d *Deps) {
			d.StaffCaller = func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
		})
		j := cur.CallStaff()
		j.Open()
		j.Call()
		r.waitFor("busy", func() bool { return j.Running(BusyCall) })
		r.session.Cancel()
		j.Close() // returns: the call was stopped with its session
		if k := cur.CallStaff(); k == j {
			t.Fatal("the call outlived its session")
		}
	})
}

// TestThreeFailuresCallStaff: a face that fails three times in a row
// tells Deps.Stuck once; a success in between starts the count again.
func TestThreeFailuresCallStaff(t *testing.T) {
	r := newRig(t)
	stuck := 0
	var mu sync.Mutex
	cur := r.current(func(d *Deps) { d.Stuck = func() { mu.Lock(); stuck++; mu.Unlock() } })
	r.cur = cur
	j, _ := cur.Records(RecordsProgress)
	r.checkIn(j, zhao(), func() {}) // the first mismatch
	for i := 2; i <= FailuresForHelp; i++ {
		mu.Lock()
		n := stuck
		mu.Unlock()
		if n != 0 {
			t.Fatalf("stuck after %d failures", i-1)
		}
		j.Verify()
		r.idleRecords(j)
	}
	// The failure's event reaches the count just after the journey is no
	// longer busy.
	told := func() int { mu.Lock(); defer mu.Unlock(); return stuck }
	r.waitFor("stuck told", func() bool { return told() > 0 })
	if n := told(); n != 1 {
		t.Fatalf("stuck told %d times after %d failures", n, FailuresForHelp)
	}
}
