package journey

import (
	"strconv"

	"hallkiosk/app"
)

// Name is the step as the usage figures name it: the kind, and for a
// field its number among the asked fields ("field:2").
func (s Step) Name() string {
	if s.Kind == StepField {
		return s.Kind.String() + ":" + strconv.Itoa(s.Field)
	}
	return s.Kind.String()
}

// Reached is a step of a journey as the funnel figures count it: the
// journey ("apply", "progress", "licenses", "feedback"), the service of
// an application, the step and its position among the journey's steps
// (from 1; a step after them all, the rating, comes last).
type Reached struct {
	Journey  string
	Service  string
	Step     Step
	Position int
}

// StepAt is the step of the journey under way that screen s shows, and
// whether it shows one.
func (c *Current) StepAt(s app.Screen) (Reached, bool) {
	j := c.Active()
	var step Step
	var ok bool
	r := Reached{}
	var steps []Step
	switch j := j.(type) {
	case *Apply:
		step, ok = j.At(s)
		r.Journey, r.Service, steps = "apply", j.item.Code, j.Steps()
	case *Records:
		step, ok = j.At(s)
		r.Journey, steps = string(j.Kind()), j.Steps()
	case *Feedback:
		step, ok = j.At(s)
		r.Journey, steps = "feedback", []Step{{Kind: StepTopic}, {Kind: StepPhrase}, {Kind: StepDone}}
	}
	if !ok {
		return Reached{}, false
	}
	r.Step = step
	r.Position = len(steps) + 1 // after them all: the rating
	for i, st := range steps {
		if st == step {
			r.Position = i + 1
		}
	}
	return r, true
}
