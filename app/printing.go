package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"hallkiosk/app/portal"
	"hallkiosk/app/receipts"
	"hallkiosk/devices"
	"hallkiosk/devices/a4"
	"hallkiosk/devices/pdfrender"
	"hallkiosk/devices/receipt"
)

// ReceiptPrinter is what the kiosk needs of the receipt printer;
// *receipt.Printer has it.
type ReceiptPrinter interface {
	Print(ctx context.Context, d *receipt.Doc) error
	Width() receipt.Width
	DeviceStatus() devices.Status
}

var _ ReceiptPrinter = (*receipt.Printer)(nil)

// Printing problems, for the screens to put into words. Printer errors
// are wrapped so errors.Is finds one of these.
var (
	ErrPrinterPaper   = errors.New("app: printer out of paper")
	ErrPrinterCover   = errors.New("app: printer cover open")
	ErrPrinterMissing = errors.New("app: no printer")
	ErrPrinterBroken  = errors.New("app: printer fault")
	ErrNothingToPrint = errors.New("app: nothing to print")
)

// Printing prints what the citizen takes away: the 受理回执 and the
// 网办明白卡 for doing it on the phone next time.
type Printing struct {
	Session     *Session
	Printer     ReceiptPrinter
	HallName    string
	ProgressURL string
	AppURL      string
	AppName     string
	Hotline     string
	// RewardDesk is where a 网办有礼 gift is collected (default 网办优先窗口).
	RewardDesk string
	// Catalog, if set, gives a submitted service's form and materials for
	// its 网办明白卡.
	Catalog interface {
		FormOf(it portal.ServiceItem) portal.Form
		MaterialsOf(it portal.ServiceItem) []portal.Material
	}

	lastMu sync.Mutex
	last   *receipt.Doc // the last 受理回执 made, for staff to reprint
}

// ReprintLast prints the last 受理回执 again (the staff menu's 重打回执,
// for a citizen whose receipt jammed or ran out of paper). It is kept as
// printed, with the name masked, and replaced by the next one; the
// 网办有礼 coupon is never printed twice.
func (p *Printing) ReprintLast(ctx context.Context) error {
	p.lastMu.Lock()
	d := p.last
	p.lastMu.Unlock()
	if d == nil {
		return ErrNothingToPrint
	}
	if p.Printer == nil {
		return ErrPrinterMissing
	}
	return printError(p.Printer.Print(ctx, d))
}

// PrintTestPage prints the printer's test page (the staff menu's test
// button); it carries the terminal's id and no personal data.
func (p *Printing) PrintTestPage(ctx context.Context, deviceID string) error {
	if p.Printer == nil {
		return ErrPrinterMissing
	}
	return printError(p.Printer.Print(ctx, receipts.TestPage(p.Printer.Width(), receipts.TestInfo{DeviceID: deviceID, Time: time.Now()})))
}

// PrintReceipt prints the current citizen's 受理回执 and 网办明白卡, and the
// 网办有礼 coupon when the portal gave one for a first online application.
// The printer's status is checked before anything is sent: without paper
// nothing is printed and the error says why.
func (p *Printing) PrintReceipt(ctx context.Context) error {
	data := p.Session.Data()
	sub := data.Submission()
	if sub == nil {
		return ErrNothingToPrint
	}
	if p.Printer == nil {
		return ErrPrinterMissing
	}
	r := sub.Receipt
	acc := receipts.Acceptance{
		HallName:    p.HallName,
		Service:     sub.Service.Name,
		Number:      r.ApplicationID,
		Offline:     !r.Acknowledged(),
		Time:        sub.At,
		TimeLimit:   sub.Service.OnlineTimeLimit,
		ProgressURL: p.ProgressURL,
		Hotline:     p.Hotline,
	}
	if acc.Offline {
		acc.Number = r.Voucher
	}
	if c := data.Card(); c != nil {
		acc.Name = c.DisplayName() // masked by the template
	}
	w := p.Printer.Width()
	form, mats := sub.Service.Form, sub.Service.Materials
	if p.Catalog != nil {
		form, mats = p.Catalog.FormOf(sub.Service), p.Catalog.MaterialsOf(sub.Service)
	}
	guide := p.GuideCardFor(sub.Service, form, mats)
	// The coupon and the 明白卡 first, so the 受理回执 lies on top in the
	// tray.
	if rw := r.Reward; rw != nil && r.Acknowledged() {
		if err := p.Printer.Print(ctx, receipts.CouponDoc(w, p.CouponFor(*rw))); err != nil {
			return printError(err)
		}
	}
	if err := p.Printer.Print(ctx, receipts.GuideCardDoc(w, guide)); err != nil {
		return printError(err)
	}
	doc := receipts.AcceptanceReceipt(w, acc)
	p.lastMu.Lock()
	p.last = doc
	p.lastMu.Unlock()
	return printError(p.Printer.Print(ctx, doc))
}

// PrintPDFPage prints the first page of a PDF on the receipt paper, scaled
// to the paper width (the demo's stand-in for an A4 printer).
func (p *Printing) PrintPDFPage(ctx context.Context, caption string, pdf []byte) error {
	if p.Printer == nil {
		return ErrPrinterMissing
	}
	dots := 576
	if p.Printer.Width() == receipt.W58 {
		dots = 384
	}
	img, err := pdfrender.Thermal(pdf, 0, dots)
	if err != nil {
		return fmt.Errorf("app: print page: %w", err)
	}
	return printError(p.Printer.Print(ctx, receipts.PageDoc(p.Printer.Width(), caption, img)))
}

// printError maps device errors to the kiosk's printing problems.
func printError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, receipt.ErrPaperOut):
		return fmt.Errorf("%w: %w", ErrPrinterPaper, err)
	case errors.Is(err, receipt.ErrCoverOpen):
		return fmt.Errorf("%w: %w", ErrPrinterCover, err)
	case errors.Is(err, receipt.ErrNoDevice), errors.Is(err, receipt.ErrNoReply), errors.Is(err, receipt.ErrOffline),
		errors.Is(err, receipt.ErrNoSensibleAnswer),
		errors.Is(err, a4.ErrNoQueue), errors.Is(err, a4.ErrNoPrinter), errors.Is(err, a4.ErrCUPSDown),
		errors.Is(err, a4.ErrStopped), errors.Is(err, a4.ErrRejecting):
		return fmt.Errorf("%w: %w", ErrPrinterMissing, err)
	}
	return fmt.Errorf("%w: %w", ErrPrinterBroken, err)
}

// A4Printer prints PDFs through CUPS; *a4.Printer adapted.
type A4Printer struct {
	Printer *a4.Printer
}

// PrintPDF prints pdf and waits for CUPS to finish it.
func (p A4Printer) PrintPDF(ctx context.Context, pdf []byte) error {
	if p.Printer == nil {
		return printError(a4.ErrNoPrinter)
	}
	_, err := p.Printer.PrintPDF(ctx, pdf, a4.JobOpts{Title: "hallkiosk"})
	return printError(err)
}

// ReceiptPaperA4 prints "A4" documents on the receipt printer instead, for
// terminals (and the demo) without an A4 printer.
type ReceiptPaperA4 struct {
	Printing *Printing
}

// PrintPDF prints the PDF's first page on receipt paper.
func (p ReceiptPaperA4) PrintPDF(ctx context.Context, pdf []byte) error {
	return p.Printing.PrintPDFPage(ctx, "电子证照（打印件）", pdf)
}
