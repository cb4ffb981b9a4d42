package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"sync"
	"time"

	"hallkiosk/app/scan"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/pdfrender"
	"hallkiosk/internal/privacy"
)

// Errors of document capture.
var (
	// ErrNoPage reports a page number the material does not have.
	ErrNoPage = errors.New("app: no such page")
	// ErrTooManyPages reports a material at scan.MaxPages.
	ErrTooManyPages = errors.New("app: too many pages")
)

// Documents captures the citizen's paper materials with the document
// camera (高拍仪), page after page: each picture is cropped to the paper,
// straightened and fitted to A4 (app/scan), and the pages of a material
// are ONE PDF, kept in the citizen's data (CitizenData.Material) for the
// upload. Pages and PDFs live in memory only and go with the wipe.
type Documents struct {
	Session *Session
	Camera  camera.Camera
	// Timeout bounds one capture (default 10 s).
	Timeout time.Duration

	mu    sync.Mutex
	pages *pageStore
	seq   int // the session pages belongs to
}

// pageStore is one citizen's pages, by material code; the session's wipe
// zeroes them.
type pageStore struct {
	mu      sync.Mutex
	pages   map[string][][]byte
	renders map[string][]image.Image // the PDF's pages drawn back, for the screen
}

func (p *pageStore) Wipe() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for code, pp := range p.pages {
		for _, b := range pp {
			privacy.Wipe(b)
		}
		delete(p.pages, code)
	}
	for code, imgs := range p.renders {
		for _, img := range imgs {
			if rgba, ok := img.(*image.RGBA); ok {
				clear(rgba.Pix)
			}
		}
		delete(p.renders, code)
	}
}

// store is the current citizen's page store, made (and handed to their
// data's wipe) on the session's first use.
func (d *Documents) store() *pageStore {
	seq := d.Session.Snapshot().Seq
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pages == nil || d.seq != seq {
		d.pages = &pageStore{pages: map[string][][]byte{}, renders: map[string][]image.Image{}}
		d.seq = seq
		d.Session.Data().Keep(d.pages)
	}
	return d.pages
}

// Ready reports whether a capture can work now: camera.ErrNoCamera
// without a document camera or while it is unplugged.
func (d *Documents) Ready() error {
	if d == nil || d.Camera == nil || d.Camera.Status().State == "no_device" {
		return camera.ErrNoCamera
	}
	return nil
}

// Capture photographs the next page of the material code.
func (d *Documents) Capture(ctx context.Context, code string) error {
	return d.shoot(ctx, code, -1)
}

// Retake photographs page (from 0) of the material code again.
func (d *Documents) Retake(ctx context.Context, code string, page int) error {
	if page < 0 {
		return fmt.Errorf("%w: page %d", ErrNoPage, page+1)
	}
	return d.shoot(ctx, code, page)
}

// shoot takes a picture and makes it page (-1: a new last page).
func (d *Documents) shoot(ctx context.Context, code string, page int) error {
	if d == nil || d.Camera == nil {
		return camera.ErrNoCamera
	}
	if code == "" {
		return errors.New("app: capture: no material code")
	}
	st := d.store()
	if n := d.Pages(code); page >= n || page < -1 {
		return fmt.Errorf("%w: page %d of %d", ErrNoPage, page+1, n)
	} else if page < 0 && n >= scan.MaxPages {
		return fmt.Errorf("%w: %d", ErrTooManyPages, n)
	}
	timeout := d.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	shot, err := d.Camera.Snapshot(ctx)
	if err != nil {
		return fmt.Errorf("app: capture %s: %w", code, err)
	}
	prepared, _, err := scan.Page(shot)
	privacy.Wipe(shot)
	if err != nil {
		return fmt.Errorf("app: capture %s: %w", code, err)
	}
	st.mu.Lock()
	pp := st.pages[code]
	if page < 0 || page >= len(pp) {
		pp = append(pp, prepared)
	} else {
		privacy.Wipe(pp[page])
		pp[page] = prepared
	}
	st.pages[code] = pp
	st.mu.Unlock()
	return d.rebuild(code)
}

// DeletePage removes page (from 0) of the material code.
func (d *Documents) DeletePage(code string, page int) error {
	st := d.store()
	st.mu.Lock()
	pp := st.pages[code]
	if page < 0 || page >= len(pp) {
		st.mu.Unlock()
		return fmt.Errorf("%w: page %d of %d", ErrNoPage, page+1, len(pp))
	}
	privacy.Wipe(pp[page])
	st.pages[code] = append(pp[:page:page], pp[page+1:]...)
	st.mu.Unlock()
	return d.rebuild(code)
}

// Pages is how many pages the material code has.
func (d *Documents) Pages(code string) int {
	if d == nil {
		return 0
	}
	st := d.store()
	st.mu.Lock()
	defer st.mu.Unlock()
	return len(st.pages[code])
}

// rebuild makes the material's PDF again from its pages (the JPEGs go in
// unchanged: quick) and draws its pages back for the screen; no pages, no
// material.
func (d *Documents) rebuild(code string) error {
	st := d.store()
	st.mu.Lock()
	pp := append([][]byte(nil), st.pages[code]...)
	delete(st.renders, code)
	st.mu.Unlock()
	data := d.Session.Data()
	if len(pp) == 0 {
		data.SetMaterial(code, nil)
		return nil
	}
	pdf, err := scan.PDF(pp)
	if err != nil {
		return fmt.Errorf("app: material %s: %w", code, err)
	}
	data.SetMaterial(code, pdf)
	return nil
}

// PageImages are the material's PDF pages as MuPDF draws them (go-fitz),
// what will be uploaded, for the citizen to check; drawn once per change.
func (d *Documents) PageImages(code string) ([]image.Image, error) {
	if d == nil {
		return nil, nil
	}
	st := d.store()
	st.mu.Lock()
	imgs, ok := st.renders[code]
	st.mu.Unlock()
	if ok {
		return imgs, nil
	}
	pdf := d.Session.Data().Material(code)
	if pdf == nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, nil
	}
	doc, err := pdfrender.Open(pdf)
	if err != nil {
		return nil, fmt.Errorf("app: material %s: %w", code, err)
	}
	defer doc.Close()
	for i := 0; i < doc.Pages(); i++ {
		img, err := doc.Render(i, 24) // a thumbnail: A4 is 198x281 at 24 dpi
		if err != nil {
			return nil, fmt.Errorf("app: material %s page %d: %w", code, i+1, err)
		}
		imgs = append(imgs, img)
	}
	st.mu.Lock()
	st.renders[code] = imgs
	st.mu.Unlock()
	return imgs, nil
}

// Preview streams the document camera's picture for the screen, when the
// camera can (camera.Previewer); ErrNoCamera otherwise.
func (d *Documents) Preview(ctx context.Context, fps int) (<-chan image.Image, error) {
	if d == nil || d.Camera == nil {
		return nil, camera.ErrNoCamera
	}
	p, ok := d.Camera.(camera.Previewer)
	if !ok {
		return nil, camera.ErrNoCamera
	}
	return p.Preview(ctx, fps)
}
