package app

import (
	"context"
	"fmt"
	"strings"

	"hallkiosk/app/portal"
	"hallkiosk/app/receipts"
)

// MobileURL is the address that opens service it in the phone app (扫码手机办):
// the catalog's mobile_url, else the kiosk's app address.
func (p *Printing) MobileURL(it portal.ServiceItem) string {
	if it.MobileURL != "" {
		return it.MobileURL
	}
	return p.AppURL
}

// PhoneSteps are the steps of doing service it on the phone, as the
// 网办明白卡 prints them: open the app, fill the form, the face check,
// upload the materials, follow the progress.
func PhoneSteps(appName string, it portal.ServiceItem, form portal.Form, mats []portal.Material) []string {
	if appName == "" {
		appName = "政务服务App"
	}
	steps := []string{fmt.Sprintf("用手机扫描下方二维码，打开「%s」并实名登录", appName)}
	var labels []string
	for _, f := range form.Fields {
		if f.Prefill == "" {
			labels = append(labels, f.Label)
		}
	}
	switch {
	case len(labels) > 4:
		steps = append(steps, "填写"+strings.Join(labels[:4], "、")+"等信息")
	case len(labels) > 0:
		steps = append(steps, "填写"+strings.Join(labels, "、"))
	default:
		steps = append(steps, "核对自动带出的个人信息")
	}
	if it.RequiresFace {
		steps = append(steps, "按提示刷脸，核验本人")
	}
	upload := 0
	for _, m := range mats {
		if m.FromLicense == "" {
			upload++
		}
	}
	if upload > 0 {
		steps = append(steps, "拍照上传下面列出的材料")
	}
	return append(steps, "提交后在“我的办件”里查看进度和结果")
}

// GuideCardFor is the 网办明白卡 of service it: its phone steps, its
// materials, the time online and offline, and the QR code of the same
// service in the phone app.
func (p *Printing) GuideCardFor(it portal.ServiceItem, form portal.Form, mats []portal.Material) receipts.GuideCard {
	var names []string
	for _, m := range mats {
		n := m.Name
		if m.FromLicense != "" {
			n += "（电子证照自动调取）"
		} else if !m.Required {
			n += "（按情况提供）"
		}
		names = append(names, n)
	}
	return receipts.GuideCard{
		Service: it.Name, AppName: p.AppName, URL: p.MobileURL(it), Hotline: p.Hotline,
		Steps:     PhoneSteps(p.AppName, it, form, mats),
		Materials: names, Online: it.OnlineTimeLimit, Offline: it.OfflineTimeLimit, StepsSaved: it.StepsSaved,
	}
}

// PrintGuide prints the 网办明白卡 of service it ("打印网办明白卡" on the
// service and result screens). It needs no citizen: the card holds
// nothing personal.
func (p *Printing) PrintGuide(ctx context.Context, it portal.ServiceItem, form portal.Form, mats []portal.Material) error {
	if p == nil || p.Printer == nil {
		return ErrPrinterMissing
	}
	w := p.Printer.Width()
	return printError(p.Printer.Print(ctx, receipts.GuideCardDoc(w, p.GuideCardFor(it, form, mats))))
}

// CouponFor is the 网办有礼 coupon of a reward the portal gave.
func (p *Printing) CouponFor(r portal.Reward) receipts.Coupon {
	where := p.RewardDesk
	if where == "" {
		where = "网办优先窗口"
	}
	return receipts.Coupon{
		Gift: r.Title, Code: r.Code, ValidUntil: r.ValidUntil(), Where: where,
		Terms: "首次网上办事专享，每人限领一次。",
	}
}
