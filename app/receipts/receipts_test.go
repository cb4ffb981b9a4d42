package receipts

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
	"golang.org/x/text/encoding/simplifiedchinese"

	"hallkiosk/devices/receipt"
	"hallkiosk/devices/receipt/receiptsim"
)

// pngDir is where the simulator writes receipts: a temp dir, or
// $RECEIPTS_PNG_DIR to look at them.
func pngDir(t *testing.T) string {
	if d := os.Getenv("RECEIPTS_PNG_DIR"); d != "" {
		return d
	}
	return t.TempDir()
}

// printOnSim prints d on a simulated printer of width w and returns the
// receipt that came out.
func printOnSim(t *testing.T, w receipt.Width, d *receipt.Doc) receiptsim.Printed {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sim, err := receiptsim.Start(ctx, filepath.Join(t.TempDir(), "ttyRCPT"), receiptsim.Options{Width: w, Dir: pngDir(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	p, err := receipt.Open(ctx, sim.Port(), receipt.Opts{Width: w})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.Print(ctx, d); err != nil {
		t.Fatal(err)
	}
	pr, err := sim.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !pr.Cut || len(pr.Missing) > 0 {
		t.Fatalf("receipt cut=%v missing=%v", pr.Cut, pr.Missing)
	}
	return pr
}

func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code found on the receipt: %v", err)
	}
	return res.GetText()
}

func sampleAcceptance() Acceptance {
	return Acceptance{
		HallName:    "市政务服务中心 · 网上办体验区",
		Service:     "城乡居民基本养老保险参保登记",
		Number:      "SL2025030100123",
		Name:        "欧阳䶮㛃",
		Time:        time.Date(2025, 3, 1, 9, 30, 0, 0, time.Local),
		TimeLimit:   "5个工作日",
		ProgressURL: "https://zwfw.example.gov.cn/progress",
		Hotline:     "12345",
	}
}

// TestAcceptanceRoundTrip: 受理回执 → simulator PNG → QR decoded from the
// picture → the progress link that was encoded.
func TestAcceptanceRoundTrip(t *testing.T) {
	for _, w := range []receipt.Width{receipt.W80, receipt.W58} {
		t.Run(w.String(), func(t *testing.T) {
			a := sampleAcceptance()
			d := AcceptanceReceipt(w, a)
			if err := d.Err(); err != nil {
				t.Fatal(err)
			}
			if len(d.Replaced()) > 0 {
				t.Errorf("replaced characters: %v", d.Replaced())
			}
			pr := printOnSim(t, w, d)
			want := "https://zwfw.example.gov.cn/progress?no=SL2025030100123"
			if got := decodeQR(t, pr.Image); got != want {
				t.Errorf("QR = %q, want %q", got, want)
			}
			if pr.Image.Bounds().Dx() != w.PaperDots() {
				t.Errorf("paper %d dots wide, want %d", pr.Image.Bounds().Dx(), w.PaperDots())
			}
		})
	}
}

// TestAcceptanceMasksName: the full name never goes to the printer.
func TestAcceptanceMasksName(t *testing.T) {
	for _, a := range []Acceptance{sampleAcceptance(), {Service: "x", Number: "1", Name: "张三丰"}, {Service: "x", Number: "1", Name: "JOHN SMITH"}} {
		text := decode(t, AcceptanceReceipt(receipt.W80, a))
		if strings.Contains(text, a.Name) {
			t.Errorf("full name %q printed", a.Name)
		}
	}
	text := decode(t, AcceptanceReceipt(receipt.W80, sampleAcceptance()))
	for _, want := range []string{"欧**㛃", "SL2025030100123", "受理回执", "5个工作日", "12345", "请带走您的身份证", "2025-03-01 09:30"} {
		if !strings.Contains(text, want) {
			t.Errorf("receipt lacks %q", want)
		}
	}
}

func TestAcceptanceOffline(t *testing.T) {
	a := sampleAcceptance()
	a.Offline, a.Number = true, "LX-HALL01-0007"
	text := decode(t, AcceptanceReceipt(receipt.W58, a))
	for _, want := range []string{"凭 证 号", "LX-HALL01-0007", "自动提交"} {
		if !strings.Contains(text, want) {
			t.Errorf("offline receipt lacks %q", want)
		}
	}
	if strings.Contains(text, "受 理 号") {
		t.Error("offline receipt calls its voucher a 受理号")
	}
}

// decode returns the text of a document (GB18030 decoded, commands kept
// as noise), good enough for Contains checks.
func decode(t *testing.T, d *receipt.Doc) string {
	t.Helper()
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(d.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\n", "")
}

func TestGuideCard(t *testing.T) {
	g := GuideCard{Service: "城乡居民基本养老保险参保登记", AppName: "粤省事", URL: "https://zwfw.example.gov.cn/app"}
	for _, w := range []receipt.Width{receipt.W80, receipt.W58} {
		pr := printOnSim(t, w, GuideCardDoc(w, g))
		if got := decodeQR(t, pr.Image); got != g.URL {
			t.Errorf("%s: QR = %q", w, got)
		}
	}
	text := decode(t, GuideCardDoc(receipt.W80, g))
	for _, want := range []string{"网办明白卡", "第一步", "第二步", "第三步", "粤省事"} {
		if !strings.Contains(text, want) {
			t.Errorf("guide card lacks %q", want)
		}
	}
}

func TestCoupon(t *testing.T) {
	c := Coupon{Gift: "环保购物袋一个", Code: "WB20250301", ValidUntil: time.Date(2025, 3, 31, 0, 0, 0, 0, time.Local), Where: "一楼网办体验区服务台", Terms: "每人限领一次，以实物为准。"}
	pr := printOnSim(t, receipt.W58, CouponDoc(receipt.W58, c))
	bmp, err := gozxing.NewBinaryBitmapFromImage(pr.Image)
	if err != nil {
		t.Fatal(err)
	}
	res, err := oned.NewCode128Reader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no barcode on the coupon: %v", err)
	}
	if res.GetText() != c.Code {
		t.Errorf("barcode = %q, want %q", res.GetText(), c.Code)
	}
	// A code too long for a barcode is still printed as text.
	long := c
	long.Code = strings.Repeat("X", 40)
	if text := decode(t, CouponDoc(receipt.W58, long)); !strings.Contains(text, long.Code) {
		t.Error("long code not printed as text")
	}
}

func TestTestPage(t *testing.T) {
	for _, w := range []receipt.Width{receipt.W80, receipt.W58} {
		t.Run(w.String(), func(t *testing.T) {
			d := TestPage(w, TestInfo{DeviceID: "HALL-DEMO-01", Port: "/dev/hallkiosk-receipt", Time: time.Date(2025, 3, 1, 9, 30, 0, 0, time.Local)})
			if err := d.Err(); err != nil {
				t.Fatal(err)
			}
			if len(d.Replaced()) > 0 {
				t.Errorf("replaced: %v", d.Replaced())
			}
			pr := printOnSim(t, w, d)
			if got := decodeQR(t, pr.Image); got != "https://zwfw.example.gov.cn/selftest" {
				t.Errorf("QR = %q", got)
			}
		})
	}
}

func TestProgressLink(t *testing.T) {
	tests := map[[2]string]string{
		{"https://a.example/progress", "SL 1"}: "https://a.example/progress?no=SL+1",
		{"https://a.example/p?x=1", "A1"}:      "https://a.example/p?no=A1&x=1",
		{"", "A1"}:                             "",
		{"https://a.example/p#frag", "A/1"}:    "https://a.example/p?no=A%2F1#frag",
	}
	for in, want := range tests {
		if got := ProgressLink(in[0], in[1]); got != want {
			t.Errorf("ProgressLink(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
}

// BenchmarkAcceptanceBuild measures laying out a 受理回执 and reports the
// bytes it sends.
func BenchmarkAcceptanceBuild(b *testing.B) {
	a := sampleAcceptance()
	var n int
	for b.Loop() {
		d := AcceptanceReceipt(receipt.W80, a)
		n = d.Len()
	}
	b.ReportMetric(float64(n), "bytes/receipt")
}

func TestPageDoc(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 1000, 400)) // black, wider than the paper
	d := PageDoc(receipt.W58, "电子证照", img)
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	pr := printOnSim(t, receipt.W58, d)
	if pr.Image.Bounds().Dy() < 384*400/1000 {
		t.Errorf("receipt %v too short for the page", pr.Image.Bounds())
	}
}

// TestGuideCardFull: a 网办明白卡 with its steps, materials and times, read
// back from what the simulated printer received (text and QR).
func TestGuideCardFull(t *testing.T) {
	g := GuideCard{Service: "不动产登记信息查询", URL: "https://zwfw.example.gov.cn/m/item/BDC-0401",
		Steps:     []string{"扫码登录", "填写查询目的", "刷脸核验本人", "拍照上传材料", "查看进度"},
		Materials: []string{"身份证", "授权委托书（按情况提供）"}, Online: "即时办结", Offline: "3个工作日", StepsSaved: 2}
	for _, w := range []receipt.Width{receipt.W80, receipt.W58} {
		pr := printOnSim(t, w, GuideCardDoc(w, g))
		if got := decodeQR(t, pr.Image); got != g.URL {
			t.Errorf("%s: QR = %q", w, got)
		}
		text := strings.ReplaceAll(pr.Text, "\n", "")
		for _, want := range []string{"网办明白卡", "第五步", "刷脸核验本人", "授权委托书", "即时办结", "3个工作日", "2 趟", "12345"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: card lacks %q:\n%s", w, want, pr.Text)
			}
		}
	}
}
