// Package figurestest generates a hall's usage: several kiosks, many days,
// sessions that walk a journey's steps and give up where the generator
// says, with submissions, ratings, feedback, staff calls, faults and
// prints. Tests seed an events store with it and check every figure
// against what they count from the generated events themselves.
package figurestest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"hallkiosk/app/events"
)

// Service is a generated service: its steps in order and the chance of
// giving up at each (before reaching it).
type Service struct {
	Code  string
	Steps []string
	// Drop is the chance, per step, that a session reaching the step
	// before it gives up there; missing entries are 0.
	Drop map[string]float64
	// Weight is how often citizens choose it.
	Weight int
}

// Config is what to generate.
type Config struct {
	Seed     uint64
	Kiosks   int
	From     time.Time // the first day's midnight, in Location
	Days     int
	Location *time.Location
	// SessionsPerDay per kiosk (on average).
	SessionsPerDay int
	Services       []Service
}

// ApplySteps are an apply journey's steps for a form of three asked
// fields with the phone (and its SMS) second.
var ApplySteps = []string{"identify", "face", "field:0", "field:1", "sms", "field:2", "materials", "review", "result", "rate"}

// DefaultServices are three services; GJJ-0301 loses many at the face
// check and at the materials, SB-0101 at the SMS.
func DefaultServices() []Service {
	return []Service{
		{Code: "GJJ-0301", Steps: ApplySteps, Drop: map[string]float64{"face": 0.30, "materials": 0.25, "field:1": 0.02}, Weight: 5},
		{Code: "SB-0101", Steps: ApplySteps, Drop: map[string]float64{"sms": 0.40, "review": 0.05}, Weight: 3},
		{Code: "HJ-0201", Steps: ApplySteps, Drop: map[string]float64{"identify": 0.10}, Weight: 2},
	}
}

// Reasons are the 差评 reasons generated, the first most often.
var Reasons = []string{"slow", "hard_to_use", "device_fault", "unclear_guide", "other"}

// Generate makes the events, each kiosk's numbered from 1, in time order
// per kiosk.
func Generate(c Config) []events.Event {
	if c.Location == nil {
		c.Location = time.UTC
	}
	if len(c.Services) == 0 {
		c.Services = DefaultServices()
	}
	rng := rand.New(rand.NewPCG(c.Seed, c.Seed^0x9e3779b97f4a7c15))
	weights := 0
	for _, s := range c.Services {
		weights += s.Weight
	}
	var out []events.Event
	for k := 0; k < c.Kiosks; k++ {
		kiosk := fmt.Sprintf("HK-%02d", k+1)
		var seq int64
		emit := func(e events.Event) {
			seq++
			e.Kiosk, e.Seq = kiosk, seq
			out = append(out, e)
		}
		for d := 0; d < c.Days; d++ {
			day := time.Date(c.From.Year(), c.From.Month(), c.From.Day()+d, 8, 30, 0, 0, c.Location)
			n := c.SessionsPerDay/2 + rng.IntN(c.SessionsPerDay+1)
			t := day
			for i := 0; i < n; i++ {
				t = t.Add(time.Duration(1+rng.IntN(12)) * time.Minute)
				t = session(rng, emit, t, pick(rng, c.Services, weights))
			}
			if rng.IntN(4) == 0 {
				emit(events.Event{At: day.Add(time.Duration(rng.IntN(8*3600)) * time.Second), Kind: events.Fault,
					Key: []string{"receipt", "idcard", "camera"}[rng.IntN(3)], Detail: []string{"hardware_error", "offline"}[rng.IntN(2)]})
			}
		}
	}
	return out
}

func pick(rng *rand.Rand, ss []Service, weights int) Service {
	w := rng.IntN(weights)
	for _, s := range ss {
		if w < s.Weight {
			return s
		}
		w -= s.Weight
	}
	return ss[len(ss)-1]
}

// session generates one citizen's session from t and returns its end.
func session(rng *rand.Rand, emit func(events.Event), t time.Time, s Service) time.Time {
	start := t
	emit(events.Event{At: t, Kind: events.SessionStart})
	home := time.Duration(3+rng.IntN(20)) * time.Second
	t = t.Add(home)
	emit(events.Event{At: t, Kind: events.Screen, Key: "home", Value: home.Milliseconds()})
	var onService time.Duration
	reached := ""
	for pos, st := range s.Steps {
		if rng.Float64() < s.Drop[st] {
			break
		}
		reached = st
		emit(events.Event{At: t, Kind: events.Step, Key: "apply", Detail: st, Value: int64(pos + 1), Service: s.Code})
		dwell := time.Duration(2000+rng.IntN(40000)) * time.Millisecond
		t = t.Add(dwell)
		onService += dwell
		emit(events.Event{At: t, Kind: events.Screen, Key: screenOf(st), Service: s.Code, Value: dwell.Milliseconds()})
		if st == "result" {
			online := rng.IntN(10) < 8
			first := rng.IntN(5) == 0
			key := events.Offline
			if online {
				key = events.Online
			}
			emit(events.Event{At: t, Kind: events.Submission, Service: s.Code, Key: key, Assisted: rng.IntN(10) == 0,
				FirstOnline: first, Reward: first && rng.IntN(4) != 0})
			emit(events.Event{At: t, Kind: events.Print, Key: "receipt", OK: rng.IntN(20) != 0})
		}
		if st == "rate" {
			level := 1 + rng.IntN(5)
			if rng.IntN(2) == 0 {
				level = 5
			}
			var tags []string
			if level <= 2 {
				tags = append(tags, Reasons[min(rng.IntN(3)*rng.IntN(3), len(Reasons)-1)])
				if rng.IntN(3) == 0 {
					tags = append(tags, Reasons[4])
				}
			}
			emit(events.Event{At: t, Kind: events.Rating, Service: s.Code, Value: int64(level), Tags: tags})
		}
	}
	if rng.IntN(8) == 0 {
		ok := rng.IntN(3) != 0
		wait := time.Duration(rng.IntN(90000)) * time.Millisecond
		emit(events.Event{At: t, Kind: events.StaffCall, Value: wait.Milliseconds(), OK: ok})
	}
	if rng.IntN(15) == 0 {
		emit(events.Event{At: t, Kind: events.Feedback, Key: []string{"queue", "device", "guide", "staff"}[rng.IntN(4)]})
	}
	if onService > 0 {
		emit(events.Event{At: t, Kind: events.Visit, Service: s.Code, Value: onService.Milliseconds()})
	}
	reason := "timeout"
	switch {
	case reached == "rate" || reached == "result":
		reason = "finished"
	case rng.IntN(2) == 0:
		reason = "cancelled"
	}
	emit(events.Event{At: t, Kind: events.SessionEnd, Key: reason, Value: t.Sub(start).Milliseconds()})
	return t
}

func screenOf(step string) string {
	switch step {
	case "identify":
		return "idcard"
	case "field:0", "field:1", "field:2":
		return "form"
	case "review":
		return "confirm"
	case "rate":
		return "rating"
	}
	return step
}

// Seed stores the events in st as the window terminal would receive them,
// in batches.
func Seed(ctx context.Context, st *events.Store, evs []events.Event) error {
	const batch = 20000
	for i := 0; i < len(evs); i += batch {
		if _, err := st.Ingest(ctx, evs[i:min(i+batch, len(evs))]); err != nil {
			return err
		}
	}
	return nil
}
