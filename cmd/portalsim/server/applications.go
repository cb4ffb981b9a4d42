package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"hallkiosk/app/portal"
)

// createApplication is POST /api/v1/applications.
func (s *Server) createApplication(ctx context.Context, tx *sql.Tx, req *request) reply {
	var in portal.Application
	if bad := decodeStrict(req.body, &in); bad != nil {
		return *bad
	}
	item, ok := s.items[in.ServiceCode]
	switch {
	case !ok:
		return errReply(http.StatusUnprocessableEntity, "unknown_service", "service_code is not in the catalog")
	case in.Applicant.CardType == "" || in.Applicant.IDNumber == "" || in.Applicant.Name == "":
		return errReply(http.StatusUnprocessableEntity, "invalid_applicant", "applicant card_type, id_number and name are required")
	case in.Channel == "":
		return errReply(http.StatusUnprocessableEntity, "invalid_application", "channel is required")
	}
	if bad := s.checkMethod(ctx, tx, item, in.Applicant.IDNumber); bad != nil {
		return *bad
	}
	for _, id := range in.MaterialIDs {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM materials WHERE material_id=?`, id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return errReply(http.StatusUnprocessableEntity, "unknown_material", "a material_id was never uploaded")
		}
		if err != nil {
			return errReply(http.StatusInternalServerError, "internal", "storage error")
		}
	}
	now := s.now()
	res, err := tx.ExecContext(ctx, `INSERT INTO applications(application_id, idem_key, service_code, id_number, name, body, plan, received_at)
		VALUES ('pending-'||?, ?, ?, ?, ?, ?, ?, ?)`, req.key, req.key, item.Code, in.Applicant.IDNumber, in.Applicant.Name,
		string(req.body), planNormal, ms(now))
	if err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	seq, err := res.LastInsertId()
	if err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	id := fmt.Sprintf("SL%s%06d", now.Format("20060102"), seq)
	if _, err := tx.ExecContext(ctx, `UPDATE applications SET application_id=? WHERE seq=?`, id, seq); err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	first, reward, err := s.firstOnline(ctx, tx, in, now)
	if err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	return jsonReply(http.StatusCreated, portal.ApplicationAck{
		ApplicationID: id, Status: portal.StatusReceived, AcceptedAt: now.UTC(),
		ReceiptURL:  "/api/v1/applications/" + id + "/receipt.pdf",
		FirstOnline: first, Reward: reward,
	})
}

// listApplications is GET /api/v1/applications.
func (s *Server) listApplications(_ http.ResponseWriter, r *http.Request) reply {
	who, bad := s.identityOf(r.Context(), s.db, r.Header.Get("X-Identity-Token"))
	if bad != nil {
		return *bad
	}
	rows, err := s.db.QueryContext(r.Context(), `SELECT application_id, service_code, plan, received_at FROM applications
		WHERE id_number=? ORDER BY received_at DESC`, who)
	if err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	defer rows.Close()
	items := []portal.ApplicationStatus{}
	now := s.now()
	for rows.Next() {
		var id, code, plan string
		var received int64
		if err := rows.Scan(&id, &code, &plan, &received); err != nil {
			return errReply(http.StatusInternalServerError, "internal", "storage error")
		}
		status, hist := s.progressOf(plan, fromMS(received), now)
		items = append(items, portal.ApplicationStatus{ApplicationID: id, ServiceCode: code,
			ServiceName: s.items[code].Name, Status: status, History: hist})
	}
	if rows.Err() != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	return jsonReply(http.StatusOK, map[string]any{"items": items})
}

// receiptPDF is GET /api/v1/applications/{id}/receipt.pdf.
func (s *Server) receiptPDF(_ http.ResponseWriter, r *http.Request) reply {
	who, bad := s.identityOf(r.Context(), s.db, r.Header.Get("X-Identity-Token"))
	if bad != nil {
		return *bad
	}
	var d receiptData
	var body string
	var plan string
	var received int64
	err := s.db.QueryRowContext(r.Context(), `SELECT application_id, service_code, body, plan, received_at FROM applications
		WHERE application_id=? AND id_number=?`, r.PathValue("id"), who).Scan(&d.ApplicationID, &d.ServiceCode, &body, &plan, &received)
	if errors.Is(err, sql.ErrNoRows) {
		return errReply(http.StatusNotFound, "not_found", "no such application for this citizen")
	}
	if err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	var app portal.Application
	if err := json.Unmarshal([]byte(body), &app); err != nil {
		return errReply(http.StatusInternalServerError, "internal", "stored application unreadable")
	}
	item := s.items[d.ServiceCode]
	d.ServiceName, d.TimeLimit = item.Name, item.OnlineTimeLimit
	d.Applicant, d.Channel, d.DeviceID = app.Applicant, app.Channel, app.DeviceID
	d.Materials = len(app.MaterialIDs)
	d.ReceivedAt = fromMS(received)
	d.Status, _ = s.progressOf(plan, d.ReceivedAt, s.now())
	return s.pdfReply(func(f []byte) ([]byte, error) { return s.renderReceipt(f, d) })
}

// checkMethod refuses an application for a service that needs a face
// when the applicant's identity was checked, in their latest live session,
// by a method the service does not allow (422 method_not_allowed). An
// application without any session (a window's own) is not checked here.
func (s *Server) checkMethod(ctx context.Context, tx *sql.Tx, item portal.ServiceItem, id string) *reply {
	if !item.RequiresFace {
		return nil
	}
	var method string
	err := tx.QueryRowContext(ctx, `SELECT method FROM sessions WHERE id_number=? AND verified=1 AND expires_at>?
		ORDER BY expires_at DESC LIMIT 1`, id, ms(s.now())).Scan(&method)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		rep := errReply(http.StatusInternalServerError, "internal", "storage error")
		return &rep
	case !item.Allows(method):
		rep := errReply(http.StatusUnprocessableEntity, portal.CodeMethodNotAllowed, "这项业务不接受这种身份核验方式")
		return &rep
	}
	return nil
}
