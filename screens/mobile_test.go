package screens

import (
	"context"
	"fmt"
	"image"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"hallkiosk/app"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
)

// rewardQueue acknowledges every submission as the citizen's first online
// one, with a gift.
type rewardQueue struct{ fakeQueue }

func (q *rewardQueue) Submit(ctx context.Context, within time.Duration, a portal.Application, mats ...outbox.Material) (outbox.Receipt, error) {
	r, err := q.fakeQueue.Submit(ctx, within, a, mats...)
	r.FirstOnline, r.Reward = true, &portal.Reward{Title: "环保购物袋一个", Code: "WBTEST1", ValidTo: "2026-12-31"}
	return r, err
}

// hasQR reports whether the screen on show has a QR code image.
func hasQR(k *testKiosk) bool {
	for _, o := range test.LaidOutObjects(k.ui.root) {
		if img, ok := o.(*canvas.Image); ok && img.ScaleMode == canvas.ImageScalePixels && img.Visible() {
			return true
		}
	}
	return false
}

// TestServiceShowsPhoneQR: the service detail shows the QR code of the same
// service in the phone app, says "用手机扫码，在家也能办", and offers the
// 网办明白卡; without a printer the citizen is told so (shown and spoken),
// not that it printed.
func TestServiceShowsPhoneQR(t *testing.T) {
	k := newTestKiosk(t)
	k.session.SetMode(app.Mode{Voice: true})
	showScreen(k, app.Screen{ID: app.ScreenService, Param: "BDC-0401"})
	if !strings.Contains(k.ui.view.Instruction, mobileLine) {
		t.Errorf("instruction %q lacks %q", k.ui.view.Instruction, mobileLine)
	}
	if !hasQR(k) {
		t.Error("no QR code on the service detail")
	}
	k.itemNamed(t, "打印网办明白卡").Activate()
	if !strings.Contains(k.lastSaid(), "不能打印明白卡") {
		t.Errorf("said %q after printing without a printer", k.lastSaid())
	}
	if strings.Contains(strings.Join(k.said(), "|"), "已打印") {
		t.Error("the kiosk said the card printed")
	}
}

// showRewardedResult submits 不动产 BDC-0401 as a first online application
// (the portal gives a reward) and shows its result.
func showRewardedResult(t *testing.T, k *testKiosk) {
	t.Helper()
	showScreen(k, app.Screen{ID: app.ScreenHome})
	prepare(t, k)
	sub := &app.Submitter{Session: k.session, Queue: &rewardQueue{}, DeviceID: "T"}
	it, _ := k.ui.deps.Catalog.Get("BDC-0401")
	if _, _, err := sub.Submit(context.Background(), it, k.ui.deps.Catalog.FormOf(it), nil); err != nil {
		t.Fatal(err)
	}
	showScreen(k, app.Screen{ID: app.ScreenResult, Param: "BDC-0401"})
}

// TestResultTellsReward: the result of a first online application says
// 网办有礼 and prints the coupon with the receipt; it shows the phone QR.
func TestResultTellsReward(t *testing.T) {
	k := newTestKiosk(t)
	k.session.SetMode(app.Mode{Voice: true})
	showRewardedResult(t, k)
	if !strings.Contains(k.ui.view.Instruction, "网办有礼") || !strings.Contains(k.ui.view.Instruction, "环保购物袋一个") {
		t.Errorf("instruction %q does not tell the reward", k.ui.view.Instruction)
	}
	k.itemNamed(t, "打印回执")
	k.itemNamed(t, "打印网办明白卡")
	if !hasQR(k) {
		t.Error("no QR code on the result")
	}
	if !strings.Contains(strings.Join(k.said(), "|"), mobileLine) {
		t.Errorf("never said %q: %v", mobileLine, k.said())
	}
}

// TestResultWithoutRewardSaysNothingOfIt: no reward, no word of one.
func TestResultWithoutRewardSaysNothingOfIt(t *testing.T) {
	k := newTestKiosk(t)
	showScreen(k, app.Screen{ID: app.ScreenHome})
	prepare(t, k)
	showScreen(k, app.Screen{ID: app.ScreenResult, Param: "BDC-0401"})
	if strings.Contains(k.ui.view.Instruction, "网办有礼") {
		t.Errorf("instruction %q tells a reward the portal did not give", k.ui.view.Instruction)
	}
	k.itemNamed(t, "打印回执")
}

// TestResultFitsBesideThePreview: with the phone's QR code and the demo
// printer's receipt beside it, the result page's note and buttons stay on
// the screen, wide and upright, in the standard look and in 长辈版 (its
// three buttons in a row spilled over the left edge of a wide screen).
func TestResultFitsBesideThePreview(t *testing.T) {
	for _, size := range []fyne.Size{fyne.NewSize(landscapeW, landscapeH), fyne.NewSize(portraitW, portraitH)} {
		for _, mode := range []app.Mode{{}, {Elder: true}} {
			k := newTestKioskSized(t, size)
			k.ui.deps.PrintReceipt = func(context.Context) error { return nil }
			k.ui.deps.Demo = &DemoControls{LatestReceipt: func() image.Image { return image.NewGray(image.Rect(0, 0, 576, 1000)) }}
			k.session.SetMode(mode)
			showRewardedResult(t, k)
			k.tap(t, "打印回执")
			if !hasQR(k) || !strings.Contains(k.ui.view.Instruction, "已受理") {
				t.Fatalf("not the result with its QR code: %q", k.ui.view.Instruction)
			}
			if !hasReceiptPreview(k) {
				t.Fatal("no receipt preview: the test would be blind")
			}
			requireAboveFooter(t, k, fmt.Sprintf("%.0fx%.0f elder=%v result", size.Width, size.Height, mode.Elder))
		}
	}
}

// hasReceiptPreview reports whether the screen on show has the demo
// printer's receipt beside it.
func hasReceiptPreview(k *testKiosk) bool {
	for _, o := range test.LaidOutObjects(k.ui.root) {
		if img, ok := o.(*canvas.Image); ok && img.FillMode == canvas.ImageFillContain && img.Visible() {
			return true
		}
	}
	return false
}
