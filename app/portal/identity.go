package portal

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
)

// StartIdentitySession asks the portal to verify a citizen: card data and a
// face image (or another method's data) go in the body only. A face the
// portal does not match is an *Error with Code CodeFaceMismatch (403); a
// method the portal does not accept, CodeMethodNotAllowed (422). The
// session's token is then sent with the citizen's other calls (after the
// code to the phone on file was verified, for MethodSMSOnFile).
func (c *Client) StartIdentitySession(ctx context.Context, req IdentityRequest) (IdentitySession, error) {
	const op = "identity session"
	if req.IDNumber == "" || req.Name == "" || req.CardType == "" {
		return IdentitySession{}, invalid(op, "card type, ID number and name are required")
	}
	switch req.Method {
	case "", MethodFace:
		if len(req.FaceJPEG) == 0 {
			return IdentitySession{}, invalid(op, "no face image")
		}
		if req.StaffID != "" {
			return IdentitySession{}, invalid(op, "a staff id goes with staff_witnessed only")
		}
	case MethodSMSOnFile:
		if len(req.FaceJPEG) != 0 || req.StaffID != "" {
			return IdentitySession{}, invalid(op, "sms_on_file carries no face and no staff id")
		}
	case MethodStaffWitnessed:
		if req.StaffID == "" || len(req.FaceJPEG) != 0 {
			return IdentitySession{}, invalid(op, "staff_witnessed needs a staff id and no face")
		}
	default:
		return IdentitySession{}, invalid(op, "unknown identity method %q", req.Method)
	}
	var out IdentitySession
	err := c.postJSON(ctx, op, "/api/v1/identity/sessions", NewKey(), "", req, &out, func() error {
		if out.IdentityToken == "" {
			return errors.New("no identity_token")
		}
		return nil
	})
	return out, err
}

// SendSMS asks the portal to text a code to phone for the identity session.
// The phone number travels in the body only.
func (c *Client) SendSMS(ctx context.Context, identityToken, phone string) (SMSChallenge, error) {
	const op = "sms challenge"
	if identityToken == "" || phone == "" {
		return SMSChallenge{}, invalid(op, "identity token and phone are required")
	}
	var out SMSChallenge
	err := c.postJSON(ctx, op, "/api/v1/identity/sms", NewKey(), identityToken,
		map[string]string{"phone": phone}, &out, func() error {
			if out.ChallengeID == "" {
				return errors.New("no challenge_id")
			}
			return nil
		})
	return out, err
}

// SendSMSOnFile asks the portal to text a code to the phone it holds for
// the identity session's person ({"to":"on_file"}): the kiosk never sees
// the number, only its masked form. A person without one is an *Error with
// Code CodeNoPhoneOnFile (404).
func (c *Client) SendSMSOnFile(ctx context.Context, identityToken string) (SMSChallenge, error) {
	const op = "sms challenge"
	if identityToken == "" {
		return SMSChallenge{}, invalid(op, "identity token is required")
	}
	var out SMSChallenge
	err := c.postJSON(ctx, op, "/api/v1/identity/sms", NewKey(), identityToken,
		map[string]string{"to": "on_file"}, &out, func() error {
			if out.ChallengeID == "" {
				return errors.New("no challenge_id")
			}
			return nil
		})
	return out, err
}

// VerifySMS checks the code the citizen typed. nil means verified; a wrong
// code is an *Error with Code CodeSMSCodeWrong, the fourth try CodeSMSLocked.
func (c *Client) VerifySMS(ctx context.Context, challengeID, code string) error {
	const op = "sms verify"
	if challengeID == "" || code == "" {
		return invalid(op, "challenge id and code are required")
	}
	var out struct {
		Verified bool `json:"verified"`
	}
	return c.postJSON(ctx, op, "/api/v1/identity/sms/verify", "", "",
		map[string]string{"challenge_id": challengeID, "code": code}, &out, func() error {
			if !out.Verified {
				return errors.New("verified is not true")
			}
			return nil
		})
}

// postJSON marshals in, posts it and decodes a 2xx answer into out.
func (c *Client) postJSON(ctx context.Context, op, path, key, identity string, in, out any, check func() error) error {
	_, err := c.postJSONReplay(ctx, op, path, key, identity, in, out, check)
	return err
}

// postJSONReplay is postJSON that also reports Idempotent-Replayed.
func (c *Client) postJSONReplay(ctx context.Context, op, path, key, identity string, in, out any, check func() error) (bool, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return false, invalid(op, "encode body: %v", err)
	}
	a, err := c.do(ctx, call{op: op, method: http.MethodPost, path: path, body: body,
		contentType: ContentJSON, key: key, identity: identity, limit: c.maxJSON})
	if err != nil {
		return false, err
	}
	if err := decodeJSON(op, a, c.now(), out, check); err != nil {
		return false, err
	}
	return replayed(a), nil
}

// getJSON gets path and decodes a 2xx answer into out.
func (c *Client) getJSON(ctx context.Context, op, path, identity string, out any, check func() error) error {
	a, err := c.do(ctx, call{op: op, method: http.MethodGet, path: path, identity: identity, limit: c.maxJSON})
	if err != nil {
		return err
	}
	return decodeJSON(op, a, c.now(), out, check)
}

// getPDF gets path and returns the PDF bytes of a 2xx answer.
func (c *Client) getPDF(ctx context.Context, op, path, identity string) ([]byte, error) {
	a, err := c.do(ctx, call{op: op, method: http.MethodGet, path: path, identity: identity,
		header: map[string]string{"Accept": ContentPDF}, limit: c.maxPDF})
	if err != nil {
		return nil, err
	}
	return decodePDF(op, a, c.now())
}
