package server

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"hallkiosk/app/portal"
	"hallkiosk/internal/privacy"
)

// Lifetimes of identity sessions and SMS challenges.
const (
	sessionTTL = 15 * time.Minute
	smsTTL     = 5 * time.Minute
	smsTries   = 3
)

// createSession is POST /api/v1/identity/sessions.
func (s *Server) createSession(ctx context.Context, tx *sql.Tx, req *request) reply {
	var in portal.IdentityRequest
	if bad := decodeStrict(req.body, &in); bad != nil {
		return *bad
	}
	if in.CardType == "" || in.IDNumber == "" || in.Name == "" {
		return errReply(http.StatusUnprocessableEntity, "invalid_identity", "card_type, id_number and name are required")
	}
	if len(in.FaceJPEG) == 0 {
		return errReply(http.StatusUnprocessableEntity, "invalid_identity", "face_jpeg is required")
	}
	if bytes.Contains(in.FaceJPEG, []byte(FaceMismatchMarker)) || in.IDNumber == MismatchIdentity().IDNumber {
		return errReply(http.StatusForbidden, portal.CodeFaceMismatch, "人脸比对未通过")
	}
	token := randomHex(16)
	expires := s.now().Add(sessionTTL)
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions(token, card_type, id_number, name, expires_at) VALUES (?,?,?,?,?)`,
		token, in.CardType, in.IDNumber, in.Name, ms(expires)); err != nil {
		s.log.Error("store session", "err", err)
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	return jsonReply(http.StatusCreated, portal.IdentitySession{IdentityToken: token, ExpiresAt: expires.UTC(), FaceScore: 0.93})
}

// identityOf returns the ID number of a live identity session.
func (s *Server) identityOf(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, token string) (string, *reply) {
	if token == "" {
		rep := errReply(http.StatusForbidden, "identity_required", "X-Identity-Token is required")
		return "", &rep
	}
	var id string
	var expires int64
	err := q.QueryRowContext(ctx, `SELECT id_number, expires_at FROM sessions WHERE token=?`, token).Scan(&id, &expires)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && s.now().After(fromMS(expires))) {
		rep := errReply(http.StatusForbidden, "identity_expired", "identity session unknown or expired")
		return "", &rep
	}
	if err != nil {
		rep := errReply(http.StatusInternalServerError, "internal", "storage error")
		return "", &rep
	}
	return id, nil
}

// createSMS is POST /api/v1/identity/sms.
func (s *Server) createSMS(ctx context.Context, tx *sql.Tx, req *request) reply {
	token := req.r.Header.Get("X-Identity-Token")
	if _, bad := s.identityOf(ctx, tx, token); bad != nil {
		return *bad
	}
	var in struct {
		Phone string `json:"phone"`
	}
	if bad := decodeStrict(req.body, &in); bad != nil {
		return *bad
	}
	if len(in.Phone) != 11 || in.Phone[0] != '1' || !digits(in.Phone) {
		return errReply(http.StatusUnprocessableEntity, "invalid_phone", "phone must be an 11-digit mobile number")
	}
	code := s.opts.DemoSMSCode
	if code == "" {
		s.mu.Lock()
		code = fmt.Sprintf("%06d", s.rnd.IntN(1000000))
		s.mu.Unlock()
	}
	id := "CH" + randomHex(8)
	expires := s.now().Add(smsTTL)
	if _, err := tx.ExecContext(ctx, `INSERT INTO sms(challenge_id, token, code, expires_at) VALUES (?,?,?,?)`,
		id, token, code, ms(expires)); err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	s.log.Info("sms code", "challenge_id", id, "phone", privacy.Phone(in.Phone), "code", code)
	return jsonReply(http.StatusCreated, portal.SMSChallenge{ChallengeID: id, ExpiresAt: expires.UTC()})
}

// verifySMS is POST /api/v1/identity/sms/verify.
func (s *Server) verifySMS(w http.ResponseWriter, r *http.Request) reply {
	body, _, bad := readBody(w, r, maxJSONBody, portal.ContentJSON)
	if bad != nil {
		return *bad
	}
	var in struct {
		ChallengeID string `json:"challenge_id"`
		Code        string `json:"code"`
	}
	if bad := decodeStrict(body, &in); bad != nil {
		return *bad
	}
	var rep reply
	err := s.inTx(r.Context(), func(tx *sql.Tx) error {
		var code string
		var wrong, verified int
		var expires int64
		err := tx.QueryRowContext(r.Context(), `SELECT code, wrong, verified, expires_at FROM sms WHERE challenge_id=?`, in.ChallengeID).
			Scan(&code, &wrong, &verified, &expires)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			rep = errReply(http.StatusNotFound, "challenge_unknown", "no such SMS challenge")
			return nil
		case err != nil:
			return err
		case wrong >= smsTries:
			rep = errReply(http.StatusForbidden, portal.CodeSMSLocked, "验证码错误次数过多，请重新获取")
			return nil
		case s.now().After(fromMS(expires)):
			rep = errReply(http.StatusForbidden, "sms_expired", "验证码已过期，请重新获取")
			return nil
		case verified == 1 || in.Code == code:
			_, err := tx.ExecContext(r.Context(), `UPDATE sms SET verified=1 WHERE challenge_id=?`, in.ChallengeID)
			rep = jsonReply(http.StatusOK, map[string]bool{"verified": true})
			return err
		}
		wrong++
		if _, err := tx.ExecContext(r.Context(), `UPDATE sms SET wrong=? WHERE challenge_id=?`, wrong, in.ChallengeID); err != nil {
			return err
		}
		// Three wrong tries are answered sms_code_wrong; the next one,
		// right or wrong, is sms_locked.
		rep = errReply(http.StatusForbidden, portal.CodeSMSCodeWrong, fmt.Sprintf("验证码错误，还可尝试%d次", smsTries-wrong))
		return nil
	})
	if err != nil {
		s.log.Error("verify sms", "err", err)
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	return rep
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
