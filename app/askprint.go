package app

import (
	"context"

	"hallkiosk/app/receipts"
)

// PrintAnswer prints one answer of 智能客服 ("打印这条说明"): the FAQ's
// question and answer, the service it leads to and that service's QR code
// in the phone app (url, "" for none). Nothing of the citizen is printed.
func (p *Printing) PrintAnswer(ctx context.Context, question, answer, service, url string) error {
	if p == nil || p.Printer == nil {
		return ErrPrinterMissing
	}
	slip := receipts.AnswerSlip{HallName: p.HallName, Question: question, Answer: answer, Service: service, URL: url, Hotline: p.Hotline}
	return printError(p.Printer.Print(ctx, receipts.AnswerDoc(p.Printer.Width(), slip)))
}
