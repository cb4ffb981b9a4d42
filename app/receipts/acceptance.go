package receipts

import (
	"time"

	"hallkiosk/devices/receipt"
	"hallkiosk/internal/privacy"
)

// Acceptance is what a 受理回执 says.
type Acceptance struct {
	// HallName heads the receipt (市政务服务中心); optional.
	HallName string
	// Service is the name of the matter applied for (事项名称).
	Service string
	// Number is the portal's 受理号, or the kiosk's offline 凭证号 when
	// Offline is true.
	Number string
	// Offline says the application waits in the outbox: Number is a
	// 凭证号 and the receipt says it will be submitted automatically.
	Offline bool
	// Name is the applicant's name; it is printed masked (张*丰).
	Name string
	// Time is when the application was accepted (or queued).
	Time time.Time
	// TimeLimit is the promised processing time, e.g. "5个工作日".
	TimeLimit string
	// ProgressURL is the progress page; the QR code carries it with the
	// number (see ProgressLink). Empty: no QR code.
	ProgressURL string
	// Hotline is the service hotline; default 12345.
	Hotline string
}

// AcceptanceReceipt lays out a 受理回执 on paper of width w.
func AcceptanceReceipt(w receipt.Width, a Acceptance) *receipt.Doc {
	d := receipt.NewDoc(w).Init()
	if a.HallName != "" {
		d.Align(receipt.Center).Wrap(a.HallName)
	}
	title(d, "受理回执")
	d.Align(receipt.Left).Rule('-')
	d.Field("办理事项：", a.Service)
	if a.Offline {
		d.Bold(true).Field("凭 证 号：", a.Number).Bold(false)
	} else {
		d.Bold(true).Field("受 理 号：", a.Number).Bold(false)
	}
	if a.Name != "" {
		d.Field("申 请 人：", privacy.MaskName(a.Name))
	}
	if !a.Time.IsZero() {
		label := "受理时间："
		if a.Offline {
			label = "提交时间："
		}
		d.Field(label, a.Time.Format("2006-01-02 15:04"))
	}
	if a.TimeLimit != "" {
		d.Field("承诺时限：", a.TimeLimit)
	}
	if a.Offline {
		d.Wrap("网络暂时中断，您的申请已保存在本机，恢复后将自动提交，请凭此凭证号查询进度。")
	}
	d.Rule('-')
	qrBlock(d, w, ProgressLink(a.ProgressURL, a.Number), "微信或手机扫码，查询办理进度")
	d.Rule('-')
	d.Wrap("政务服务便民热线：" + hotline(a.Hotline))
	d.Align(receipt.Center).Bold(true).Size(1, 2).Wrap("请带走您的身份证").Size(1, 1).Bold(false)
	return d.Feed(2).Cut(receipt.PartialCut)
}
