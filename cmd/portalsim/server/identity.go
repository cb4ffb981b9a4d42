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

// createSession is POST /api/v1/identity/sessions: method face (card and
// face), sms_on_file (card or typed ID number; usable once a code to the
// phone on file was verified) or staff_witnessed (card and a member of
// staff). An unknown method is 422 method_not_allowed.
func (s *Server) createSession(ctx context.Context, tx *sql.Tx, req *request) reply {
	var in portal.IdentityRequest
	if bad := decodeStrict(req.body, &in); bad != nil {
		return *bad
	}
	if in.CardType == "" || in.IDNumber == "" || in.Name == "" {
		return errReply(http.StatusUnprocessableEntity, "invalid_identity", "card_type, id_number and name are required")
	}
	method, verified := in.Method, 1
	if method == "" {
		method = portal.MethodFace
	}
	out := portal.IdentitySession{Method: method}
	switch method {
	case portal.MethodFace:
		if len(in.FaceJPEG) == 0 {
			return errReply(http.StatusUnprocessableEntity, "invalid_identity", "face_jpeg is required")
		}
		if bytes.Contains(in.FaceJPEG, []byte(FaceMismatchMarker)) || in.IDNumber == MismatchIdentity().IDNumber {
			return errReply(http.StatusForbidden, portal.CodeFaceMismatch, "人脸比对未通过")
		}
		out.FaceScore = 0.93
	case portal.MethodSMSOnFile:
		if len(in.FaceJPEG) != 0 || in.StaffID != "" {
			return errReply(http.StatusUnprocessableEntity, "invalid_identity", "sms_on_file carries no face_jpeg and no staff_id")
		}
		verified = 0
		if p := PhoneOnFile(in.IDNumber); p != "" {
			out.PhoneMasked = privacy.MaskPhone(p)
		}
	case portal.MethodStaffWitnessed:
		if in.StaffID == "" || len(in.FaceJPEG) != 0 {
			return errReply(http.StatusUnprocessableEntity, "invalid_identity", "staff_witnessed needs staff_id and no face_jpeg")
		}
	default:
		return errReply(http.StatusUnprocessableEntity, portal.CodeMethodNotAllowed, "identity method is not accepted")
	}
	if !s.methodAllowed(method) {
		return errReply(http.StatusUnprocessableEntity, portal.CodeMethodNotAllowed, "identity method is not accepted by this portal")
	}
	token := randomHex(16)
	expires := s.now().Add(sessionTTL)
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions(token, card_type, id_number, name, expires_at, method, verified, staff_id)
		VALUES (?,?,?,?,?,?,?,?)`, token, in.CardType, in.IDNumber, in.Name, ms(expires), method, verified, in.StaffID); err != nil {
		s.log.Error("store session", "err", err)
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	out.IdentityToken, out.ExpiresAt = token, expires.UTC()
	return jsonReply(http.StatusCreated, out)
}

// methodAllowed reports whether the simulator accepts identity method m
// at all (Options.RefuseMethods says which it refuses).
func (s *Server) methodAllowed(m string) bool {
	for _, r := range s.opts.RefuseMethods {
		if r == m {
			return false
		}
	}
	return true
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// identityOf returns the ID number of a live, verified identity session.
func (s *Server) identityOf(ctx context.Context, q querier, token string) (string, *reply) {
	id, verified, bad := s.sessionOf(ctx, q, token)
	if bad == nil && !verified {
		rep := errReply(http.StatusForbidden, "identity_unverified", "the SMS code to the phone on file is not verified yet")
		return "", &rep
	}
	return id, bad
}

// sessionOf returns the ID number of a live identity session, verified or
// not.
func (s *Server) sessionOf(ctx context.Context, q querier, token string) (string, bool, *reply) {
	if token == "" {
		rep := errReply(http.StatusForbidden, "identity_required", "X-Identity-Token is required")
		return "", false, &rep
	}
	var id string
	var expires int64
	var verified int
	err := q.QueryRowContext(ctx, `SELECT id_number, expires_at, verified FROM sessions WHERE token=?`, token).Scan(&id, &expires, &verified)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && s.now().After(fromMS(expires))) {
		rep := errReply(http.StatusForbidden, "identity_expired", "identity session unknown or expired")
		return "", false, &rep
	}
	if err != nil {
		rep := errReply(http.StatusInternalServerError, "internal", "storage error")
		return "", false, &rep
	}
	return id, verified == 1, nil
}

// createSMS is POST /api/v1/identity/sms.
func (s *Server) createSMS(ctx context.Context, tx *sql.Tx, req *request) reply {
	token := req.r.Header.Get("X-Identity-Token")
	who, verified, bad := s.sessionOf(ctx, tx, token)
	if bad != nil {
		return *bad
	}
	var in struct {
		Phone string `json:"phone"`
		To    string `json:"to"`
	}
	if bad := decodeStrict(req.body, &in); bad != nil {
		return *bad
	}
	onFile := 0
	switch {
	case in.To == "on_file" && in.Phone == "":
		onFile = 1
		if in.Phone = PhoneOnFile(who); in.Phone == "" {
			return errReply(http.StatusNotFound, portal.CodeNoPhoneOnFile, "平台没有登记此人的手机号码")
		}
	case in.To != "":
		return errReply(http.StatusUnprocessableEntity, "invalid_sms", `to must be "on_file", or give phone`)
	case !verified:
		// An unverified sms_on_file session may only text the phone on file.
		rep := errReply(http.StatusForbidden, "identity_unverified", "the SMS code to the phone on file is not verified yet")
		return rep
	case len(in.Phone) != 11 || in.Phone[0] != '1' || !digits(in.Phone):
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
	if _, err := tx.ExecContext(ctx, `INSERT INTO sms(challenge_id, token, code, expires_at, on_file) VALUES (?,?,?,?,?)`,
		id, token, code, ms(expires), onFile); err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	s.log.Info("sms code", "challenge_id", id, "phone", privacy.Phone(in.Phone), "on_file", onFile == 1, "code", code)
	return jsonReply(http.StatusCreated, portal.SMSChallenge{ChallengeID: id, ExpiresAt: expires.UTC(), PhoneMasked: privacy.MaskPhone(in.Phone)})
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
		var code, token string
		var wrong, verified, onFile int
		var expires int64
		err := tx.QueryRowContext(r.Context(), `SELECT code, wrong, verified, expires_at, token, on_file FROM sms WHERE challenge_id=?`, in.ChallengeID).
			Scan(&code, &wrong, &verified, &expires, &token, &onFile)
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
			if _, err := tx.ExecContext(r.Context(), `UPDATE sms SET verified=1 WHERE challenge_id=?`, in.ChallengeID); err != nil {
				return err
			}
			if onFile == 1 { // the sms_on_file session is usable from now on
				if _, err := tx.ExecContext(r.Context(), `UPDATE sessions SET verified=1 WHERE token=?`, token); err != nil {
					return err
				}
			}
			rep = jsonReply(http.StatusOK, map[string]bool{"verified": true})
			return nil
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
