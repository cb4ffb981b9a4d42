package kiosk

import (
	"context"
	"image"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"

	"hallkiosk/app/journey"
	"hallkiosk/devices/receipt/receiptsim"
)

// applyBDC carries 不动产登记信息查询 for the card in the session from the
// card to the printed receipts and returns the submission's journey.
func applyBDC(t *testing.T, k *demoKiosk, card int) *journey.Apply {
	t.Helper()
	k.Session.Start()
	j, err := k.Journeys.Apply("BDC-0401")
	if err != nil {
		t.Fatal(err)
	}
	j.Begin()
	k.demo.PlaceCard(card)
	k.waitFor(t, "the card", func() bool { return k.Session.Data().Card() != nil })
	j.CardConfirmed()
	// BDC-0401 needs the face check (the demo's fake camera and portal).
	k.waitFor(t, "the face step", func() bool { return j.Current().Kind == journey.StepFace })
	j.Verify()
	k.waitFor(t, "the face check", func() bool { return j.Current().Kind == journey.StepField })
	for i := range j.Asked() {
		f, _ := j.Field(i)
		if len(f.Options) > 0 {
			j.SetValue(f, f.Options[0])
		} else {
			j.SetValue(f, "个人了解")
		}
		if fe := j.Next(i); fe != nil {
			t.Fatal(fe)
		}
	}
	j.Submit()
	k.waitFor(t, "the result", func() bool { return j.Current().Kind == journey.StepResult })
	if sub := j.Submission(); sub == nil || !sub.Receipt.Acknowledged() {
		t.Fatalf("submission %+v (%v)", sub, j.Err())
	}
	return j
}

// printAll prints the citizen's receipts and returns what came out of the
// simulated printer, in order.
func printAll(t *testing.T, k *demoKiosk, j *journey.Apply, want int) []receiptsim.Printed {
	t.Helper()
	j.Print()
	k.waitFor(t, "the receipts", func() bool { st, _ := j.PrintState(); return st != journey.PrintPrinting })
	if st, err := j.PrintState(); st != journey.PrintDone {
		t.Fatalf("print %s: %v", st, err)
	}
	var out []receiptsim.Printed
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for len(out) < want {
		select {
		case p := <-k.demo.Printer.Printed():
			out = append(out, p)
		case <-ctx.Done():
			t.Fatalf("%d receipts came out, want %d", len(out), want)
		}
	}
	select {
	case p := <-k.demo.Printer.Printed():
		t.Fatalf("an extra receipt came out: %q", p.Text)
	case <-time.After(200 * time.Millisecond):
	}
	return out
}

func readQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code on the receipt: %v", err)
	}
	return res.GetText()
}

func flat(s string) string { return strings.ReplaceAll(s, "\n", "") }

// TestFirstOnlineReward: 网办有礼 end to end against the portal simulator.
// The citizen's first online application comes back first_online with a
// reward: the result says so, a coupon prints (read back from the
// simulated printer: its text and its barcode), the figures count it. The
// same citizen's second application gets no reward and no coupon. Nothing
// personal is kept in the clear.
func TestFirstOnlineReward(t *testing.T) {
	k := startDemoKiosk(t)
	j := applyBDC(t, k, 0)
	r := j.Submission().Receipt
	if !r.FirstOnline || r.Reward == nil || r.Reward.Code == "" || r.Reward.Title == "" {
		t.Fatalf("first application: first_online=%v reward=%+v", r.FirstOnline, r.Reward)
	}
	if first, title := j.Reward(); !first || title != r.Reward.Title {
		t.Errorf("journey reward %v %q", first, title)
	}
	out := printAll(t, k, j, 3)
	coupon, guide, acceptance := out[0], out[1], out[2]
	for _, want := range []string{"网办有礼", r.Reward.Title, "有效期至", "领取地点"} {
		if !strings.Contains(flat(coupon.Text), want) {
			t.Errorf("coupon lacks %q:\n%s", want, coupon.Text)
		}
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(coupon.Image)
	if res, err := oned.NewCode128Reader().Decode(bmp, nil); err != nil || res.GetText() != r.Reward.Code {
		t.Errorf("coupon barcode %v %v, want %q", res, err, r.Reward.Code)
	}
	if !strings.Contains(flat(guide.Text), "网办明白卡") || !strings.Contains(flat(acceptance.Text), "受理回执") {
		t.Errorf("receipts out of order:\n%s\n---\n%s", guide.Text, acceptance.Text)
	}
	it, _ := k.Catalog.Get("BDC-0401")
	if got := readQR(t, guide.Image); got != it.MobileURL {
		t.Errorf("明白卡 QR %q, want %q", got, it.MobileURL)
	}
	if n := k.Figures.FirstOnlineCount(); n != 1 {
		t.Errorf("figures count %d first online applications, want 1", n)
	}
	k.Session.Finish()

	j = applyBDC(t, k, 0)
	r = j.Submission().Receipt
	if r.FirstOnline || r.Reward != nil {
		t.Fatalf("second application: first_online=%v reward=%+v", r.FirstOnline, r.Reward)
	}
	if first, _ := j.Reward(); first {
		t.Error("the journey tells of a reward on the second application")
	}
	out = printAll(t, k, j, 2)
	for _, p := range out {
		if strings.Contains(p.Text, "网办有礼") {
			t.Errorf("a coupon printed for the second application:\n%s", p.Text)
		}
	}
	if n := k.Figures.FirstOnlineCount(); n != 1 {
		t.Errorf("figures count %d first online applications, want 1", n)
	}
	k.Session.Finish()
	k.Outbox.Drain(context.Background(), false)
	card := DemoCards()[0]
	k.checkNoLeak(t, card.Name, card.IDNumber, card.Address)
}
