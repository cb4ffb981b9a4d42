package figures

import (
	"fmt"
	"time"

	"hallkiosk/app/events"
)

// Period is a run of whole local days, From to To inclusive.
type Period struct {
	From, To events.Day
	// Name says it in Chinese: 2026年11月, 2026年11月2日至8日, 2026年11月3日.
	Name string
}

// Month is the calendar month.
func Month(year int, m time.Month) Period {
	first := time.Date(year, m, 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1)
	return Period{From: events.DayOf(first, time.UTC), To: events.DayOf(last, time.UTC),
		Name: fmt.Sprintf("%d年%d月", year, int(m))}
}

// ParseMonth reads 2026-11.
func ParseMonth(s string) (Period, error) {
	t, err := time.Parse("2006-01", s)
	if err != nil {
		return Period{}, fmt.Errorf("figures: month %q: want YYYY-MM", s)
	}
	return Month(t.Year(), t.Month()), nil
}

// Week is the week (Monday to Sunday) holding day d.
func Week(d events.Day) Period {
	t := d.Date(time.UTC)
	back := (int(t.Weekday()) + 6) % 7
	mon := t.AddDate(0, 0, -back)
	sun := mon.AddDate(0, 0, 6)
	return Period{From: events.DayOf(mon, time.UTC), To: events.DayOf(sun, time.UTC),
		Name: fmt.Sprintf("%d年%d月%d日至%d月%d日", mon.Year(), int(mon.Month()), mon.Day(), int(sun.Month()), sun.Day())}
}

// OneDay is the single day d.
func OneDay(d events.Day) Period {
	t := d.Date(time.UTC)
	return Period{From: d, To: d, Name: fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())}
}

// Days lists the period's days in order.
func (p Period) Days() []events.Day {
	var out []events.Day
	for t := p.From.Date(time.UTC); !t.After(p.To.Date(time.UTC)); t = t.AddDate(0, 0, 1) {
		out = append(out, events.DayOf(t, time.UTC))
	}
	return out
}

// span is the period as Unix milliseconds [from, to) in loc.
func (p Period) span(loc *time.Location) (int64, int64) {
	from := p.From.Date(loc)
	to := p.To.Date(loc).AddDate(0, 0, 1)
	return from.UnixMilli(), to.UnixMilli()
}

// MonthsBack is the n months up to and including the period's first
// month, oldest first (for trends).
func (p Period) MonthsBack(n int) []Period {
	t := p.From.Date(time.UTC)
	var out []Period
	for i := n - 1; i >= 0; i-- {
		m := t.AddDate(0, -i, 0)
		out = append(out, Month(m.Year(), m.Month()))
	}
	return out
}

// month is the period as yyyymm when it is a whole calendar month.
func (p Period) month() (int, bool) {
	m := Month(int(p.From)/10000, time.Month(int(p.From)/100%100))
	return int(p.From) / 100, m.From == p.From && m.To == p.To
}
