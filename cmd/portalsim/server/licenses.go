package server

import (
	"database/sql"
	"errors"
	"net/http"
	"strings"

	"hallkiosk/app/portal"
)

// listLicenses is GET /api/v1/licenses.
func (s *Server) listLicenses(_ http.ResponseWriter, r *http.Request) reply {
	who, bad := s.identityOf(r.Context(), s.db, r.Header.Get("X-Identity-Token"))
	if bad != nil {
		return *bad
	}
	rows, err := s.db.QueryContext(r.Context(), `SELECT license_id, type, name, issuer, issued_at, valid_to FROM licenses
		WHERE id_number=? ORDER BY issued_at DESC`, who)
	if err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	defer rows.Close()
	items := []portal.License{}
	for rows.Next() {
		var l portal.License
		if err := rows.Scan(&l.LicenseID, &l.Type, &l.Name, &l.Issuer, &l.IssuedAt, &l.ValidTo); err != nil {
			return errReply(http.StatusInternalServerError, "internal", "storage error")
		}
		items = append(items, l)
	}
	if rows.Err() != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	return jsonReply(http.StatusOK, map[string]any{"items": items})
}

// licensePDF is GET /api/v1/licenses/{id}.pdf.
func (s *Server) licensePDF(_ http.ResponseWriter, r *http.Request) reply {
	who, bad := s.identityOf(r.Context(), s.db, r.Header.Get("X-Identity-Token"))
	if bad != nil {
		return *bad
	}
	id, ok := strings.CutSuffix(r.PathValue("file"), ".pdf")
	if !ok {
		return errReply(http.StatusNotFound, "not_found", "no such endpoint")
	}
	var d licenseData
	err := s.db.QueryRowContext(r.Context(), `SELECT license_id, holder, id_number, type, name, issuer, issued_at, valid_to
		FROM licenses WHERE license_id=? AND id_number=?`, id, who).
		Scan(&d.LicenseID, &d.Holder, &d.IDNumber, &d.Type, &d.Name, &d.Issuer, &d.IssuedAt, &d.ValidTo)
	if errors.Is(err, sql.ErrNoRows) {
		return errReply(http.StatusNotFound, "not_found", "no such license for this citizen")
	}
	if err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	return s.pdfReply(func(f []byte) ([]byte, error) { return s.renderLicense(f, d) })
}
