package speech

import "fmt"

// Priority says what may cut an utterance short.
type Priority int

// The priorities.
const (
	// PriorityNormal is everything a screen says: its title, step and
	// instruction on entry, the focused item, feedback, errors. It stops
	// when new speech starts and on Interrupt (any key or touch,
	// EN 5.1.3.5).
	PriorityNormal Priority = iota
	// PriorityWarning is for safety and idle-timeout warnings. It cuts normal
	// speech and is not cut by it, nor by Interrupt; only by another Say of
	// a warning, InterruptAll, ResetForNewSession (when Private) or Close.
	// Normal speech said meanwhile waits until the warnings are spoken.
	PriorityWarning
)

// String names the priority.
func (p Priority) String() string {
	switch p {
	case PriorityNormal:
		return "normal"
	case PriorityWarning:
		return "warning"
	}
	return fmt.Sprintf("priority(%d)", int(p))
}

// Utterance is one thing to say.
type Utterance struct {
	// Text is what to say, in Chinese. Use IDNumber, Phone, Code or Digits
	// for codes so they are read digit by digit.
	Text string
	// Priority is PriorityNormal unless the utterance is a warning.
	Priority Priority
	// Private marks personal data (an ID number, a name, a phone number,
	// what a citizen typed): it is synthesized fresh every time, never
	// cached on disk, never logged, and forgotten by ResetForNewSession.
	Private bool
}

// EventKind is what happened to an utterance.
type EventKind int

// The events of an utterance's life. Every utterance gets EventQueued and
// then exactly one of EventFinished, EventInterrupted or EventFailed;
// EventStarted comes in between when its audio went to the sink.
const (
	// EventQueued: Say, Enqueue or Repeat accepted it. Reported in the
	// caller's goroutine before the call returns, so the order of
	// EventQueued events is the order of the calls: what UI tests assert.
	EventQueued EventKind = iota + 1
	// EventStarted: its PCM is being handed to the sink.
	EventStarted
	// EventFinished: it was played to the end.
	EventFinished
	// EventInterrupted: it was cut short, or dropped before it started.
	EventInterrupted
	// EventFailed: synthesis or playback failed (Event.Err says why; with
	// no sound device that is ErrNoDevice).
	EventFailed
)

// String names the kind.
func (k EventKind) String() string {
	switch k {
	case EventQueued:
		return "queued"
	case EventStarted:
		return "started"
	case EventFinished:
		return "finished"
	case EventInterrupted:
		return "interrupted"
	case EventFailed:
		return "failed"
	}
	return fmt.Sprintf("event(%d)", int(k))
}

// Event reports a change in an utterance's life to Options.OnEvent. It
// carries the utterance's text, also of Private ones: observers are
// in-process (UI tests, the focus ring) and must never log Private text.
type Event struct {
	Kind EventKind
	// ID is the same for all events of one queued utterance.
	ID        uint64
	Utterance Utterance
	// Rate is the rate the utterance is spoken at.
	Rate Rate
	// Err is set on EventFailed.
	Err error
}

// String describes the event without the text of a Private utterance.
func (e Event) String() string {
	text := e.Utterance.Text
	if e.Utterance.Private {
		text = fmt.Sprintf("<private, %d chars>", len([]rune(text)))
	}
	s := fmt.Sprintf("%s #%d %s %q", e.Kind, e.ID, e.Utterance.Priority, text)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}
