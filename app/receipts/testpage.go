package receipts

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"time"

	"hallkiosk/devices/receipt"
)

// TestInfo is what the test page reports about the printer.
type TestInfo struct {
	// DeviceID is the kiosk's terminal id (no personal data).
	DeviceID string
	// Port is the printer's port.
	Port string
	// Time is when the page was made.
	Time time.Time
}

// TestPage exercises every feature of the builder on paper of width w:
// rulers for the column count, alignment, sizes, bold, Chinese text with
// rare name characters, a table, a QR code, a CODE128 barcode, a dithered
// image and the cut.
func TestPage(w receipt.Width, info TestInfo) *receipt.Doc {
	d := receipt.NewDoc(w).Init()
	title(d, "打印机自检页")
	d.Align(receipt.Center).Line("ESC/POS · GB18030 · 203 dpi")
	d.Align(receipt.Left).Rule('=')
	d.Pair("纸宽", fmt.Sprintf("%d mm · %d 点 · %d 列", int(w), w.Dots(), w.Columns()))
	if info.DeviceID != "" {
		d.Pair("终端", info.DeviceID)
	}
	if info.Port != "" {
		d.Pair("端口", info.Port)
	}
	if !info.Time.IsZero() {
		d.Pair("时间", info.Time.Format("2006-01-02 15:04:05"))
	}
	d.Rule('-')

	d.Line("列标尺（每个汉字占两列）")
	cols := w.Columns()
	var ruler strings.Builder
	for i := 1; i <= cols; i++ {
		ruler.WriteByte(byte('0' + i%10))
	}
	d.Line(ruler.String())
	d.Line(strings.Repeat("汉", cols/2))
	d.Rule('-')

	d.Line("对齐")
	d.Align(receipt.Left).Line("居左 Left")
	d.Align(receipt.Center).Line("居中 Center")
	d.Align(receipt.Right).Line("居右 Right")
	d.Align(receipt.Left).Rule('-')

	d.Line("字号与加粗")
	d.Size(2, 1).Line("倍宽 2x1")
	d.Size(1, 2).Line("倍高 1x2")
	d.Size(2, 2).Line("倍宽高 2x2")
	d.Size(1, 1).Bold(true).Line("加粗 Bold 0123456789").Bold(false)
	d.Rule('-')

	d.Line("中文与生僻字（GB18030）")
	d.Wrap("政务服务“一网通办”，让数据多跑路、群众少跑腿。")
	d.Line("生僻字：䶮 㛃 堃 喆 昇 燊 镕 犇")
	d.Rule('-')

	d.Line("表格")
	half := (cols - 1) / 2
	tcols := []receipt.Column{{Width: half}, {Width: cols - 1 - half, Align: receipt.Right}}
	d.Table(tcols, "事项", "份数")
	d.Table(tcols, "居民身份证换领申请", "1")
	d.Table(tcols, "社会保障卡补领（含照片采集）", "2")
	d.Rule('-')

	d.Line("二维码（QR，纠错等级 M）")
	qrBlock(d, w, "https://zwfw.example.gov.cn/selftest", "")
	d.Line("条码（CODE128）")
	d.Align(receipt.Center).LF().Code128("HK-TEST-0042").LF().Align(receipt.Left)
	d.Line("图像（Floyd–Steinberg 抖动）")
	d.Align(receipt.Center).Image(testImage(w.Dots() * 3 / 4)).Align(receipt.Left)
	d.Rule('=')
	d.Align(receipt.Center).Line("以下切纸 · 半切")
	return d.Feed(2).Cut(receipt.PartialCut)
}

// testImage is a grey ramp with a ring on it: the ramp shows the dither,
// the ring the resolution.
func testImage(w int) image.Image {
	h := w / 3
	img := image.NewGray(image.Rect(0, 0, w, h))
	cx, cy, r := float64(w)/2, float64(h)/2, float64(h)*0.4
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := uint8(255 * x / max(1, w-1))
			dist := math.Hypot(float64(x)-cx, float64(y)-cy)
			if math.Abs(dist-r) < 3 {
				v = 255 - v
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	return img
}
