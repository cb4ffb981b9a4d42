package receipts

import (
	"time"

	"hallkiosk/devices/receipt"
)

// Coupon is what a 网办有礼 coupon says: a small gift for a citizen who
// did the matter online at the kiosk.
type Coupon struct {
	// Title heads the coupon; default "网办有礼".
	Title string
	// Gift is what the citizen receives, e.g. "环保购物袋一个".
	Gift string
	// Code is the redemption code, printed as text and CODE128 barcode
	// (printable ASCII; the barcode is left out when too long for the
	// paper).
	Code string
	// ValidUntil is the last day the coupon is honoured; zero: no limit.
	ValidUntil time.Time
	// Where is where to collect the gift, e.g. "一楼网办体验区服务台".
	Where string
	// Terms is the small print; optional.
	Terms string
}

// CouponDoc lays out a 网办有礼 coupon on paper of width w.
func CouponDoc(w receipt.Width, c Coupon) *receipt.Doc {
	t := c.Title
	if t == "" {
		t = "网办有礼"
	}
	d := receipt.NewDoc(w).Init()
	d.Align(receipt.Left).Rule('*')
	title(d, t)
	d.Align(receipt.Center).Wrap("感谢您使用网上办事")
	d.Align(receipt.Left).Rule('*')
	if c.Gift != "" {
		d.Align(receipt.Center).Bold(true).Size(1, 2).Wrap(c.Gift).Size(1, 1).Bold(false)
	}
	if c.Code != "" {
		d.Align(receipt.Center).LF()
		if probe := receipt.NewDoc(w).Code128(c.Code); probe.Err() == nil {
			d.Code128(c.Code)
		} else {
			d.Wrap("兑换码：" + c.Code)
		}
		d.LF()
	}
	d.Align(receipt.Left)
	if !c.ValidUntil.IsZero() {
		d.Field("有效期至：", c.ValidUntil.Format("2006年01月02日"))
	}
	if c.Where != "" {
		d.Field("领取地点：", c.Where)
	}
	if c.Terms != "" {
		d.Rule('-').Wrap(c.Terms)
	}
	return d.Feed(2).Cut(receipt.PartialCut)
}
