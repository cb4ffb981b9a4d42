package figures

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"hallkiosk/app/events"
)

// Count is a code and how often it came.
type Count struct {
	Code string
	N    int
}

// Figures are the figures of one slice of a period: the whole hall, one
// kiosk or one service.
type Figures struct {
	// Sessions started; Ends by reason (finished, cancelled, timeout).
	Sessions int
	Ends     map[string]int
	// Dwell is the average and median time: a session's length for the
	// hall and a kiosk, the time a session spent on the service for a
	// service. DwellN is how many values they are of.
	DwellAvg, DwellMedian time.Duration
	DwellN                int
	// Submissions stored; Online of them acknowledged while the citizen
	// waited, Offline left with a 凭证号; Assisted with staff (帮办代办).
	Submissions, Online, Offline, Assisted int
	// FirstOnline applications and Rewards given (网办有礼).
	FirstOnline, Rewards int
	// Ratings by level (index 1…5) and their total.
	Ratings      [6]int
	RatingsTotal int
	// GoodRate (好评率, 4 and 5) and BadRate (差评率, 1 and 2) of the
	// ratings, 0 when there were none.
	GoodRate, BadRate float64
	// Reasons of the 差评, most given first.
	Reasons []Count
	// Feedback by topic, most first.
	Feedback []Count
	// Calls to the staff, Answered of them; AnswerAvg is the average wait
	// of the answered ones.
	Calls, Answered int
	AnswerAvg       time.Duration
	// Faults by "device:state", most first.
	Faults []Count
	// Prints and PrintFailed.
	Prints, PrintFailed int
	// Screens: how often each screen was left and its average dwell.
	Screens []ScreenDwell

	callWait   int64
	dwellTotal int64
	reasons    map[string]int
	feedback   map[string]int
	faults     map[string]int
	screens    map[string]*ScreenDwell
	screenTime map[string]int64
}

// ScreenDwell is how often a screen was left and how long it was on,
// on average.
type ScreenDwell struct {
	Screen string
	N      int
	Avg    time.Duration
}

// Funnel is where citizens went and gave up in one journey for one
// service.
type Funnel struct {
	Journey, Service string
	Steps            []FunnelStep
}

// FunnelStep is a step, how many sessions reached it, and how many of
// them did not reach the next.
type FunnelStep struct {
	Step    string
	Reached int
	Lost    int
}

// DayFigures are one day's main counts, for the trend.
type DayFigures struct {
	Day                   events.Day
	Sessions, Submissions int
	Counter               int
	Ratings, Good, Bad    int
}

// Report is a period's figures.
type Report struct {
	Period Period
	// Kiosk is set when the report is of one kiosk only.
	Kiosk string
	// Total is the whole hall (or the one kiosk).
	Total Figures
	// Kiosks and Services list the slices, by name.
	Kiosks    []string
	Services  []string
	ByKiosk   map[string]*Figures
	ByService map[string]*Figures
	// Funnels per journey and service, by journey then service.
	Funnels []Funnel
	// Days are the period's days in order.
	Days []DayFigures
	// Counter is the offline counters' number for the period (staff
	// entered), CounterByService where entered per service ("" for the
	// hall).
	Counter          int
	CounterByService map[string]int
	// OnlineShare is 网办占比: Total.Submissions / (Total.Submissions +
	// Counter), 0 when both are 0.
	OnlineShare float64
}

// Filter narrows a report.
type Filter struct {
	// Kiosk, when set, is the one kiosk reported on.
	Kiosk string
}

// Compute reads the figures of period p from the store's database. loc
// is the hall's time zone.
func Compute(ctx context.Context, db *sql.DB, loc *time.Location, p Period, f Filter) (*Report, error) {
	r := &Report{Period: p, Kiosk: f.Kiosk, ByKiosk: map[string]*Figures{}, ByService: map[string]*Figures{},
		CounterByService: map[string]int{}}
	if err := r.readRollup(ctx, db, f); err != nil {
		return nil, err
	}
	if err := r.readDwell(ctx, db, loc, f); err != nil {
		return nil, err
	}
	if err := r.readDays(ctx, db, f); err != nil {
		return nil, err
	}
	if f.Kiosk == "" {
		if err := r.readCounter(ctx, db); err != nil {
			return nil, err
		}
	}
	r.finish()
	return r, nil
}

func newFigures() *Figures {
	return &Figures{Ends: map[string]int{}, reasons: map[string]int{}, feedback: map[string]int{},
		faults: map[string]int{}, screens: map[string]*ScreenDwell{}, screenTime: map[string]int64{}}
}

func (r *Report) kiosk(k string) *Figures {
	if r.ByKiosk[k] == nil {
		r.ByKiosk[k] = newFigures()
	}
	return r.ByKiosk[k]
}

func (r *Report) service(s string) *Figures {
	if r.ByService[s] == nil {
		r.ByService[s] = newFigures()
	}
	return r.ByService[s]
}

// readRollup sums the rollup of the period by kiosk, service, metric and
// key.
func (r *Report) readRollup(ctx context.Context, db *sql.DB, f Filter) error {
	q := `SELECT kiosk, service, metric, key, sum(n), sum(total) FROM rollup WHERE day BETWEEN ? AND ?`
	args := []any{int(r.Period.From), int(r.Period.To)}
	if m, ok := r.Period.month(); ok {
		q = `SELECT kiosk, service, metric, key, sum(n), sum(total) FROM rollup_month WHERE month = ?`
		args = []any{m}
	}
	if f.Kiosk != "" {
		q += ` AND kiosk = ?`
		args = append(args, f.Kiosk)
	}
	rows, err := db.QueryContext(ctx, q+` GROUP BY kiosk, service, metric, key`, args...)
	if err != nil {
		return fmt.Errorf("figures: rollup: %w", err)
	}
	defer rows.Close()
	total := newFigures()
	r.Total = *total
	funnels := map[[2]string]map[string]int{}
	for rows.Next() {
		var kiosk, service, metric, key string
		var n, sum int64
		if err := rows.Scan(&kiosk, &service, &metric, &key, &n, &sum); err != nil {
			return fmt.Errorf("figures: rollup: %w", err)
		}
		slices := []*Figures{&r.Total, r.kiosk(kiosk)}
		if service != "" {
			slices = append(slices, r.service(service))
		}
		for _, fg := range slices {
			fg.add(metric, key, int(n), sum)
		}
		if metric == events.MStep {
			journey, step, _ := strings.Cut(key, "/")
			fk := [2]string{journey, service}
			if funnels[fk] == nil {
				funnels[fk] = map[string]int{}
			}
			funnels[fk][step] += int(n) // "04/field:2"
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("figures: rollup: %w", err)
	}
	for fk, steps := range funnels {
		r.Funnels = append(r.Funnels, makeFunnel(fk[0], fk[1], steps))
	}
	sort.Slice(r.Funnels, func(i, j int) bool {
		a, b := r.Funnels[i], r.Funnels[j]
		if a.Journey != b.Journey {
			return a.Journey < b.Journey
		}
		return a.Service < b.Service
	})
	return nil
}

// add counts one rollup sum into the figures.
func (fg *Figures) add(metric, key string, n int, total int64) {
	switch metric {
	case events.MSessions:
		fg.Sessions += n
	case events.MSessionEnd:
		fg.Ends[key] += n
	case events.MScreen:
		sd := fg.screens[key]
		if sd == nil {
			sd = &ScreenDwell{Screen: key}
			fg.screens[key] = sd
		}
		sd.N += n
		fg.screenTime[key] += total
	case events.MSubmission:
		fg.Submissions += n
		if key == events.Online {
			fg.Online += n
		} else {
			fg.Offline += n
		}
	case events.MAssisted:
		fg.Assisted += n
	case events.MFirstOnline:
		fg.FirstOnline += n
	case events.MReward:
		fg.Rewards += n
	case events.MRating:
		if l, err := strconv.Atoi(key); err == nil && l >= 1 && l <= 5 {
			fg.Ratings[l] += n
			fg.RatingsTotal += n
		}
	case events.MReason:
		fg.reasons[key] += n
	case events.MFeedback:
		fg.feedback[key] += n
	case events.MCall:
		fg.Calls += n
		if key == events.Answered {
			fg.Answered += n
			fg.callWait += total
		}
	case events.MFault:
		fg.faults[key] += n
	case events.MPrint:
		fg.Prints += n
		if strings.HasSuffix(key, ":failed") {
			fg.PrintFailed += n
		}
	}
}

// makeFunnel orders the steps by their position in the journey (ties,
// from a changed catalog, by name) and counts the losses between them.
func makeFunnel(journey, service string, steps map[string]int) Funnel {
	fn := Funnel{Journey: journey, Service: service}
	type posStep struct {
		pos  int
		step FunnelStep
	}
	var ps []posStep
	for k, n := range steps {
		p, name, _ := strings.Cut(k, "/")
		pos, _ := strconv.Atoi(p)
		ps = append(ps, posStep{pos, FunnelStep{Step: name, Reached: n}})
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].pos != ps[j].pos {
			return ps[i].pos < ps[j].pos
		}
		return ps[i].step.Step < ps[j].step.Step
	})
	for _, p := range ps {
		fn.Steps = append(fn.Steps, p.step)
	}
	for i := range fn.Steps {
		next := 0
		if i+1 < len(fn.Steps) {
			next = fn.Steps[i+1].Reached
		}
		fn.Steps[i].Lost = max(0, fn.Steps[i].Reached-next)
	}
	return fn
}

// readDwell reads the dwell values of the period from the partial
// indexes: session lengths per kiosk, visit times per service.
func (r *Report) readDwell(ctx context.Context, db *sql.DB, loc *time.Location, f Filter) error {
	from, to := r.Period.span(loc)
	q := `SELECT kiosk, value FROM events INDEXED BY events_session_len WHERE kind = 2 AND at >= ? AND at < ?`
	args := []any{from, to}
	if f.Kiosk != "" {
		q += ` AND kiosk = ?`
		args = append(args, f.Kiosk)
	}
	all, per, err := readValues(ctx, db, q, args)
	if err != nil {
		return fmt.Errorf("figures: session lengths: %w", err)
	}
	r.Total.setDwell(all)
	for k, vs := range per {
		r.kiosk(k).setDwell(vs)
	}
	if f.Kiosk == "" {
		q = `SELECT service, value FROM events INDEXED BY events_visit WHERE kind = 5 AND at >= ? AND at < ?`
	} else {
		q = `SELECT service, value FROM events WHERE kind = 5 AND at >= ? AND at < ? AND kiosk = ?`
	}
	_, per, err = readValues(ctx, db, q, args)
	if err != nil {
		return fmt.Errorf("figures: visits: %w", err)
	}
	for s, vs := range per {
		if s != "" {
			r.service(s).setDwell(vs)
		}
	}
	return nil
}

func readValues(ctx context.Context, db *sql.DB, q string, args []any) ([]int64, map[string][]int64, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var all []int64
	per := map[string][]int64{}
	for rows.Next() {
		var k string
		var v int64
		if err := rows.Scan(&k, &v); err != nil {
			return nil, nil, err
		}
		all = append(all, v)
		per[k] = append(per[k], v)
	}
	return all, per, rows.Err()
}

// setDwell sets the average and median of the values (milliseconds).
func (fg *Figures) setDwell(vs []int64) {
	fg.DwellN = len(vs)
	if len(vs) == 0 {
		return
	}
	var sum int64
	for _, v := range vs {
		sum += v
	}
	fg.dwellTotal = sum
	fg.DwellAvg = time.Duration(sum/int64(len(vs))) * time.Millisecond
	sort.Slice(vs, func(i, j int) bool { return vs[i] < vs[j] })
	m := vs[len(vs)/2]
	if len(vs)%2 == 0 {
		m = (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
	}
	fg.DwellMedian = time.Duration(m) * time.Millisecond
}

// readDays reads the main counts day by day.
func (r *Report) readDays(ctx context.Context, db *sql.DB, f Filter) error {
	q := `SELECT day, metric, key, sum(n) FROM rollup INDEXED BY rollup_metric
		WHERE metric IN ('sessions', 'submission', 'rating') AND day BETWEEN ? AND ?`
	args := []any{int(r.Period.From), int(r.Period.To)}
	if f.Kiosk != "" {
		q += ` AND kiosk = ?`
		args = append(args, f.Kiosk)
	}
	rows, err := db.QueryContext(ctx, q+` GROUP BY day, metric, key`, args...)
	if err != nil {
		return fmt.Errorf("figures: days: %w", err)
	}
	defer rows.Close()
	byDay := map[events.Day]*DayFigures{}
	for _, d := range r.Period.Days() {
		r.Days = append(r.Days, DayFigures{Day: d})
	}
	for i := range r.Days {
		byDay[r.Days[i].Day] = &r.Days[i]
	}
	for rows.Next() {
		var day, n int
		var metric, key string
		if err := rows.Scan(&day, &metric, &key, &n); err != nil {
			return fmt.Errorf("figures: days: %w", err)
		}
		d := byDay[events.Day(day)]
		if d == nil {
			continue
		}
		switch metric {
		case events.MSessions:
			d.Sessions += n
		case events.MSubmission:
			d.Submissions += n
		case events.MRating:
			d.Ratings += n
			switch key {
			case "4", "5":
				d.Good += n
			case "1", "2":
				d.Bad += n
			}
		}
	}
	return rows.Err()
}

// readCounter reads the offline counters' numbers of the period.
func (r *Report) readCounter(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT day, service, n FROM counter WHERE day BETWEEN ? AND ?`,
		int(r.Period.From), int(r.Period.To))
	if err != nil {
		return fmt.Errorf("figures: counter: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var day, n int
		var service string
		if err := rows.Scan(&day, &service, &n); err != nil {
			return fmt.Errorf("figures: counter: %w", err)
		}
		r.Counter += n
		r.CounterByService[service] += n
		for i := range r.Days {
			if r.Days[i].Day == events.Day(day) {
				r.Days[i].Counter += n
			}
		}
	}
	return rows.Err()
}

// finish works out the rates, averages and sorted lists.
func (r *Report) finish() {
	r.Total.finish()
	for k, fg := range r.ByKiosk {
		fg.finish()
		r.Kiosks = append(r.Kiosks, k)
	}
	for s, fg := range r.ByService {
		fg.finish()
		r.Services = append(r.Services, s)
	}
	sort.Strings(r.Kiosks)
	sort.Strings(r.Services)
	if all := r.Total.Submissions + r.Counter; all > 0 {
		r.OnlineShare = float64(r.Total.Submissions) / float64(all)
	}
}

func (fg *Figures) finish() {
	if fg.RatingsTotal > 0 {
		fg.GoodRate = float64(fg.Ratings[4]+fg.Ratings[5]) / float64(fg.RatingsTotal)
		fg.BadRate = float64(fg.Ratings[1]+fg.Ratings[2]) / float64(fg.RatingsTotal)
	}
	if fg.Answered > 0 {
		fg.AnswerAvg = time.Duration(fg.callWait/int64(fg.Answered)) * time.Millisecond
	}
	fg.Reasons, fg.Feedback, fg.Faults = counts(fg.reasons), counts(fg.feedback), counts(fg.faults)
	fg.Screens = nil
	for k, sd := range fg.screens {
		if sd.N > 0 {
			sd.Avg = time.Duration(fg.screenTime[k]/int64(sd.N)) * time.Millisecond
		}
		fg.Screens = append(fg.Screens, *sd)
	}
	sort.Slice(fg.Screens, func(i, j int) bool {
		if fg.Screens[i].N != fg.Screens[j].N {
			return fg.Screens[i].N > fg.Screens[j].N
		}
		return fg.Screens[i].Screen < fg.Screens[j].Screen
	})
}

// counts lists m most first, ties by code.
func counts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for c, n := range m {
		out = append(out, Count{c, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Code < out[j].Code
	})
	return out
}
