package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"net/http"
	"strings"

	"hallkiosk/app/portal"
)

// createMaterial is POST /api/v1/materials: raw PDF or JPEG bytes with
// X-Content-SHA256. The simulator keeps the hash and size, not the bytes.
func (s *Server) createMaterial(ctx context.Context, tx *sql.Tx, req *request) reply {
	sum := sha256.Sum256(req.body)
	got := hex.EncodeToString(sum[:])
	want := strings.ToLower(strings.TrimSpace(req.r.Header.Get("X-Content-SHA256")))
	if want == "" {
		return errReply(http.StatusBadRequest, "checksum_missing", "X-Content-SHA256 header is required")
	}
	if want != got {
		return errReply(http.StatusUnprocessableEntity, portal.CodeChecksumMismatch, "SHA-256 of the body does not match X-Content-SHA256")
	}
	if len(req.body) == 0 ||
		(req.mediaType == portal.ContentPDF && !bytes.HasPrefix(req.body, []byte("%PDF-"))) ||
		(req.mediaType == portal.ContentJPEG && !bytes.HasPrefix(req.body, []byte{0xFF, 0xD8, 0xFF})) {
		return errReply(http.StatusUnprocessableEntity, "content_mismatch", "body is not a "+req.mediaType)
	}
	id := "M" + got[:24]
	if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO materials(material_id, sha256, size, content_type, created_at) VALUES (?,?,?,?,?)`,
		id, got, len(req.body), req.mediaType, ms(s.now())); err != nil {
		return errReply(http.StatusInternalServerError, "internal", "storage error")
	}
	return jsonReply(http.StatusCreated, portal.MaterialReceipt{MaterialID: id, SHA256: got, Size: int64(len(req.body))})
}
