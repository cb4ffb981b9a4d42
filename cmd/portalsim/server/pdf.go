package server

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"hallkiosk/app/portal"
	"hallkiosk/internal/privacy"
)

// fontCache loads the PDF font once.
type fontCache struct {
	path string
	once sync.Once
	data []byte
	err  error
}

func (f *fontCache) load() ([]byte, error) {
	f.once.Do(func() {
		f.data, f.err = os.ReadFile(f.path)
		if f.err != nil {
			f.err = fmt.Errorf("portalsim: PDF font %s: %w (install Debian package fonts-droid-fallback or pass --font)", f.path, f.err)
		}
	})
	return f.data, f.err
}

// pdfReply renders a PDF with the loaded font.
func (s *Server) pdfReply(render func(font []byte) ([]byte, error)) reply {
	font, err := s.font.load()
	if err != nil {
		s.log.Error("pdf font missing", "err", err)
		return errReply(http.StatusInternalServerError, "pdf_font_missing", err.Error())
	}
	b, err := render(font)
	if err != nil {
		s.log.Error("render pdf", "err", err)
		return errReply(http.StatusInternalServerError, "pdf_error", "could not render the PDF")
	}
	return reply{status: http.StatusOK, contentType: portal.ContentPDF, body: b}
}

// cst returns China Standard Time, the zone printed on documents.
func cst() *time.Location { return time.FixedZone("CST", 8*3600) }

// rgb is a colour as 0xRRGGBB.
type rgb uint32

// Colours of the documents.
const (
	red   rgb = 0xC8102E
	ink   rgb = 0x1E1E1E
	grey  rgb = 0x787878
	brown rgb = 0x966E28
)

func (c rgb) parts() (int, int, int) { return int(c >> 16 & 0xff), int(c >> 8 & 0xff), int(c & 0xff) }

// receiptData is what a 受理回执 shows.
type receiptData struct {
	ApplicationID string
	ServiceCode   string
	ServiceName   string
	TimeLimit     string
	Applicant     portal.Applicant
	Channel       string
	DeviceID      string
	Materials     int
	ReceivedAt    time.Time
	Status        string
}

// licenseData is what an 电子证照 shows.
type licenseData struct {
	LicenseID, Holder, IDNumber, Type, Name, Issuer, IssuedAt, ValidTo string
}

// newDoc starts a document with the CJK font registered as "cjk".
func newDoc(orientation string, font []byte) *fpdf.Fpdf {
	p := fpdf.New(orientation, "mm", "A4", "")
	p.SetCreator("hallkiosk portalsim", true)
	p.SetAutoPageBreak(false, 0)
	p.AddUTF8FontFromBytes("cjk", "", font)
	p.AddPage()
	return p
}

func color(p *fpdf.Fpdf, c rgb) {
	p.SetTextColor(c.parts())
	p.SetDrawColor(c.parts())
}

// qr draws a QR code of content at x, y with side size.
func qr(p *fpdf.Fpdf, name, content string, x, y, size float64) error {
	png, err := qrcode.Encode(content, qrcode.Medium, 256)
	if err != nil {
		return fmt.Errorf("portalsim: qr code: %w", err)
	}
	p.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(png))
	p.ImageOptions(name, x, y, size, size, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
	return nil
}

// seal draws a round red official seal: the office's name along the upper
// arc, a star, and the seal's purpose below.
func seal(p *fpdf.Fpdf, cx, cy, r float64, office, purpose string) {
	p.SetAlpha(0.85, "Normal")
	color(p, red)
	p.SetFillColor(red.parts())
	p.SetLineWidth(1.2)
	p.Circle(cx, cy, r, "D")
	p.SetLineWidth(0.3)
	p.Circle(cx, cy, r-1.6, "D")
	star(p, cx, cy, r*0.28)
	runes := []rune(office)
	size := math.Min(13, 250/float64(len(runes)+2))
	p.SetFont("cjk", "", size)
	span := 220.0 // degrees of arc used by the name
	step := span / float64(max(len(runes)-1, 1))
	for i, ch := range runes {
		// Angle measured clockwise from straight up.
		a := -span/2 + float64(i)*step
		rad := a * math.Pi / 180
		x := cx + (r-5)*math.Sin(rad)
		y := cy - (r-5)*math.Cos(rad)
		w := p.GetStringWidth(string(ch))
		p.TransformBegin()
		p.TransformRotate(-a, x, y)
		p.Text(x-w/2, y+size*0.35*0.3528, string(ch))
		p.TransformEnd()
	}
	p.SetFont("cjk", "", 8)
	w := p.GetStringWidth(purpose)
	p.Text(cx-w/2, cy+r*0.55, purpose)
	p.SetAlpha(1, "Normal")
	p.SetLineWidth(0.2)
}

// star fills a five-pointed star of outer radius r centred at cx, cy.
func star(p *fpdf.Fpdf, cx, cy, r float64) {
	pts := make([]fpdf.PointType, 0, 10)
	for i := range 10 {
		rr := r
		if i%2 == 1 {
			rr = r * 0.38
		}
		a := float64(i)*math.Pi/5 - math.Pi/2
		pts = append(pts, fpdf.PointType{X: cx + rr*math.Cos(a), Y: cy + rr*math.Sin(a)})
	}
	p.Polygon(pts, "F")
}

// The CJK font (Droid Sans Fallback) has no Latin letters or digits: text
// is drawn in runs, ASCII in the core font Helvetica, the rest in "cjk".
func isASCII(r rune) bool { return r >= 0x20 && r < 0x7f }

// runs splits text into runs of ASCII and non-ASCII characters.
func runs(text string) []string {
	var out []string
	start := 0
	prev := false
	for i, r := range text {
		a := isASCII(r)
		if i > 0 && a != prev {
			out = append(out, text[start:i])
			start = i
		}
		prev = a
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

func setRunFont(p *fpdf.Fpdf, run string, size float64) {
	r := []rune(run)
	if len(r) > 0 && isASCII(r[0]) {
		p.SetFont("Helvetica", "", size)
	} else {
		p.SetFont("cjk", "", size)
	}
}

// mixedWidth returns the width of text drawn by mixed.
func mixedWidth(p *fpdf.Fpdf, size float64, text string) float64 {
	w := 0.0
	for _, run := range runs(text) {
		setRunFont(p, run, size)
		w += p.GetStringWidth(run)
	}
	return w
}

// mixed draws text with its baseline at x, y in both fonts.
func mixed(p *fpdf.Fpdf, x, y, size float64, text string) {
	for _, run := range runs(text) {
		setRunFont(p, run, size)
		p.Text(x, y, run)
		x += p.GetStringWidth(run)
	}
}

// row draws one label/value line of a bordered table.
func row(p *fpdf.Fpdf, x, y, lw, vw, h float64, label, value string) {
	color(p, ink)
	p.SetFillColor(244, 246, 250)
	p.SetXY(x, y)
	p.CellFormat(lw, h, "", "1", 0, "C", true, 0, "")
	p.CellFormat(vw, h, "", "1", 0, "L", false, 0, "")
	base := y + h/2 + 1.4
	mixed(p, x+(lw-mixedWidth(p, 11, label))/2, base, 11, label)
	mixed(p, x+lw+3, base, 12, value)
}

func centered(p *fpdf.Fpdf, pageW, y float64, size float64, c rgb, text string) {
	color(p, c)
	mixed(p, (pageW-mixedWidth(p, size, text))/2, y, size, text)
}

// renderReceipt draws the 受理回执 of an application: red letterhead, a table
// of the facts (applicant masked), a QR code to the progress page, a seal.
func (s *Server) renderReceipt(font []byte, d receiptData) ([]byte, error) {
	p := newDoc("P", font)
	const pageW = 210.0
	centered(p, pageW, 30, 24, red, s.opts.Authority)
	color(p, red)
	p.SetLineWidth(1.0)
	p.Line(20, 36, 190, 36)
	p.SetLineWidth(0.3)
	p.Line(20, 37.6, 190, 37.6)
	centered(p, pageW, 54, 22, ink, "受 理 回 执")
	color(p, grey)
	mixed(p, 138, 64, 10, "编号："+d.ApplicationID)

	y, h := 70.0, 11.0
	rows := [][2]string{
		{"受理编号", d.ApplicationID},
		{"事项名称", d.ServiceName},
		{"事项编码", d.ServiceCode},
		{"申请人", privacy.MaskName(d.Applicant.Name)},
		{"证件号码", privacy.MaskID(d.Applicant.IDNumber)},
		{"申请渠道", channelName(d.Channel, d.DeviceID)},
		{"接收时间", d.ReceivedAt.In(cst()).Format("2006年01月02日 15:04")},
		{"当前状态", portal.StatusName(d.Status)},
		{"承诺时限", d.TimeLimit},
		{"提交材料", fmt.Sprintf("电子材料 %d 份", d.Materials)},
	}
	for _, r := range rows {
		row(p, 20, y, 36, 134, h, r[0], r[1])
		y += h
	}
	y += 8
	color(p, ink)
	p.SetFont("cjk", "", 11)
	p.SetXY(20, y)
	p.MultiCell(170, 7, "您的申请已由"+s.opts.Authority+"接收。请妥善保管本回执，可凭受理编号在"+
		"「一网通办」平台、政务服务自助终端查询办理进度，或扫描下方二维码查询。"+
		"如需补正材料，工作人员将通过您预留的联系方式通知您。", "", "L", false)
	if err := qr(p, "qr", s.opts.VerifyURL+"/progress?no="+d.ApplicationID, 24, 208, 38); err != nil {
		return nil, err
	}
	p.SetFont("cjk", "", 9)
	color(p, grey)
	p.Text(27, 251, "扫码查询办理进度")
	seal(p, 150, 226, 22, s.opts.Authority, "政务服务专用章")
	color(p, ink)
	mixed(p, 130, 258, 11, d.ReceivedAt.In(cst()).Format("2006年01月02日"))
	color(p, grey)
	p.SetLineWidth(0.2)
	p.Line(20, 272, 190, 272)
	mixed(p, 20, 278, 8, "本回执由政务服务自助终端生成，与窗口出具的受理回执具有同等效力。")
	mixed(p, 20, 283, 8, "生成时间："+s.now().In(cst()).Format("2006-01-02 15:04:05")+"    第 1 页 共 1 页")
	return output(p)
}

// renderLicense draws an 电子证照: a framed landscape certificate with the
// holder masked, a verification QR code, the issuer's seal and a watermark.
func (s *Server) renderLicense(font []byte, d licenseData) ([]byte, error) {
	p := newDoc("L", font)
	const pageW, pageH = 297.0, 210.0
	color(p, brown)
	p.SetLineWidth(1.6)
	p.Rect(10, 10, pageW-20, pageH-20, "D")
	p.SetLineWidth(0.4)
	p.Rect(14, 14, pageW-28, pageH-28, "D")
	// Watermark.
	p.SetAlpha(0.12, "Normal")
	p.SetFont("cjk", "", 40)
	color(p, grey)
	p.TransformBegin()
	p.TransformRotate(25, pageW/2, pageH/2)
	mark := "电子证照  仅供核验使用"
	p.Text(pageW/2-p.GetStringWidth(mark)/2, pageH/2, mark)
	p.TransformEnd()
	p.SetAlpha(1, "Normal")

	centered(p, pageW, 38, 30, red, d.Name)
	centered(p, pageW, 48, 12, grey, "中华人民共和国电子证照（"+d.Type+"）")
	y, h := 62.0, 12.0
	rows := [][2]string{
		{"证照编号", d.LicenseID},
		{"持证人", privacy.MaskName(d.Holder)},
		{"证件号码", privacy.MaskID(d.IDNumber)},
		{"发证机关", d.Issuer},
		{"发证日期", d.IssuedAt},
		{"有效期至", d.ValidTo},
	}
	for _, r := range rows {
		row(p, 30, y, 36, 140, h, r[0], r[1])
		y += h
	}
	if err := qr(p, "qr", s.opts.VerifyURL+"/verify?license="+d.LicenseID, 220, 62, 48); err != nil {
		return nil, err
	}
	p.SetFont("cjk", "", 9)
	color(p, grey)
	p.Text(225, 116, "扫码核验证照真伪")
	seal(p, 232, 155, 24, d.Issuer, "电子证照专用章")
	color(p, grey)
	mixed(p, 30, 150, 9, "本电子证照由"+s.opts.Authority+"「一网通办」平台生成，与纸质证照具有同等法律效力。")
	mixed(p, 30, 156, 9, "下载时间："+s.now().In(cst()).Format("2006-01-02 15:04:05"))
	return output(p)
}

func channelName(channel, device string) string {
	name := channel
	switch channel {
	case "kiosk":
		name = "政务服务自助终端"
	case "window":
		name = "综合受理窗口"
	}
	if device != "" {
		name += "（设备 " + device + "）"
	}
	return name
}

func output(p *fpdf.Fpdf) ([]byte, error) {
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		return nil, fmt.Errorf("portalsim: pdf: %w", err)
	}
	return b.Bytes(), nil
}
