package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"hallkiosk/app/events"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
)

// EventRecorder takes usage events without personal data and returns at
// once; *events.Store has it.
type EventRecorder interface{ Add(events.Event) }

var _ EventRecorder = (*events.Store)(nil)

// Queue is the durable outbox as the kiosk uses it; *outbox.Outbox has it.
type Queue interface {
	Submit(ctx context.Context, within time.Duration, a portal.Application, mats ...outbox.Material) (outbox.Receipt, error)
	AddRating(ctx context.Context, r portal.Rating) (outbox.Receipt, error)
	AddFeedback(ctx context.Context, f portal.Feedback) (outbox.Receipt, error)
}

var _ Queue = (*outbox.Outbox)(nil)

// Submission problems.
var (
	// ErrInvalidForm reports field problems; the screens show the
	// FieldErrors instead.
	ErrInvalidForm = errors.New("app: the form has problems")
	// ErrMissingMaterial reports a required document not captured.
	ErrMissingMaterial = errors.New("app: a required material is missing")
	// ErrNoQueue reports that this kiosk cannot store submissions now (its
	// outbox is lost or locked until staff fix it).
	ErrNoQueue = errors.New("app: submissions cannot be stored on this kiosk now")
)

// Submitter hands a citizen's application to the outbox, which commits it
// to disk before anything is said to the citizen, then tries to send it at
// once so the citizen usually leaves with the portal's 受理号.
type Submitter struct {
	Session  *Session
	Queue    Queue
	DeviceID string
	// Within bounds the immediate send (default 5 s); after that the
	// citizen gets the offline 凭证号 and the outbox keeps trying.
	Within time.Duration
	Now    func() time.Time
	// Figures, if set, counts submissions and ratings.
	Figures *Figures
	// Events, if set, records each submission, rating and feedback topic
	// as a usage event (codes only, never what the citizen wrote).
	Events EventRecorder
	// Assisted marks this terminal's submissions as made with staff
	// (帮办代办 at the window terminal).
	Assisted bool
	// AssistedBy, if set, names the member of staff logged in who helps
	// the citizen now (帮办代办), "" when nobody does: the application
	// carries it as assisted_by and counts as assisted. The citizen still
	// confirms and proves who they are as the service requires.
	AssistedBy func() string
	// Submitted, if set, hears of every application stored, with the
	// member of staff who helped ("" for self-service), after it is
	// stored: 帮办代办 writes it to the audit log.
	Submitted func(sub Submission, assistedBy string)
}

// Submission is the outcome the citizen is told and the receipt printed.
type Submission struct {
	Service portal.ServiceItem
	Receipt outbox.Receipt
	At      time.Time
}

// Ready says whether submissions can be stored now: ErrNoQueue when the
// kiosk has no outbox it can trust, nil otherwise.
func (s *Submitter) Ready() error {
	if s == nil || s.Queue == nil {
		return ErrNoQueue
	}
	return nil
}

// Submit validates the form values held for the citizen and queues the
// application with the documents captured for materials (uploaded first). A nil error means it is stored durably, whatever the
// network did.
func (s *Submitter) Submit(ctx context.Context, it portal.ServiceItem, form portal.Form, materials []portal.Material) (Submission, []*FieldError, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	data := s.Session.Data()
	values := data.Form()
	if problems := ValidateForm(form, values, now()); len(problems) > 0 {
		return Submission{}, problems, ErrInvalidForm
	}
	if s.Queue == nil {
		return Submission{}, nil, ErrNoQueue
	}
	within := s.Within
	if within <= 0 {
		within = 5 * time.Second
	}
	a := BuildApplication(it, form, values, data.Card(), s.DeviceID, now())
	assisted := s.Assisted
	if s.AssistedBy != nil {
		if a.AssistedBy = s.AssistedBy(); a.AssistedBy != "" {
			assisted = true
		}
	}
	var mats []outbox.Material
	for _, m := range materials {
		if doc := data.Material(m.Code); doc != nil {
			ct := portal.ContentJPEG
			if bytes.HasPrefix(doc, []byte("%PDF-")) {
				ct = portal.ContentPDF // the pages of a material, one PDF
			}
			mats = append(mats, outbox.Material{Code: m.Code, ContentType: ct, Data: doc})
		} else if m.Required && m.FromLicense == "" {
			return Submission{}, nil, fmt.Errorf("%w: %s", ErrMissingMaterial, m.Name)
		}
	}
	// Storing must finish even if the screen goes away meanwhile.
	r, err := s.Queue.Submit(context.WithoutCancel(ctx), within, a, mats...)
	if err != nil {
		return Submission{}, nil, fmt.Errorf("app: submit: %w", err)
	}
	sub := Submission{Service: it, Receipt: r, At: now()}
	data.setSubmission(&sub)
	if s.Submitted != nil {
		s.Submitted(sub, a.AssistedBy)
	}
	if s.Figures != nil {
		s.Figures.Submitted()
		if r.FirstOnline {
			s.Figures.FirstOnline()
		}
	}
	if s.Events != nil {
		key := events.Offline
		if r.Acknowledged() {
			key = events.Online
		}
		s.Events.Add(events.Event{Kind: events.Submission, Service: it.Code, Key: key, Assisted: assisted,
			FirstOnline: r.FirstOnline, Reward: r.Reward != nil})
	}
	return sub, nil, nil
}

// Feedback queues an 意见建议.
func (s *Submitter) Feedback(ctx context.Context, f portal.Feedback) error {
	if s.Queue == nil {
		return ErrNoQueue
	}
	_, err := s.Queue.AddFeedback(context.WithoutCancel(ctx), f)
	if err == nil && s.Events != nil {
		s.Events.Add(events.Event{Kind: events.Feedback, Key: f.Category})
	}
	return err
}

// Rate queues the citizen's 好差评 for the service or application.
func (s *Submitter) Rate(ctx context.Context, r portal.Rating) error {
	if err := portal.CheckRating(r); err != nil {
		return err
	}
	if s.Queue == nil {
		return ErrNoQueue
	}
	if _, err := s.Queue.AddRating(context.WithoutCancel(ctx), r); err != nil {
		return err
	}
	if s.Figures != nil {
		s.Figures.Rated(r.Level)
	}
	if s.Events != nil {
		service := r.ServiceCode
		if sub := s.Session.Data().Submission(); service == "" && sub != nil {
			service = sub.Service.Code
		}
		s.Events.Add(events.Event{Kind: events.Rating, Service: service, Value: int64(r.Level), Tags: r.Reasons})
	}
	return nil
}
