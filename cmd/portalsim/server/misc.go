package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"strings"
	"unicode/utf8"

	"hallkiosk/app/portal"
)

// getCatalog is GET /api/v1/catalog with ETag and If-None-Match.
func (s *Server) getCatalog(_ http.ResponseWriter, r *http.Request) reply {
	h := map[string]string{"ETag": s.catETag, "Cache-Control": "no-cache"}
	for _, tag := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if t := strings.TrimSpace(tag); t == s.catETag || t == "*" {
			return reply{status: http.StatusNotModified, header: h}
		}
	}
	return reply{status: http.StatusOK, contentType: "application/json; charset=utf-8", body: s.catalog, header: h}
}

// validReason reports whether r is a rating reason the simulator accepts.
func validReason(r string) bool {
	switch r {
	case portal.ReasonSlow, portal.ReasonHardToUse, portal.ReasonDeviceFault, portal.ReasonUnclearGuide, portal.ReasonOther:
		return true
	}
	return false
}

// createRating is POST /api/v1/ratings.
func (s *Server) createRating(ctx context.Context, tx *sql.Tx, req *request) reply {
	var in portal.Rating
	if bad := decodeStrict(req.body, &in); bad != nil {
		return *bad
	}
	if err := portal.CheckRating(in); err != nil {
		return errReply(http.StatusUnprocessableEntity, "invalid_rating", err.Error())
	}
	for _, r := range in.Reasons {
		if !validReason(r) {
			return errReply(http.StatusUnprocessableEntity, "invalid_rating", "unknown reason")
		}
	}
	if in.ServiceCode != "" {
		if _, ok := s.items[in.ServiceCode]; !ok {
			return errReply(http.StatusUnprocessableEntity, "unknown_service", "service_code is not in the catalog")
		}
	}
	id := "R" + randomHex(8)
	if _, err := tx.ExecContext(ctx, `INSERT INTO ratings(rating_id, body, created_at) VALUES (?,?,?)`, id, string(req.body), ms(s.now())); err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	return jsonReply(http.StatusCreated, map[string]string{"rating_id": id})
}

// createFeedback is POST /api/v1/feedback.
func (s *Server) createFeedback(ctx context.Context, tx *sql.Tx, req *request) reply {
	var in portal.Feedback
	if bad := decodeStrict(req.body, &in); bad != nil {
		return *bad
	}
	if in.Category == "" || strings.TrimSpace(in.Text) == "" {
		return errReply(http.StatusUnprocessableEntity, "invalid_feedback", "category and text are required")
	}
	if utf8.RuneCountInString(in.Text) > 2000 {
		return errReply(http.StatusUnprocessableEntity, "invalid_feedback", "text exceeds 2000 characters")
	}
	id := "F" + randomHex(8)
	if _, err := tx.ExecContext(ctx, `INSERT INTO feedback(feedback_id, body, created_at) VALUES (?,?,?)`, id, string(req.body), ms(s.now())); err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	return jsonReply(http.StatusCreated, map[string]string{"feedback_id": id})
}

// heartbeat is POST /api/v1/devices/heartbeat.
func (s *Server) heartbeat(w http.ResponseWriter, r *http.Request) reply {
	body, _, bad := readBody(w, r, maxJSONBody, portal.ContentJSON)
	if bad != nil {
		return *bad
	}
	var in portal.Heartbeat
	if bad := decodeStrict(body, &in); bad != nil {
		return *bad
	}
	if in.DeviceID == "" {
		return errReply(http.StatusUnprocessableEntity, "invalid_heartbeat", "device_id is required")
	}
	stored, _ := json.Marshal(in)
	if _, err := s.db.ExecContext(r.Context(), `INSERT OR REPLACE INTO heartbeats(device_id, body, at) VALUES (?,?,?)`,
		in.DeviceID, string(stored), ms(s.now())); err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	var version struct {
		Version string `json:"version"`
	}
	json.Unmarshal(s.catalog, &version)
	return jsonReply(http.StatusOK, portal.HeartbeatAck{CatalogVersion: version.Version, ConfigVersion: "1"})
}
