package journey

import (
	"context"

	"hallkiosk/app"
)

// BusyGuide is the 网办明白卡 printing (打印网办明白卡).
const BusyGuide Busy = "guide"

// MobileURL is the address that opens this service in the phone app
// (扫码手机办): the catalog's mobile_url, else the kiosk's app address
// (Deps.AppURL); "" when neither is known.
func (j *Apply) MobileURL() string {
	if j.item.MobileURL != "" {
		return j.item.MobileURL
	}
	return j.d.AppURL
}

// GuideState says where printing the 网办明白卡 stands, and its failure.
func (j *Apply) GuideState() (PrintState, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.guide, j.guideErr
}

// PrintGuide prints the service's 网办明白卡 (its phone steps, materials,
// time online and offline, and the QR code) in the background. It needs
// no citizen: the card holds nothing personal.
func (j *Apply) PrintGuide() {
	if j.d.PrintGuide == nil {
		j.mu.Lock()
		j.guide, j.guideErr = PrintFailed, app.ErrPrinterMissing
		j.mu.Unlock()
		return
	}
	j.mu.Lock()
	if j.running[BusyGuide] {
		j.mu.Unlock()
		return
	}
	j.guide, j.guideErr = PrintPrinting, nil
	j.mu.Unlock()
	j.run(BusyGuide, func(ctx context.Context) error {
		return j.d.PrintGuide(ctx, j.item, j.form, j.mats)
	}, func(err error) {
		j.mu.Lock()
		defer j.mu.Unlock()
		if err != nil {
			j.guide, j.guideErr = PrintFailed, err
			return
		}
		j.guide = PrintDone
	})
}

// Reward is the 网办有礼 gift the portal gave for this citizen's first
// online application, with whether it was their first; (false, nil)
// before the portal acknowledged it.
func (j *Apply) Reward() (first bool, title string) {
	sub := j.Submission()
	if sub == nil || !sub.Receipt.Acknowledged() {
		return false, ""
	}
	if sub.Receipt.Reward != nil {
		title = sub.Receipt.Reward.Title
	}
	return sub.Receipt.FirstOnline, title
}
