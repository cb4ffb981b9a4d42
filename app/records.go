package app

import (
	"context"
	"errors"
	"fmt"
	"image"

	"hallkiosk/app/portal"
	"hallkiosk/devices/pdfrender"
)

// RecordsPortal is the part of the portal that shows a citizen's own
// records. *portal.Client satisfies it.
type RecordsPortal interface {
	Applications(ctx context.Context, identityToken string) ([]portal.ApplicationStatus, error)
	Licenses(ctx context.Context, identityToken string) ([]portal.License, error)
	LicensePDF(ctx context.Context, identityToken, licenseID string) ([]byte, error)
	ApplicationReceiptPDF(ctx context.Context, identityToken, applicationID string) ([]byte, error)
}

var _ RecordsPortal = (*portal.Client)(nil)

// A4 prints PDFs on the A4 printer.
type A4 interface {
	PrintPDF(ctx context.Context, pdf []byte) error
}

// ErrNoIdentity reports a records call before the identity check.
var ErrNoIdentity = errors.New("app: identity not checked yet")

// Records is 进度查询 and 电子证照: what the portal holds for the citizen
// whose identity was checked. Documents fetched stay in the citizen's
// data and go with the wipe.
type Records struct {
	Session *Session
	Portal  RecordsPortal
	Printer A4
}

func (r *Records) token() (string, error) {
	if r == nil || r.Portal == nil {
		return "", errors.New("app: no portal")
	}
	t := r.Session.Data().Identity()
	if t == "" {
		return "", ErrNoIdentity
	}
	return t, nil
}

// Applications lists the citizen's applications and where they stand.
func (r *Records) Applications(ctx context.Context) ([]portal.ApplicationStatus, error) {
	t, err := r.token()
	if err != nil {
		return nil, err
	}
	return r.Portal.Applications(ctx, t)
}

// Licenses lists the citizen's 电子证照.
func (r *Records) Licenses(ctx context.Context) ([]portal.License, error) {
	t, err := r.token()
	if err != nil {
		return nil, err
	}
	return r.Portal.Licenses(ctx, t)
}

// LicensePreview fetches a license's PDF and renders its first page at dpi
// for the screen. The PDF is kept (for printing) until the wipe.
func (r *Records) LicensePreview(ctx context.Context, licenseID string, dpi float64) (image.Image, []byte, error) {
	t, err := r.token()
	if err != nil {
		return nil, nil, err
	}
	pdf, err := r.Portal.LicensePDF(ctx, t, licenseID)
	if err != nil {
		return nil, nil, fmt.Errorf("app: license: %w", err)
	}
	r.Session.Data().AddImage(pdf)
	img, err := pdfrender.RenderPage(pdf, 0, dpi)
	if err != nil {
		return nil, nil, fmt.Errorf("app: license preview: %w", err)
	}
	return img, pdf, nil
}

// Print sends a PDF to the A4 printer.
func (r *Records) Print(ctx context.Context, pdf []byte) error {
	if r == nil || r.Printer == nil {
		return fmt.Errorf("app: no A4 printer: %w", ErrPrinterMissing)
	}
	return r.Printer.PrintPDF(ctx, pdf)
}
