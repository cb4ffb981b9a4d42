// Package pdfrender turns PDF pages into images with MuPDF (through
// github.com/gen2brain/go-fitz, statically linked): a page at a given DPI
// for the on-screen preview of an 电子证照 or a 受理回执 from the portal,
// and a page exactly as wide as a thermal printer's dots (576 or 384) in
// gray, ready for receipt.DitherGray and GS v 0.
//
// PDFs come from outside the kiosk, so every entry point is guarded: the
// bytes must carry a %PDF- header and stay under MaxBytes, a page must
// have a sane size and fit MaxPixels at the asked DPI, a password-protected
// PDF fails with ErrEncrypted and anything MuPDF cannot read with
// ErrCorrupt. go-fitz wraps MuPDF's own exception handling (fz_try) around
// opening, loading and running a page; a Go panic in the wrapper is
// recovered and returned as ErrCorrupt. A crash inside the C library
// itself cannot be recovered in-process; the checks above keep MuPDF on
// its well-trodden paths (see the corrupt-PDF tests).
//
// A Doc is safe for concurrent use (calls are serialised) but rendering is
// CPU-bound: render on a worker goroutine, not the UI thread.
package pdfrender
