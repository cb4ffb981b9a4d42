package app

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"hallkiosk/app/portal"
)

// SMSPortal is the part of the portal that sends and checks SMS codes.
// *portal.Client satisfies it.
type SMSPortal interface {
	SendSMS(ctx context.Context, identityToken, phone string) (portal.SMSChallenge, error)
	VerifySMS(ctx context.Context, challengeID, code string) error
}

var _ SMSPortal = (*portal.Client)(nil)

// Errors of the SMS check, for the screens to put into words.
var (
	ErrSMSWrong  = errors.New("app: the SMS code is wrong")
	ErrSMSLocked = errors.New("app: too many wrong SMS codes")
)

// SMS confirms the citizen's phone number with a code the portal texts to
// it. It needs the identity token of a face-checked citizen.
type SMS struct {
	session *Session
	portal  SMSPortal

	mu        sync.Mutex
	challenge string
}

// NewSMS returns the SMS check for s; the pending challenge goes with
// every wipe.
func NewSMS(s *Session, p SMSPortal) *SMS {
	sms := &SMS{session: s, portal: p}
	s.OnWipe(func() { sms.setChallenge("") })
	return sms
}

func (s *SMS) setChallenge(c string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.challenge = c
}

func (s *SMS) pending() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.challenge
}

// Possible reports whether the phone can be confirmed now.
func (s *SMS) Possible() bool {
	return s != nil && s.portal != nil && s.session.Data().Identity() != ""
}

// Send asks the portal to text a code to phone.
func (s *SMS) Send(ctx context.Context, phone string) error {
	if !s.Possible() {
		return errors.New("app: SMS needs a checked identity")
	}
	c, err := s.portal.SendSMS(ctx, s.session.Data().Identity(), phone)
	if err != nil {
		return fmt.Errorf("app: send SMS: %w", err)
	}
	s.setChallenge(c.ChallengeID)
	return nil
}

// Verify checks the code the citizen typed; on success the phone counts as
// confirmed for this session.
func (s *SMS) Verify(ctx context.Context, phone, code string) error {
	challenge := s.pending()
	if challenge == "" {
		return errors.New("app: no SMS sent")
	}
	err := s.portal.VerifySMS(ctx, challenge, code)
	switch portal.CodeOf(err) {
	case "":
		if err != nil {
			return fmt.Errorf("app: verify SMS: %w", err)
		}
	case "sms_code_wrong":
		return ErrSMSWrong
	case "sms_locked":
		s.setChallenge("")
		return ErrSMSLocked
	default:
		return fmt.Errorf("app: verify SMS: %w", err)
	}
	s.session.Data().SetPhone(phone)
	return nil
}
