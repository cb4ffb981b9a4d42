package events

import (
	"strings"
	"time"
)

// Kind is what an event tells.
type Kind int

// Kinds of events. Their numbers are stored: never renumber.
const (
	KindNone Kind = iota
	// SessionStart: a citizen touched the attract loop.
	SessionStart
	// SessionEnd: Key is the reason (finished, cancelled, timeout), Value
	// the session's length in milliseconds.
	SessionEnd
	// Screen: a screen was left; Key is its ID, Service the service it was
	// about (if any), Value the milliseconds it was on.
	Screen
	// Step: a journey step was reached, once per session; Key is the
	// journey ("apply"), Detail the step ("identify", "field:2"), Value
	// its position among the journey's steps (from 1), Service the
	// service.
	Step
	// Visit: the milliseconds (Value) a session spent on one service's
	// screens, at the session's end.
	Visit
	// Submission: an application was stored; Key is "online" (the portal
	// acknowledged it while the citizen waited) or "offline" (the citizen
	// left with the 凭证号), Assisted when staff helped (帮办代办),
	// FirstOnline and Reward as the portal said (网办有礼).
	Submission
	// Rating: Value is the level (1…5), Tags the reason codes.
	Rating
	// Feedback: Key is the topic code.
	Feedback
	// StaffCall: Value is the milliseconds the citizen waited for an
	// answer, OK whether staff got the call.
	StaffCall
	// Fault: Key is the device kind, Detail its state (hardware_error …).
	Fault
	// Print: Key is what was printed (receipt, guide, license), OK whether
	// it came out.
	Print
	kindEnd
)

var kindNames = [...]string{"none", "session_start", "session_end", "screen", "step", "visit", "submission",
	"rating", "feedback", "staff_call", "fault", "print"}

// String is the kind's name in exports ("session_end").
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "unknown"
}

// Submission keys.
const (
	Online  = "online"
	Offline = "offline"
)

// Event is one thing that happened at a kiosk. It never holds personal
// data: every text is a code (see Clean).
type Event struct {
	// Kiosk is the device ID of the kiosk; Seq its number there (from 1).
	// Both are set by the kiosk's store.
	Kiosk string
	Seq   int64
	At    time.Time
	Kind  Kind
	// Service is the catalog code of the service, "" for none.
	Service string
	Key     string
	Detail  string
	Value   int64
	OK      bool
	// Assisted, FirstOnline and Reward qualify a Submission.
	Assisted    bool
	FirstOnline bool
	Reward      bool
	// Tags are reason codes (a Rating's).
	Tags []string
}

// Size bounds of an event's texts.
const (
	MaxCode = 64
	MaxTags = 8
)

// Clean returns s as a code fit for an event: at most MaxCode bytes of
// ASCII letters, digits and "_-.:@/"; "" when s holds anything else or a
// run of seven or more digits (which could be an ID or a phone number).
func Clean(s string) string {
	if len(s) > MaxCode {
		return ""
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			if digits >= 7 {
				return ""
			}
			continue
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', strings.IndexByte("_-.:@/", c) >= 0:
		default:
			return ""
		}
		digits = 0
	}
	return s
}

// clean returns e with every text cleaned and the tags bounded.
func (e Event) clean() Event {
	e.Kiosk, e.Service, e.Key, e.Detail = Clean(e.Kiosk), Clean(e.Service), Clean(e.Key), Clean(e.Detail)
	var tags []string
	for _, t := range e.Tags {
		if t = Clean(t); t != "" && len(tags) < MaxTags {
			tags = append(tags, t)
		}
	}
	e.Tags = tags
	return e
}

// flags packs the event's booleans for storage.
func (e Event) flags() int64 {
	var f int64
	for i, b := range []bool{e.OK, e.Assisted, e.FirstOnline, e.Reward} {
		if b {
			f |= 1 << i
		}
	}
	return f
}

func (e *Event) setFlags(f int64) {
	e.OK, e.Assisted, e.FirstOnline, e.Reward = f&1 != 0, f&2 != 0, f&4 != 0, f&8 != 0
}

// Day is a local calendar day as the number yyyymmdd (20261103), the key of
// the rollups and the offline counter.
type Day int

// DayOf is the day of t in loc.
func DayOf(t time.Time, loc *time.Location) Day {
	y, m, d := t.In(loc).Date()
	return Day(y*10000 + int(m)*100 + d)
}

// Date is the day's midnight in loc.
func (d Day) Date(loc *time.Location) time.Time {
	return time.Date(int(d)/10000, time.Month(int(d)/100%100), int(d)%100, 0, 0, 0, 0, loc)
}

// String is the day as 2026-11-03.
func (d Day) String() string { return d.Date(time.UTC).Format("2006-01-02") }

// ParseDay reads 2026-11-03.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, err
	}
	return DayOf(t, time.UTC), nil
}
