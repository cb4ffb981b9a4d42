package receipts

import (
	"fmt"

	"hallkiosk/devices/receipt"
)

// GuideCard is what a 网办明白卡 says: how to do this service on the phone
// next time, in three steps.
type GuideCard struct {
	// Service is the matter (事项名称).
	Service string
	// AppName is the mobile app or mini program, e.g. "粤省事"; default
	// "政务服务App".
	AppName string
	// Steps are the three steps on the phone. Fewer than three: the
	// missing ones are filled with the usual steps.
	Steps []string
	// URL is what the QR code opens: the app download or the service page.
	URL string
	// Hotline is the service hotline; default 12345.
	Hotline string
	// Materials are the documents to have ready (names); optional.
	Materials []string
	// Online and Offline are the time limits online and at the window
	// (e.g. "1小时", "3个工作日"); printed side by side when both are set.
	Online, Offline string
	// StepsSaved is how many trips online saves; 0 leaves it out.
	StepsSaved int
}

// DefaultSteps are the usual three steps for app.
func DefaultSteps(app, service string) []string {
	return []string{
		fmt.Sprintf("扫描下方二维码，打开「%s」并实名登录", app),
		fmt.Sprintf("搜索“%s”，按提示填写并上传材料", service),
		"提交后在“我的办件”里查看进度和结果",
	}
}

// GuideCardDoc lays out a 网办明白卡 on paper of width w.
func GuideCardDoc(w receipt.Width, g GuideCard) *receipt.Doc {
	app := g.AppName
	if app == "" {
		app = "政务服务App"
	}
	steps := DefaultSteps(app, g.Service)
	if len(g.Steps) > len(steps) {
		steps = g.Steps
	} else {
		copy(steps, g.Steps)
	}
	d := receipt.NewDoc(w).Init()
	title(d, "网办明白卡")
	d.Align(receipt.Center).Wrap("下次在手机上办，不用跑大厅")
	d.Align(receipt.Left).Rule('-')
	d.Bold(true).Field("办理事项：", g.Service).Bold(false)
	if g.Online != "" && g.Offline != "" {
		d.Field("网上办理：", g.Online)
		d.Field("线下办理：", g.Offline)
		if g.StepsSaved > 0 {
			d.Field("少跑腿：", fmt.Sprintf("%d 趟", g.StepsSaved))
		}
	}
	d.Rule('-')
	for i, s := range steps {
		d.Field(fmt.Sprintf("第%s步 ", stepNumber(i+1)), s)
	}
	if len(g.Materials) > 0 {
		d.Rule('-').Bold(true).Wrap("准备好这些材料（手机拍照上传）：").Bold(false)
		for i, m := range g.Materials {
			d.Wrap(fmt.Sprintf("%d. %s", i+1, m))
		}
	}
	d.Rule('-')
	qrBlock(d, w, g.URL, "扫码打开「"+app+"」")
	d.Rule('-')
	d.Wrap("不会操作？到网办优先窗口，工作人员帮您办。")
	d.Wrap("政务服务便民热线 " + hotline(g.Hotline))
	return d.Feed(2).Cut(receipt.PartialCut)
}

// stepNumber is n in Chinese numerals (一 … 十, then digits).
func stepNumber(n int) string {
	if n >= 1 && n <= 10 {
		return []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}[n-1]
	}
	return fmt.Sprint(n)
}
