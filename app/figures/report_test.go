package figures_test

import (
	"context"
	"math"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"hallkiosk/app/events"
	"hallkiosk/app/figures"
	"hallkiosk/app/figures/figurestest"
)

var cst = time.FixedZone("CST", 8*3600)

// seeded is a store holding a generated hall: five kiosks from 25 October
// to 5 December 2026 (so November has neighbours on both sides).
func seeded(t testing.TB) (*events.Store, []events.Event) {
	t.Helper()
	st, err := events.Open(filepath.Join(t.TempDir(), "events.db"), events.Options{Kiosk: "WINDOW-1", Location: cst})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	evs := figurestest.Generate(figurestest.Config{Seed: 7, Kiosks: 5, From: time.Date(2026, 10, 25, 0, 0, 0, 0, cst),
		Days: 42, Location: cst, SessionsPerDay: 20})
	if err := figurestest.Seed(context.Background(), st, evs); err != nil {
		t.Fatal(err)
	}
	return st, evs
}

// want is what the test counts itself from the generated events.
type want struct {
	sessions, subs, online, offline, assisted, first, rewards int
	ratings                                                   [6]int
	reasons, faults, feedback, ends                           map[string]int
	calls, answered                                           int
	wait                                                      int64
	prints, printFailed                                       int
	lengths                                                   []int64
	steps                                                     map[string]map[string]int // service → step → sessions
	visits                                                    map[string][]int64
}

func count(evs []events.Event, p figures.Period, kiosk string) *want {
	w := &want{reasons: map[string]int{}, faults: map[string]int{}, feedback: map[string]int{}, ends: map[string]int{},
		steps: map[string]map[string]int{}, visits: map[string][]int64{}}
	for _, e := range evs {
		d := events.DayOf(e.At, cst)
		if d < p.From || d > p.To || (kiosk != "" && e.Kiosk != kiosk) {
			continue
		}
		switch e.Kind {
		case events.SessionStart:
			w.sessions++
		case events.SessionEnd:
			w.ends[e.Key]++
			w.lengths = append(w.lengths, e.Value)
		case events.Submission:
			w.subs++
			if e.Key == events.Online {
				w.online++
			} else {
				w.offline++
			}
			if e.Assisted {
				w.assisted++
			}
			if e.FirstOnline {
				w.first++
			}
			if e.Reward {
				w.rewards++
			}
		case events.Rating:
			w.ratings[e.Value]++
			for _, r := range e.Tags {
				w.reasons[r]++
			}
		case events.Feedback:
			w.feedback[e.Key]++
		case events.StaffCall:
			w.calls++
			if e.OK {
				w.answered++
				w.wait += e.Value
			}
		case events.Fault:
			w.faults[e.Key+":"+e.Detail]++
		case events.Print:
			w.prints++
			if !e.OK {
				w.printFailed++
			}
		case events.Step:
			if w.steps[e.Service] == nil {
				w.steps[e.Service] = map[string]int{}
			}
			w.steps[e.Service][e.Detail]++
		case events.Visit:
			w.visits[e.Service] = append(w.visits[e.Service], e.Value)
		}
	}
	return w
}

func median(vs []int64) time.Duration {
	s := append([]int64{}, vs...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return time.Duration(s[len(s)/2]) * time.Millisecond
	}
	return time.Duration((s[len(s)/2-1]+s[len(s)/2])/2) * time.Millisecond
}

func mean(vs []int64) time.Duration {
	if len(vs) == 0 {
		return 0
	}
	var sum int64
	for _, v := range vs {
		sum += v
	}
	return time.Duration(sum/int64(len(vs))) * time.Millisecond
}

func checkCounts(t *testing.T, name string, got []figures.Count, want map[string]int) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %v, want %v", name, got, want)
	}
	for i, c := range got {
		if want[c.Code] != c.N {
			t.Errorf("%s[%s] = %d, want %d", name, c.Code, c.N, want[c.Code])
		}
		if i > 0 && got[i-1].N < c.N {
			t.Errorf("%s: not most first: %v", name, got)
		}
	}
}

func checkFigures(t *testing.T, name string, f figures.Figures, w *want, dwell []int64) {
	t.Helper()
	eq := func(what string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s: %s = %v, want %v", name, what, got, want)
		}
	}
	eq("sessions", f.Sessions, w.sessions)
	eq("submissions", f.Submissions, w.subs)
	eq("online", f.Online, w.online)
	eq("offline", f.Offline, w.offline)
	eq("assisted", f.Assisted, w.assisted)
	eq("first online", f.FirstOnline, w.first)
	eq("rewards", f.Rewards, w.rewards)
	eq("ratings", f.Ratings, w.ratings)
	total := 0
	for _, n := range w.ratings {
		total += n
	}
	eq("ratings total", f.RatingsTotal, total)
	if total > 0 {
		eq("好评率", f.GoodRate, float64(w.ratings[4]+w.ratings[5])/float64(total))
		eq("差评率", f.BadRate, float64(w.ratings[1]+w.ratings[2])/float64(total))
	}
	eq("calls", f.Calls, w.calls)
	eq("answered", f.Answered, w.answered)
	if w.answered > 0 {
		eq("answer avg", f.AnswerAvg, time.Duration(w.wait/int64(w.answered))*time.Millisecond)
	}
	eq("prints", f.Prints, w.prints)
	eq("print failed", f.PrintFailed, w.printFailed)
	eq("dwell n", f.DwellN, len(dwell))
	eq("dwell avg", f.DwellAvg, mean(dwell))
	eq("dwell median", f.DwellMedian, median(dwell))
	checkCounts(t, name+" reasons", f.Reasons, w.reasons)
	checkCounts(t, name+" faults", f.Faults, w.faults)
	checkCounts(t, name+" feedback", f.Feedback, w.feedback)
	for r, n := range w.ends {
		eq("ends "+r, f.Ends[r], n)
	}
}

// TestMonthFigures: every figure of November, for the hall, each kiosk and
// each service, equals what the test counts from the generated events.
func TestMonthFigures(t *testing.T) {
	st, evs := seeded(t)
	ctx := context.Background()
	nov := figures.Month(2026, time.November)
	// The offline counters: 100 a day, for the first ten days.
	counter := 0
	for d := 1; d <= 10; d++ {
		if err := st.SetCounter(ctx, events.DayOf(time.Date(2026, 11, d, 0, 0, 0, 0, cst), cst), "", 100); err != nil {
			t.Fatal(err)
		}
		counter += 100
	}
	// An entry outside the month must not count.
	if err := st.SetCounter(ctx, 20261201, "", 999); err != nil {
		t.Fatal(err)
	}
	r, err := figures.Compute(ctx, st.DB(), cst, nov, figures.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	w := count(evs, nov, "")
	if w.sessions < 1000 {
		t.Fatalf("the generator made only %d sessions in November", w.sessions)
	}
	checkFigures(t, "hall", r.Total, w, w.lengths)
	if r.Counter != counter {
		t.Errorf("counter = %d, want %d", r.Counter, counter)
	}
	if want := float64(w.subs) / float64(w.subs+counter); math.Abs(r.OnlineShare-want) > 1e-12 {
		t.Errorf("网办占比 = %v, want %v", r.OnlineShare, want)
	}
	if len(r.Kiosks) != 5 {
		t.Errorf("kiosks: %v", r.Kiosks)
	}
	for _, k := range r.Kiosks {
		wk := count(evs, nov, k)
		checkFigures(t, k, *r.ByKiosk[k], wk, wk.lengths)
	}
	for _, s := range figurestest.DefaultServices() {
		f := r.ByService[s.Code]
		if f == nil {
			t.Fatalf("no figures for %s", s.Code)
		}
		ws := count(evs, nov, "")
		if f.DwellAvg != mean(ws.visits[s.Code]) || f.DwellMedian != median(ws.visits[s.Code]) {
			t.Errorf("%s dwell %v/%v, want %v/%v", s.Code, f.DwellAvg, f.DwellMedian, mean(ws.visits[s.Code]), median(ws.visits[s.Code]))
		}
	}
	// Days add up, and the first of the month has the counter's 100.
	sessions, subs := 0, 0
	for _, d := range r.Days {
		sessions += d.Sessions
		subs += d.Submissions
	}
	if len(r.Days) != 30 || sessions != w.sessions || subs != w.subs || r.Days[0].Counter != 100 {
		t.Errorf("days: %d days, %d sessions, %d submissions, counter %d", len(r.Days), sessions, subs, r.Days[0].Counter)
	}
}

// TestFunnel: each service's funnel holds its steps in the journey's
// order with the sessions the test counts, and the big losses are where
// the generator put them.
func TestFunnel(t *testing.T) {
	st, evs := seeded(t)
	nov := figures.Month(2026, time.November)
	r, err := figures.Compute(context.Background(), st.DB(), cst, nov, figures.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	w := count(evs, nov, "")
	for _, s := range figurestest.DefaultServices() {
		var fn *figures.Funnel
		for i := range r.Funnels {
			if r.Funnels[i].Service == s.Code && r.Funnels[i].Journey == "apply" {
				fn = &r.Funnels[i]
			}
		}
		if fn == nil || len(fn.Steps) != len(s.Steps) {
			t.Fatalf("%s: funnel %+v", s.Code, fn)
		}
		for i, st := range fn.Steps {
			if st.Step != s.Steps[i] || st.Reached != w.steps[s.Code][st.Step] {
				t.Errorf("%s step %d: %+v, want %s reached %d", s.Code, i, st, s.Steps[i], w.steps[s.Code][s.Steps[i]])
			}
			next := 0
			if i+1 < len(s.Steps) {
				next = w.steps[s.Code][s.Steps[i+1]]
			}
			if st.Lost != st.Reached-next {
				t.Errorf("%s %s lost %d, want %d", s.Code, st.Step, st.Lost, st.Reached-next)
			}
			// A loss of more than 10% of those who reached the step is
			// where the generator dropped people (before the next step),
			// and only there.
			dropped := i+1 < len(s.Steps) && s.Drop[s.Steps[i+1]] >= 0.1
			if big := float64(st.Lost) > 0.1*float64(st.Reached); big != dropped && i+1 < len(s.Steps) {
				t.Errorf("%s: %d of %d lost after %s; the generator dropped %.2f there", s.Code, st.Lost, st.Reached, st.Step, s.Drop[s.Steps[i+1]])
			}
		}
	}
}

// TestWeekAndDay: a week and a day are the same sums over fewer days, and
// a kiosk's own report is its slice of the hall's.
func TestWeekAndDay(t *testing.T) {
	st, evs := seeded(t)
	ctx := context.Background()
	for _, p := range []figures.Period{figures.Week(20261104), figures.OneDay(20261130), figures.Week(20261130)} {
		r, err := figures.Compute(ctx, st.DB(), cst, p, figures.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		w := count(evs, p, "")
		checkFigures(t, p.Name, r.Total, w, w.lengths)
		one, err := figures.Compute(ctx, st.DB(), cst, p, figures.Filter{Kiosk: "HK-03"})
		if err != nil {
			t.Fatal(err)
		}
		wk := count(evs, p, "HK-03")
		checkFigures(t, p.Name+" HK-03", one.Total, wk, wk.lengths)
	}
	if p := figures.Week(20261104); p.From != 20261102 || p.To != 20261108 {
		t.Errorf("week of 4 November: %v", p)
	}
	if p := figures.Week(20261130); p.From != 20261130 || p.To != 20261206 {
		t.Errorf("week of 30 November: %v", p)
	}
}
