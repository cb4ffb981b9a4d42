package server

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/http"
	"time"
)

// Idempotency retention of the simulator.
const (
	// keyTTL is how long a finished key is replayed (the contract asks for
	// at least 24 h).
	keyTTL = 48 * time.Hour
	// abandonAfter is when a key left "processing" by a crash is free again.
	abandonAfter = 30 * time.Second
)

// request is a creating request as its effect sees it.
type request struct {
	r         *http.Request
	body      []byte
	mediaType string
	key       string
}

// txFunc is the effect of a creating request. It runs inside the
// transaction that also stores its answer; an answer of 500 or more rolls
// both back and frees the key.
type txFunc func(ctx context.Context, tx *sql.Tx, req *request) reply

// creating describes one POST endpoint that creates something.
type creating struct {
	route string
	limit int64
	types []string
	fn    txFunc
}

// reservation is the outcome of reserving a key.
type reservation int

const (
	reserved reservation = iota
	replay
	inProgress
	mismatch
)

var errAbort = errors.New("portalsim: effect aborted")

// handle runs a creating request with the contract's idempotency.
func (s *Server) handle(c creating) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key := r.Header.Get("Idempotency-Key")
		if key == "" {
			s.answer(w, r, errReply(http.StatusBadRequest, "idempotency_key_missing", "Idempotency-Key header is required"))
			return
		}
		if len(key) > 255 || !printable(key) {
			s.answer(w, r, errReply(http.StatusBadRequest, "idempotency_key_invalid", "Idempotency-Key must be printable and at most 255 characters"))
			return
		}
		body, mt, bad := readBody(w, r, c.limit, c.types...)
		if bad != nil {
			s.answer(w, r, *bad)
			return
		}
		// The effect and its stored answer finish even if the client goes
		// away, as a real portal would.
		ctx := context.WithoutCancel(r.Context())
		fp := fingerprint(c.route, mt, body)
		res, stored, err := s.reserve(ctx, key, fp)
		if err != nil {
			s.log.Error("reserve key", "err", err)
			s.answer(w, r, errReply(http.StatusInternalServerError, "internal", "storage error"))
			return
		}
		switch res {
		case replay:
			if stored.header == nil {
				stored.header = map[string]string{}
			}
			stored.header["Idempotent-Replayed"] = "true"
			s.answerKey(w, r, key, stored)
			return
		case inProgress:
			s.answerKey(w, r, key, errReply(http.StatusConflict, "request_in_progress", "a request with this Idempotency-Key is still being processed"))
			return
		case mismatch:
			s.answerKey(w, r, key, errReply(http.StatusUnprocessableEntity, "idempotency_key_reuse", "this Idempotency-Key was used with a different request"))
			return
		}
		sleep(r.Context(), latencyOf(r.Context()))
		var rep reply
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			rep = c.fn(ctx, tx, &request{r: r, body: body, mediaType: mt, key: key})
			if rep.status >= 500 {
				return errAbort
			}
			_, err := tx.ExecContext(ctx, `UPDATE idem SET state='done', status=?, content_type=?, body=? WHERE key=?`,
				rep.status, rep.contentType, rep.body, key)
			return err
		})
		if err != nil {
			if _, derr := s.db.ExecContext(ctx, `DELETE FROM idem WHERE key=? AND state='processing'`, key); derr != nil {
				s.log.Error("free key", "err", derr)
			}
			if !errors.Is(err, errAbort) {
				s.log.Error("commit", "route", c.route, "err", err)
				rep = errReply(http.StatusInternalServerError, "internal", "storage error")
			}
			s.answerKey(w, r, key, rep)
			return
		}
		if s.dropNow() && drop(w) {
			s.log.Info("request", "method", r.Method, "route", c.route, "key", key, "status", rep.status, "fault", "drop_after_commit")
			return
		}
		s.answerKey(w, r, key, rep)
	}
}

// reserve claims key for a request with fingerprint fp, or reports why it
// cannot: the stored answer to replay, a request in progress, or a key used
// for another request.
func (s *Server) reserve(ctx context.Context, key, fp string) (reservation, reply, error) {
	var res reservation
	var stored reply
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var gotFP, state, ct string
		var status int
		var body []byte
		var created int64
		err := tx.QueryRowContext(ctx, `SELECT fingerprint, state, status, content_type, body, created_at FROM idem WHERE key=?`, key).
			Scan(&gotFP, &state, &status, &ct, &body, &created)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case state == "done" && now.Sub(fromMS(created)) > keyTTL,
			state == "processing" && now.Sub(fromMS(created)) > abandonAfter:
			// Expired or abandoned: the key is free again.
		case gotFP != fp:
			res = mismatch
			return nil
		case state == "processing":
			res = inProgress
			return nil
		default:
			res, stored = replay, reply{status: status, contentType: ct, body: body}
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO idem(key, fingerprint, state, created_at) VALUES (?,?,'processing',?)`,
			key, fp, ms(now))
		res = reserved
		return err
	})
	return res, stored, err
}

// fingerprint identifies a request by route, media type and body bytes.
func fingerprint(route, mediaType string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(route + "\n" + mediaType + "\n"))
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
