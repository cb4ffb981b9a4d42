package server

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"hallkiosk/app/portal"
)

// Body limits of the simulator.
const (
	maxJSONBody     = 1 << 20
	maxIdentityBody = 8 << 20
	maxMaterialBody = portal.MaxMaterialBytes
)

// reply is an answer a handler computed: status, content type and body.
type reply struct {
	status      int
	contentType string
	body        []byte
	header      map[string]string
}

// jsonReply encodes v as a JSON answer.
func jsonReply(status int, v any) reply {
	b, err := json.Marshal(v)
	if err != nil {
		return errReply(http.StatusInternalServerError, "internal", "encode answer")
	}
	return reply{status: status, contentType: "application/json; charset=utf-8", body: b}
}

// errReply is the contract's error envelope.
func errReply(status int, code, message string) reply {
	var e portal.ErrorBody
	e.Error.Code, e.Error.Message = code, message
	b, _ := json.Marshal(e)
	return reply{status: status, contentType: "application/json; charset=utf-8", body: b}
}

// write sends r.
func (r reply) write(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header().Set(k, v)
	}
	if r.contentType != "" {
		w.Header().Set("Content-Type", r.contentType)
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(r.body)))
	w.WriteHeader(r.status)
	w.Write(r.body)
}

// authorized checks the bearer token.
func (s *Server) authorized(r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok || tok == "" {
		return false
	}
	if s.opts.Token == "" {
		return true
	}
	return subtle.ConstantTimeCompare([]byte(tok), []byte(s.opts.Token)) == 1
}

// readBody reads the request body up to limit, checking its media type.
// A failure comes back as the reply to send.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, types ...string) ([]byte, string, *reply) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !contains(types, mt) {
		rep := errReply(http.StatusUnsupportedMediaType, "unsupported_media_type",
			"content type must be "+strings.Join(types, " or "))
		return nil, "", &rep
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			rep := errReply(http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("body exceeds %d bytes", limit))
			return nil, "", &rep
		}
		rep := errReply(http.StatusBadRequest, "bad_body", "body could not be read")
		return nil, "", &rep
	}
	return body, mt, nil
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// decodeStrict decodes a JSON request body; a failure is a 400 reply that
// does not echo the body.
func decodeStrict(body []byte, v any) *reply {
	if err := json.Unmarshal(body, v); err != nil {
		rep := errReply(http.StatusBadRequest, "malformed_json", "request body is not valid JSON of the expected shape")
		return &rep
	}
	return nil
}

// randomHex returns n random bytes as hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// etagOf returns a strong ETag of b.
func etagOf(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}
