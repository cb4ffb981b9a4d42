package app

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"hallkiosk/app/portal"
	"hallkiosk/devices/idcard"
)

// Errors of identity without a face, for the screens to put into words.
var (
	// ErrNoPhoneOnFile reports that the portal holds no phone for the
	// person, so a code cannot be texted to it.
	ErrNoPhoneOnFile = errors.New("app: no phone on file")
	// ErrMethodNotAllowed reports that the portal (or the service) does
	// not accept the identity method.
	ErrMethodNotAllowed = errors.New("app: identity method not allowed")
	// ErrNoHolder reports an identity check without the person's ID
	// number and name.
	ErrNoHolder = errors.New("app: no ID number and name to check")
)

// Holder is the person an identity check is for: read from the ID card,
// or typed in by a citizen without one (身份证补领). Never logged.
type Holder struct {
	CardType string
	IDNumber string
	Name     string
}

// HolderOf is the holder of card c (zero for nil).
func HolderOf(c *idcard.Card) Holder {
	if c == nil {
		return Holder{}
	}
	return Holder{CardType: string(c.Type), IDNumber: c.IDNumber, Name: c.DisplayName()}
}

// TypedHolder is a holder of a 居民身份证 whose number and name were typed
// in.
func TypedHolder(idNumber, name string) Holder {
	return Holder{CardType: string(idcard.Resident), IDNumber: idNumber, Name: name}
}

func (h Holder) complete() bool { return h.CardType != "" && h.IDNumber != "" && h.Name != "" }

// OnFilePortal is the part of the portal that checks identity with a code
// texted to the phone it holds for the person; *portal.Client has it.
type OnFilePortal interface {
	StartIdentitySession(ctx context.Context, req portal.IdentityRequest) (portal.IdentitySession, error)
	SendSMSOnFile(ctx context.Context, identityToken string) (portal.SMSChallenge, error)
	VerifySMS(ctx context.Context, challengeID, code string) error
}

var _ OnFilePortal = (*portal.Client)(nil)

// OnFile checks identity without a face by method sms_on_file: the ID
// card (or the number typed in), then a code the portal texts to the
// phone it holds for that person. The kiosk sees the number only masked.
// The portal's token becomes the citizen's identity only once the code was
// verified; what is pending goes with every wipe.
type OnFile struct {
	session *Session
	portal  OnFilePortal

	mu        sync.Mutex
	holder    Holder
	token     string
	challenge string
}

// NewOnFile returns the check for s; nil p is a kiosk without a portal.
func NewOnFile(s *Session, p OnFilePortal) *OnFile {
	o := &OnFile{session: s, portal: p}
	s.OnWipe(o.forget)
	return o
}

func (o *OnFile) forget() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.holder, o.token, o.challenge = Holder{}, "", ""
}

// Possible reports whether the kiosk can run the check at all.
func (o *OnFile) Possible() bool { return o != nil && o.portal != nil }

// Send starts (once per holder) an sms_on_file identity session for h and
// has the portal text a code to the phone it holds; it returns that
// phone, masked. ErrNoPhoneOnFile when the portal holds none.
func (o *OnFile) Send(ctx context.Context, h Holder) (phoneMasked string, err error) {
	if !o.Possible() {
		return "", ErrNoIdentityCheck
	}
	if !h.complete() {
		return "", ErrNoHolder
	}
	o.mu.Lock()
	token := o.token
	if o.holder != h {
		token = ""
	}
	o.mu.Unlock()
	if token == "" {
		s, err := o.portal.StartIdentitySession(ctx, portal.IdentityRequest{Method: portal.MethodSMSOnFile,
			CardType: h.CardType, IDNumber: h.IDNumber, Name: h.Name})
		if err != nil {
			return "", identityErr("identity session", err)
		}
		token = s.IdentityToken
		o.mu.Lock()
		o.holder, o.token, o.challenge = h, token, ""
		o.mu.Unlock()
	}
	ch, err := o.portal.SendSMSOnFile(ctx, token)
	if err != nil {
		return "", identityErr("send code to the phone on file", err)
	}
	o.mu.Lock()
	o.challenge = ch.ChallengeID
	o.mu.Unlock()
	return ch.PhoneMasked, nil
}

// Verify checks the code typed; when right, the session's token becomes
// the citizen's identity.
func (o *OnFile) Verify(ctx context.Context, code string) error {
	o.mu.Lock()
	token, challenge := o.token, o.challenge
	o.mu.Unlock()
	if challenge == "" {
		return errors.New("app: no code sent to the phone on file")
	}
	err := o.portal.VerifySMS(ctx, challenge, code)
	switch portal.CodeOf(err) {
	case "":
		if err != nil {
			return fmt.Errorf("app: verify code: %w", err)
		}
	case portal.CodeSMSCodeWrong:
		return ErrSMSWrong
	case portal.CodeSMSLocked:
		o.mu.Lock()
		o.challenge = ""
		o.mu.Unlock()
		return ErrSMSLocked
	default:
		return fmt.Errorf("app: verify code: %w", err)
	}
	o.session.Data().SetIdentity(token)
	return nil
}

// Witnessed checks identity by method staff_witnessed: the holder h and a
// logged-in member of staff (staffID) who saw the person. On success the
// portal's token is the citizen's identity.
func (id *Identity) Witnessed(ctx context.Context, h Holder, staffID string) error {
	if id == nil || id.Portal == nil {
		return ErrNoIdentityCheck
	}
	if !h.complete() {
		return ErrNoHolder
	}
	if staffID == "" {
		return errors.New("app: staff-witnessed check without a member of staff")
	}
	s, err := id.Portal.StartIdentitySession(ctx, portal.IdentityRequest{Method: portal.MethodStaffWitnessed,
		CardType: h.CardType, IDNumber: h.IDNumber, Name: h.Name, StaffID: staffID})
	if err != nil {
		return identityErr("staff-witnessed check", err)
	}
	id.Session.Data().SetIdentity(s.IdentityToken)
	return nil
}

// identityErr turns the portal's refusals into this package's errors.
func identityErr(op string, err error) error {
	switch portal.CodeOf(err) {
	case portal.CodeNoPhoneOnFile:
		return ErrNoPhoneOnFile
	case portal.CodeMethodNotAllowed:
		return ErrMethodNotAllowed
	}
	return fmt.Errorf("app: %s: %w", op, err)
}
