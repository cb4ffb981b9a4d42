package receipts

import (
	"strings"

	"hallkiosk/devices/receipt"
)

// AnswerSlip is what "打印这条说明" prints: one answer of 智能客服, the
// service it leads to, and the QR code of that service in the phone app.
// It holds nothing of the citizen (not even their question as typed).
type AnswerSlip struct {
	HallName string
	Question string // the FAQ's question, not the citizen's words
	Answer   string
	Service  string // the service's name, "" for none
	URL      string // the service in the phone app, "" for none
	Hotline  string
}

// AnswerDoc lays out an answer slip on paper of width w.
func AnswerDoc(w receipt.Width, a AnswerSlip) *receipt.Doc {
	d := receipt.NewDoc(w).Init()
	title(d, "办事说明")
	if a.HallName != "" {
		d.Align(receipt.Center).Wrap(a.HallName)
	}
	d.Align(receipt.Left).Rule('-')
	d.Bold(true).Wrap("问：" + a.Question).Bold(false)
	for i, line := range strings.Split(a.Answer, "\n") {
		if i == 0 {
			line = "答：" + line
		}
		d.Wrap(line)
	}
	if a.Service != "" {
		d.Rule('-')
		d.Field("办理事项：", a.Service)
		d.Wrap("可以在大厅自助机上直接办理。")
	}
	if a.URL != "" {
		d.Rule('-')
		qrBlock(d, w, a.URL, "用手机扫码，在家也能办")
	}
	d.Rule('-')
	d.Wrap("还有疑问？到网办优先窗口问工作人员，或拨打政务服务便民热线 " + hotline(a.Hotline))
	return d.Feed(2).Cut(receipt.PartialCut)
}
