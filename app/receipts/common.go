package receipts

import (
	"net/url"
	"strings"

	"hallkiosk/devices/receipt"
)

// DefaultHotline is the government service hotline printed when none is
// configured.
const DefaultHotline = "12345"

// qrSize picks the QR module size for the paper: large enough to scan from
// a phone at arm's length, small enough to leave margins.
func qrSize(w receipt.Width, data string) int {
	size := 6
	if w == receipt.W58 {
		size = 5
	}
	for size > 2 && receipt.QRModules(len(data))*size > w.Dots()*3/4 {
		size--
	}
	return size
}

// ProgressLink is the address the 受理回执's QR code carries: the progress
// page with the receipt number as the "no" query parameter.
func ProgressLink(base, number string) string {
	if base == "" {
		return ""
	}
	u, err := url.Parse(base)
	if err != nil {
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		return base + sep + "no=" + url.QueryEscape(number)
	}
	q := u.Query()
	q.Set("no", number)
	u.RawQuery = q.Encode()
	return u.String()
}

// title prints a centred, double-size, bold heading.
func title(d *receipt.Doc, s string) {
	d.Align(receipt.Center).Bold(true).Size(2, 2).Wrap(s).Size(1, 1).Bold(false)
}

// qrBlock prints a centred QR code with a caption under it and blank lines
// around it for its quiet zone.
func qrBlock(d *receipt.Doc, w receipt.Width, data, caption string) {
	if data == "" {
		return
	}
	d.Align(receipt.Center).LF().QR(data, qrSize(w, data)).LF()
	if caption != "" {
		d.Wrap(caption)
	}
	d.Align(receipt.Left)
}

func hotline(h string) string {
	if h == "" {
		return DefaultHotline
	}
	return h
}
