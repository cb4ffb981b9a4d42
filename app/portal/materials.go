package portal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// CheckMaterial reports whether data may be uploaded as contentType: a PDF
// or JPEG (by type and by its first bytes), not empty, at most
// MaxMaterialBytes.
func CheckMaterial(contentType string, data []byte) error {
	switch {
	case len(data) == 0:
		return fmt.Errorf("%w: empty material", ErrInvalidRequest)
	case len(data) > MaxMaterialBytes:
		return fmt.Errorf("%w: material of %d bytes exceeds %d", ErrInvalidRequest, len(data), MaxMaterialBytes)
	case contentType == ContentPDF && !bytes.HasPrefix(data, []byte("%PDF-")):
		return fmt.Errorf("%w: material is not a PDF", ErrInvalidRequest)
	case contentType == ContentJPEG && !bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return fmt.Errorf("%w: material is not a JPEG", ErrInvalidRequest)
	case contentType != ContentPDF && contentType != ContentJPEG:
		return fmt.Errorf("%w: material content type %q, want %s or %s", ErrInvalidRequest, contentType, ContentPDF, ContentJPEG)
	}
	return nil
}

// UploadMaterial uploads one PDF or JPEG with its SHA-256 under the
// Idempotency-Key key (required: the one stored with the material). The
// receipt's MaterialID goes into Application.MaterialIDs. A receipt whose
// hash or size differs from what was sent is ErrBadResponse.
func (c *Client) UploadMaterial(ctx context.Context, key, contentType string, data []byte) (MaterialReceipt, error) {
	const op = "upload material"
	if err := requireKey(op, key); err != nil {
		return MaterialReceipt{}, err
	}
	if err := CheckMaterial(contentType, data); err != nil {
		return MaterialReceipt{}, &Error{Op: op, Err: err}
	}
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	a, err := c.do(ctx, call{op: op, method: http.MethodPost, path: "/api/v1/materials", body: data,
		contentType: contentType, key: key, upload: true, limit: c.maxJSON,
		header: map[string]string{"X-Content-SHA256": hexSum}})
	if err != nil {
		return MaterialReceipt{}, err
	}
	var out MaterialReceipt
	err = decodeJSON(op, a, c.now(), &out, func() error {
		switch {
		case out.MaterialID == "":
			return errors.New("no material_id")
		case !strings.EqualFold(out.SHA256, hexSum) || out.Size != int64(len(data)):
			return errors.New("receipt does not match the uploaded bytes")
		}
		return nil
	})
	out.Replayed = replayed(a)
	return out, err
}
