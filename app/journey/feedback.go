package journey

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hallkiosk/app"
	"hallkiosk/app/portal"
	"hallkiosk/internal/privacy"
)

// FeedbackTopic is one kind of 意见建议, with ready phrases so nobody has
// to type.
type FeedbackTopic struct {
	Code    string   // the portal's category
	Name    string   // what the citizen reads
	Phrases []string // what the citizen can say, one tap each
}

// FeedbackTopics are the topics offered, in order.
func FeedbackTopics() []FeedbackTopic {
	return []FeedbackTopic{
		{"service", "服务态度", []string{"工作人员很热情", "希望工作人员多帮老年人"}},
		{"efficiency", "办事效率", []string{"办得很快", "等待时间太长"}},
		{"device", "设备问题", []string{"屏幕不好点", "打印机不出纸", "读不了身份证"}},
		{"other", "其他建议", []string{"希望增加更多服务", "说明文字再简单些"}},
	}
}

// BusyFeedback is storing 意见建议.
const BusyFeedback Busy = "feedback"

// Problems of the feedback journey.
var (
	// ErrNoTopic means feedback was sent before a topic was chosen, or
	// with a topic the kiosk does not offer.
	ErrNoTopic = errors.New("journey: choose one of the feedback topics first")
	// ErrNoText means feedback was sent without words.
	ErrNoText = errors.New("journey: the feedback says nothing")
)

// Feedback is the journey of 意见建议: choose a topic (StepTopic), then a
// phrase (StepPhrase), which is stored through the outbox without personal
// data; the citizen is thanked (StepDone) only once it is stored. A
// failure is kept with the citizen's choice, for the screen to say what to
// do next. It is safe for concurrent use.
type Feedback struct {
	worker
	topics []FeedbackTopic

	// guarded by worker.mu
	topic string // the chosen topic's code, "" before one is chosen
	text  string // what was sent last
	sent  bool   // stored: nothing more to do
	draft string // what the citizen is writing (feedback_text.go)
	phone string // a phone number for a reply, optional; never in a snapshot
}

// Close stops the journey's work and forgets what the citizen wrote.
func (j *Feedback) Close() {
	j.worker.Close()
	j.wipe()
}

// NewFeedback starts the feedback journey in the current session.
func NewFeedback(d Deps) *Feedback {
	j := &Feedback{worker: newWorker(d), topics: FeedbackTopics()}
	j.where = j.Current
	return j
}

// Topics are the topics offered, in order.
func (j *Feedback) Topics() []FeedbackTopic { return j.topics }

// Begin opens 意见建议; feedback already stored starts over with a fresh
// choice (a citizen may have more to say).
func (j *Feedback) Begin() {
	j.mu.Lock()
	if j.sent && !j.running[BusyFeedback] {
		j.topic, j.text, j.sent, j.draft, j.phone = "", "", false, "", ""
	}
	j.err = nil
	j.mu.Unlock()
	j.d.Session.Open(j.Screen(Step{Kind: StepTopic}))
}

// At returns the step the session's screen shows, and whether the screen
// belongs to this journey.
func (j *Feedback) At(s app.Screen) (Step, bool) {
	if s.ID != app.ScreenFeedback {
		return Step{}, false
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	switch {
	case j.sent:
		return Step{Kind: StepDone}, true
	case j.topic != "":
		return Step{Kind: StepPhrase}, true
	}
	return Step{Kind: StepTopic}, true
}

// Current is the step on screen now (StepNone when the session shows
// something else).
func (j *Feedback) Current() Step {
	s, _ := j.At(j.d.Session.Snapshot().Screen)
	return s
}

// Screen is where the steps are drawn: all on one screen.
func (j *Feedback) Screen(Step) app.Screen { return app.Screen{ID: app.ScreenFeedback} }

// Choose picks the topic with code and lets the citizen pick a phrase of
// it; it clears the last failure. It returns ErrNoTopic for a code not
// offered, and ErrBusy while feedback is being stored or once it is.
func (j *Feedback) Choose(code string) error {
	if _, ok := j.topicOf(code); !ok {
		return fmt.Errorf("%w: %q", ErrNoTopic, code)
	}
	j.mu.Lock()
	if j.running[BusyFeedback] || j.sent {
		j.mu.Unlock()
		return ErrBusy
	}
	if j.topic != code {
		j.topic, j.text = code, ""
	}
	j.err = nil
	j.mu.Unlock()
	j.d.Session.Touch()
	return nil
}

// Topic is the chosen topic; ok is false before one is chosen.
func (j *Feedback) Topic() (t FeedbackTopic, ok bool) {
	j.mu.Lock()
	code := j.topic
	j.mu.Unlock()
	return j.topicOf(code)
}

func (j *Feedback) topicOf(code string) (FeedbackTopic, bool) {
	for _, t := range j.topics {
		if t.Code == code {
			return t, true
		}
	}
	return FeedbackTopic{}, false
}

// Text is what the citizen sent last (being stored, stored, or failed),
// "" before.
func (j *Feedback) Text() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.text
}

// Sent reports whether the feedback is stored (StepDone).
func (j *Feedback) Sent() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.sent
}

// MaxFeedbackRunes bounds what one feedback says.
const MaxFeedbackRunes = MaxValueRunes

// Send stores text, under the chosen topic, in the background (BusyFeedback)
// and, once it is stored, thanks the citizen (StepDone). It returns a
// problem found before any work starts (no topic, no words, no outbox:
// app.ErrNoQueue), also kept for Err; nil means the work started or was
// running already, and its outcome comes through OnChange and Err. A
// failure keeps the topic and the text, so the citizen can try again.
func (j *Feedback) Send(text string) error {
	text = strings.TrimSpace(text)
	if r := []rune(text); len(r) > MaxFeedbackRunes {
		text = string(r[:MaxFeedbackRunes])
	}
	t, ok := j.Topic()
	var err error
	switch {
	case j.Sent():
		return nil
	case !ok:
		err = ErrNoTopic
	case text == "":
		err = ErrNoText
	case j.d.Submitter == nil:
		err = app.ErrNoQueue
	}
	if err != nil {
		j.fail(err)
		return err
	}
	j.mu.Lock()
	if j.running[BusyFeedback] {
		j.mu.Unlock()
		return nil
	}
	j.text = text
	contact := j.phone
	j.mu.Unlock()
	j.d.Session.Touch()
	f := portal.Feedback{Category: t.Code, Text: text, Contact: contact}
	j.run(BusyFeedback, func(ctx context.Context) error {
		if err := j.d.Submitter.Feedback(ctx, f); err != nil {
			return fmt.Errorf("journey: store feedback: %w", err)
		}
		return nil
	}, func(err error) {
		if err == nil {
			j.mu.Lock()
			j.sent = true
			j.mu.Unlock()
		}
	})
	return nil
}

// ready reports whether text is one of the ready phrases (no citizen's
// own words in it).
func (j *Feedback) ready(text string) bool {
	for _, t := range j.topics {
		for _, p := range t.Phrases {
			if p == text {
				return true
			}
		}
	}
	return false
}

// Snapshot returns where the citizen stands in the journey now: the topic,
// the text when it is a ready phrase (words the citizen typed keep only
// their first character), the busy state and the last problem.
func (j *Feedback) Snapshot() Snapshot {
	s := Snapshot{Journey: "feedback", Step: j.Current(), Busy: j.Busy(), Problem: problemOf(j.Err())}
	j.mu.Lock()
	s.Topic, s.Text = j.topic, j.text
	j.mu.Unlock()
	if s.Text != "" && !j.ready(s.Text) {
		s.Text = privacy.Mask(privacy.KindText, privacy.MaskShapes(s.Text))
	}
	return s
}
