package events

import (
	"fmt"
	"strconv"
)

// Metrics of the daily rollup. Each row sums the events of one day, kiosk,
// service, metric and key: N is how many, Total the sum of their Value
// where it is a duration (milliseconds).
const (
	MSessions    = "sessions"     // SessionStart
	MSessionEnd  = "session_end"  // SessionEnd; key the reason, total the length
	MScreen      = "screen"       // Screen; key the screen, total the dwell
	MStep        = "step"         // Step; key "journey/position/step" (StepKey)
	MVisit       = "visit"        // Visit; total the time on the service
	MSubmission  = "submission"   // Submission; key online or offline
	MAssisted    = "assisted"     // Submission with Assisted
	MFirstOnline = "first_online" // Submission with FirstOnline
	MReward      = "reward"       // Submission with Reward (网办有礼 given)
	MRating      = "rating"       // Rating; key the level
	MReason      = "reason"       // Rating's reasons; key the code
	MFeedback    = "feedback"     // Feedback; key the topic
	MCall        = "call"         // StaffCall; key answered or unanswered, total the wait
	MFault       = "fault"        // Fault; key "device:state"
	MPrint       = "print"        // Print; key "what:ok" or "what:failed"
)

// Call keys.
const (
	Answered   = "answered"
	Unanswered = "unanswered"
)

// StepKey is the step metric's key of a journey's step at its position
// (from 1) among the journey's steps: "apply/04/field:2".
func StepKey(journey string, position int64, step string) string {
	return fmt.Sprintf("%s/%02d/%s", journey, position, step)
}

// rollKey is one row of the rollup.
type rollKey struct {
	day                         Day
	kiosk, service, metric, key string
}

type rollSum struct{ n, total int64 }

// rollups adds the rollup rows of e (on day) to m.
func rollups(m map[rollKey]rollSum, day Day, e Event) {
	add := func(metric, key string, total int64) {
		k := rollKey{day, e.Kiosk, e.Service, metric, key}
		s := m[k]
		s.n++
		s.total += total
		m[k] = s
	}
	switch e.Kind {
	case SessionStart:
		add(MSessions, "", 0)
	case SessionEnd:
		add(MSessionEnd, e.Key, e.Value)
	case Screen:
		add(MScreen, e.Key, e.Value)
	case Step:
		add(MStep, StepKey(e.Key, e.Value, e.Detail), 0)
	case Visit:
		add(MVisit, "", e.Value)
	case Submission:
		key := Offline
		if e.Key == Online {
			key = Online
		}
		add(MSubmission, key, 0)
		if e.Assisted {
			add(MAssisted, "", 0)
		}
		if e.FirstOnline {
			add(MFirstOnline, "", 0)
		}
		if e.Reward {
			add(MReward, "", 0)
		}
	case Rating:
		add(MRating, strconv.FormatInt(e.Value, 10), 0)
		for _, t := range e.Tags {
			add(MReason, t, 0)
		}
	case Feedback:
		add(MFeedback, e.Key, 0)
	case StaffCall:
		if e.OK {
			add(MCall, Answered, e.Value)
		} else {
			add(MCall, Unanswered, e.Value)
		}
	case Fault:
		add(MFault, e.Key+":"+e.Detail, 0)
	case Print:
		if e.OK {
			add(MPrint, e.Key+":ok", 0)
		} else {
			add(MPrint, e.Key+":failed", 0)
		}
	}
}
