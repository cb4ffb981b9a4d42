package receipts

import (
	"image"

	"hallkiosk/devices/receipt"
)

// PageDoc prints an image across the paper under an optional caption: a
// PDF page from the portal (an 电子证照 or the portal's own 受理回执)
// rendered with pdfrender.Thermal at the printer's width, or any picture.
// Wider images are scaled down to the paper; all are dithered.
func PageDoc(w receipt.Width, caption string, page image.Image) *receipt.Doc {
	d := receipt.NewDoc(w).Init()
	if caption != "" {
		d.Align(receipt.Center).Bold(true).Wrap(caption).Bold(false)
	}
	d.Align(receipt.Center).Image(page)
	return d.Feed(2).Cut(receipt.PartialCut)
}
