package review

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/go-pdf/fpdf"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"hallkiosk/app/figures"
	"hallkiosk/app/figures/chart"
)

// Doc is what the PDF report is made of.
type Doc struct {
	Report *figures.Report
	// Trend are the months up to the report's, oldest first.
	Trend    []figures.MonthFigures
	HallName string
	Names    Names
	// Font is a single-face CJK TrueType font (DroidSansFallbackFull.ttf).
	Font      []byte
	Generated time.Time
}

// Words of durations and rates.
func dur(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s < 60 {
		return fmt.Sprintf("%d秒", s)
	}
	return fmt.Sprintf("%d分%02d秒", s/60, s%60)
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", f*100) }

// pdfDoc is the report being written. A CJK fallback font has no Latin
// letters or digits, and a PDF font has no fallback: every text is cut
// into runs of Latin (Liberation Sans) and of everything else (the CJK
// font), each set in its own font.
type pdfDoc struct {
	p      *fpdf.Fpdf
	charts *chart.Charts
	n      int     // images registered
	size   float64 // the font size in points
}

type run struct {
	latin bool
	text  string
}

// runs cuts s into runs of Latin and of other characters.
func runs(s string) []run {
	var out []run
	for _, r := range s {
		l := r < 0x250 || r >= 0x2000 && r <= 0x206f // Latin, and “quotes” and … of General Punctuation
		if n := len(out); n > 0 && out[n-1].latin == l {
			out[n-1].text += string(r)
		} else {
			out = append(out, run{l, string(r)})
		}
	}
	return out
}

func (d *pdfDoc) setSize(pt float64) { d.size = pt }

func (d *pdfDoc) font(latin bool) {
	if latin {
		d.p.SetFont("latin", "", d.size)
	} else {
		d.p.SetFont("cjk", "", d.size)
	}
}

func (d *pdfDoc) width(s string) float64 {
	w := 0.0
	for _, r := range runs(s) {
		d.font(r.latin)
		w += d.p.GetStringWidth(r.text)
	}
	return w
}

// cell is fpdf's CellFormat with the text set run by run.
func (d *pdfDoc) cell(w, h float64, txt, border string, ln int, align string, fill bool) {
	p := d.p
	x, y := p.GetXY()
	if w == 0 {
		w = pageW - margin - x
	}
	p.CellFormat(w, h, "", border, 0, "", fill, 0, "")
	tw := d.width(txt)
	tx := x + 1
	switch align {
	case "C":
		tx = x + (w-tw)/2
	case "R":
		tx = x + w - tw - 1
	}
	p.SetXY(tx, y)
	for _, r := range runs(txt) {
		d.font(r.latin)
		p.CellFormat(p.GetStringWidth(r.text), h, r.text, "", 0, "L", false, 0, "")
	}
	if ln == 1 {
		p.SetXY(margin, y+h)
	} else {
		p.SetXY(x+w, y)
	}
}

// lines breaks txt into lines no wider than w (greedy, by character:
// Chinese has no spaces to break at).
func (d *pdfDoc) lines(w float64, txt string) []string {
	var out []string
	line, lw := "", 0.0
	for _, r := range txt {
		cw := d.width(string(r))
		if lw+cw > w-2 && line != "" {
			out = append(out, line)
			line, lw = "", 0
		}
		line += string(r)
		lw += cw
	}
	if line != "" {
		out = append(out, line)
	}
	return out
}

const (
	pageW   = 210.0
	margin  = 18.0
	bodyW   = pageW - 2*margin
	pageEnd = 297.0 - 18.0
)

// WritePDF writes the monthly review report.
func WritePDF(w io.Writer, d Doc) error {
	charts, err := chart.New(d.Font)
	if err != nil {
		return fmt.Errorf("review: pdf: %w", err)
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCreator("hallkiosk", true)
	p.SetTitle(d.HallName+" "+d.Report.Period.Name+" 月度复盘报告", true)
	p.AddUTF8FontFromBytes("cjk", "", d.Font)
	p.AddUTF8FontFromBytes("latin", "", liberationsansregular.TTF)
	p.SetFont("cjk", "", 10)
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(true, 18)
	doc := &pdfDoc{p: p, charts: charts, size: 10}
	p.SetFooterFunc(func() {
		p.SetY(-12)
		doc.setSize(8)
		p.SetTextColor(120, 120, 120)
		doc.cell(0, 5, fmt.Sprintf("%s · %s月度复盘 · 第%d页", d.HallName, d.Report.Period.Name, p.PageNo()), "", 0, "C", false)
		p.SetTextColor(0, 0, 0)
		doc.setSize(10)
	})
	doc.overview(d)
	doc.slices(d)
	doc.funnels(d)
	doc.ratings(d)
	doc.trend(d)
	if err := p.Error(); err != nil {
		return fmt.Errorf("review: pdf: %w", err)
	}
	if err := p.Output(w); err != nil {
		return fmt.Errorf("review: pdf: %w", err)
	}
	return nil
}

func (d *pdfDoc) heading(s string) {
	if d.p.GetY() > pageEnd-30 {
		d.p.AddPage()
	}
	d.p.Ln(3)
	d.setSize(14)
	d.p.SetTextColor(0x1a, 0x56, 0xa6)
	d.cell(0, 9, s, "", 1, "L", false)
	d.p.SetTextColor(0, 0, 0)
	d.setSize(10)
}

func (d *pdfDoc) para(s string) {
	d.setSize(10)
	d.p.SetX(margin)
	for _, l := range d.lines(bodyW, s) {
		if d.p.GetY() > pageEnd-6 {
			d.p.AddPage()
		}
		d.cell(bodyW, 5.5, l, "", 1, "L", false)
	}
	d.p.Ln(1.5)
}

// table draws a table with a header row; widths are fractions of the body.
func (d *pdfDoc) table(widths []float64, head []string, rows [][]string) {
	draw := func(cells []string, fill bool) {
		if d.p.GetY() > pageEnd-8 {
			d.p.AddPage()
		}
		for i, c := range cells {
			align := "L"
			if i > 0 {
				align = "R"
			}
			d.cell(widths[i]*bodyW, 7, c, "1", 0, align, fill)
		}
		d.p.SetXY(margin, d.p.GetY()+7)
	}
	d.setSize(9)
	d.p.SetFillColor(0xe8, 0xef, 0xf8)
	draw(head, true)
	for _, r := range rows {
		draw(r, false)
	}
	d.p.Ln(2)
	d.setSize(10)
}

// image draws a chart across the body, h millimetres high.
func (d *pdfDoc) image(pl *plot.Plot, err error, h float64) {
	if err != nil {
		d.para("（图表无法生成：" + err.Error() + "）")
		return
	}
	if d.p.GetY()+h > pageEnd {
		d.p.AddPage()
	}
	png, err := chart.PNG(pl, vg.Millimeter*vg.Length(bodyW), vg.Millimeter*vg.Length(h), 150)
	if err != nil {
		d.para("（图表无法生成：" + err.Error() + "）")
		return
	}
	d.n++
	name := fmt.Sprintf("chart%d", d.n)
	opt := fpdf.ImageOptions{ImageType: "PNG"}
	d.p.RegisterImageOptionsReader(name, opt, bytes.NewReader(png))
	d.p.ImageOptions(name, margin, d.p.GetY(), bodyW, h, false, opt, 0, "")
	d.p.SetY(d.p.GetY() + h + 3)
}

func (d *pdfDoc) overview(doc Doc) {
	r, t := doc.Report, doc.Report.Total
	p := d.p
	p.AddPage()
	d.setSize(20)
	d.cell(0, 12, doc.HallName, "", 1, "C", false)
	d.setSize(16)
	d.cell(0, 10, "政务服务自助终端 "+r.Period.Name+" 月度复盘报告", "", 1, "C", false)
	d.setSize(9)
	p.SetTextColor(100, 100, 100)
	d.cell(0, 6, fmt.Sprintf("统计期间 %s 至 %s · 终端 %d 台 · 生成于 %s", r.Period.From, r.Period.To, len(r.Kiosks),
		doc.Generated.Format("2006-01-02 15:04")), "", 1, "C", false)
	p.SetTextColor(0, 0, 0)

	d.heading("一、本月概况")
	faultN := faults(t)
	d.table([]float64{0.38, 0.62}, []string{"指标", "本月"}, [][]string{
		{"使用人次（有人开始操作即计一次）", fmt.Sprint(t.Sessions)},
		{"网上办件量（自助终端和网办窗口提交）", fmt.Sprintf("%d 件（当场受理 %d，离线凭证 %d，帮办代办 %d）", t.Submissions, t.Online, t.Offline, t.Assisted)},
		{"线下窗口办件量（工作人员录入）", fmt.Sprint(r.Counter)},
		{"网办占比", pct(r.OnlineShare)},
		{"平均停留时长 / 中位数", dur(t.DwellAvg) + " / " + dur(t.DwellMedian)},
		{"好评率 / 差评率", fmt.Sprintf("%s / %s（共 %d 条评价）", pct(t.GoodRate), pct(t.BadRate), t.RatingsTotal)},
		{"呼叫工作人员", fmt.Sprintf("%d 次，接到 %d 次，平均等待 %s", t.Calls, t.Answered, dur(t.AnswerAvg))},
		{"设备故障", fmt.Sprintf("%d 次", faultN)},
		{"网办有礼", fmt.Sprintf("首次网办 %d 人，发放礼品 %d 份", t.FirstOnline, t.Rewards)},
		{"打印", fmt.Sprintf("%d 次（失败 %d 次）", t.Prints, t.PrintFailed)},
	})
	d.para("说明：网办占比 = 网上办件量 ÷（网上办件量 + 线下窗口办件量）。停留时长是一位办事人从开始操作到结束离开的时间。" +
		"好评指“满意”和“非常满意”，差评指“不满意”和“非常不满意”。统计中不含任何姓名、证件号码、电话等个人信息。")
	pl, err := d.charts.Daily(r)
	d.image(pl, err, 75)
}

func (d *pdfDoc) slices(doc Doc) {
	r := doc.Report
	d.heading("二、各终端情况")
	var rows [][]string
	for _, k := range r.Kiosks {
		f := r.ByKiosk[k]
		rows = append(rows, []string{k, fmt.Sprint(f.Sessions), fmt.Sprint(f.Submissions), dur(f.DwellAvg),
			pct(f.GoodRate), fmt.Sprint(f.Calls), fmt.Sprint(faults(*f))})
	}
	d.table([]float64{0.22, 0.12, 0.12, 0.15, 0.13, 0.13, 0.13},
		[]string{"终端", "使用人次", "办件量", "平均停留", "好评率", "呼叫", "故障"}, rows)

	d.heading("三、各事项办件量（前15项）")
	svcs := append([]string(nil), r.Services...)
	sort.SliceStable(svcs, func(i, j int) bool { return r.ByService[svcs[i]].Submissions > r.ByService[svcs[j]].Submissions })
	rows = nil
	for i, s := range svcs {
		if i == 15 {
			break
		}
		f := r.ByService[s]
		rows = append(rows, []string{doc.Names.service(s), fmt.Sprint(f.Submissions), fmt.Sprint(f.Online),
			dur(f.DwellAvg), fmt.Sprint(f.RatingsTotal), pct(f.BadRate)})
	}
	d.table([]float64{0.40, 0.11, 0.12, 0.13, 0.11, 0.13},
		[]string{"事项", "办件量", "当场受理", "平均用时", "评价数", "差评率"}, rows)
}

func (d *pdfDoc) funnels(doc Doc) {
	r := doc.Report
	var fns []figures.Funnel
	for _, fn := range r.Funnels {
		if fn.Journey == "apply" && len(fn.Steps) > 1 {
			fns = append(fns, fn)
		}
	}
	sort.SliceStable(fns, func(i, j int) bool { return fns[i].Steps[0].Reached > fns[j].Steps[0].Reached })
	if len(fns) > 3 {
		fns = fns[:3]
	}
	d.heading("四、办事流程：在哪一步放弃")
	if len(fns) == 0 {
		d.para("本月没有办事流程的记录。")
		return
	}
	d.para("下图是办理人次最多的事项，每一步有多少人到达。两步之间的差就是在这一步之后放弃的人数。")
	for _, fn := range fns {
		name := doc.Names.service(fn.Service)
		worst := fn.Steps[0]
		for _, st := range fn.Steps[:len(fn.Steps)-1] {
			if st.Lost > worst.Lost {
				worst = st
			}
		}
		pl, err := d.charts.Funnel(name, fn.Steps, StepWords)
		d.image(pl, err, 62)
		if worst.Lost > 0 && worst.Reached > 0 {
			d.para(fmt.Sprintf("%s：%d 人开始，%d 人提交。放弃最多的是“%s”之后，%d 人（%s）没有继续。", name,
				fn.Steps[0].Reached, reachedOf(fn, "result"), StepWords(worst.Step), worst.Lost,
				pct(float64(worst.Lost)/float64(worst.Reached))))
		}
	}
}

func reachedOf(fn figures.Funnel, step string) int {
	for _, s := range fn.Steps {
		if s.Step == step {
			return s.Reached
		}
	}
	return 0
}

func (d *pdfDoc) ratings(doc Doc) {
	t := doc.Report.Total
	d.heading("五、好差评")
	pl, err := d.charts.Ratings(t)
	d.image(pl, err, 60)
	if len(t.Reasons) > 0 {
		var rows [][]string
		for i, c := range t.Reasons {
			if i == 5 {
				break
			}
			rows = append(rows, []string{ReasonWords(c.Code), fmt.Sprint(c.N)})
		}
		d.para("差评原因（前五）：")
		d.table([]float64{0.7, 0.3}, []string{"原因", "次数"}, rows)
	}
	if len(t.Feedback) > 0 {
		var parts []string
		for _, c := range t.Feedback {
			parts = append(parts, fmt.Sprintf("%s %d 条", TopicWords(c.Code), c.N))
		}
		d.para("意见建议：" + strings.Join(parts, "，") + "。")
	}
	d.heading("六、设备故障")
	if len(t.Faults) == 0 {
		d.para("本月没有设备故障。")
	} else {
		var rows [][]string
		for _, c := range t.Faults {
			rows = append(rows, []string{FaultWords(c.Code), fmt.Sprint(c.N)})
		}
		d.table([]float64{0.7, 0.3}, []string{"故障", "次数"}, rows)
	}
}

func (d *pdfDoc) trend(doc Doc) {
	if len(doc.Trend) == 0 {
		return
	}
	d.heading("七、近几个月趋势")
	pl, err := d.charts.Trend(doc.Trend)
	d.image(pl, err, 60)
	var rows [][]string
	for _, m := range doc.Trend {
		good := 0.0
		if m.Ratings > 0 {
			good = float64(m.Good) / float64(m.Ratings)
		}
		rows = append(rows, []string{m.Period.Name, fmt.Sprint(m.Sessions), fmt.Sprint(m.Submissions), pct(m.OnlineShare), pct(good)})
	}
	d.table([]float64{0.24, 0.19, 0.19, 0.19, 0.19}, []string{"月份", "使用人次", "网上办件量", "网办占比", "好评率"}, rows)
}
