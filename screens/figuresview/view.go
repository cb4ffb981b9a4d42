// Package figuresview is the window terminal's 数据复盘 page: a month's
// figures at a glance (办件量, 网办占比, 停留时长, 好评率, 差评率, calls,
// faults, 网办有礼), four charts (the month day by day, the trend over
// months, the funnel of the most used service, the ratings), the offline
// counters' number staff enter for a day, and a button that exports the
// month as CSV tables and the PDF report. It draws only: the figures come
// from app/figures, the charts from app/figures/chart (gonum/plot), the
// files from app/review, and everything slow runs off Fyne's goroutine.
package figuresview

import (
	"context"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"hallkiosk/app/events"
	"hallkiosk/app/figures"
	"hallkiosk/app/figures/chart"
	"hallkiosk/app/review"
)

// Deps are what the page needs. Store, Font and ExportDir are required.
type Deps struct {
	// Store is the hall's usage log (the window's, eventbus.StartWindow).
	Store *events.Store
	// Font is the CJK TrueType font of the charts and the report.
	Font     []byte
	HallName string
	Names    review.Names
	// ExportDir is where Export writes, one folder per month.
	ExportDir string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// View is the page.
type View struct {
	d      Deps
	charts *chart.Charts
	root   *fyne.Container

	month   figures.Period
	title   *widget.Label
	summary *widget.Label
	status  *widget.Label
	images  [4]*canvas.Image
	day     *widget.Entry
	count   *widget.Entry

	mu      sync.Mutex
	report  *figures.Report
	wg      sync.WaitGroup
	loading int // loads started, so a late one does not overwrite a newer
}

// New builds the page on the month of now.
func New(d Deps) (*View, error) {
	c, err := chart.New(d.Font)
	if err != nil {
		return nil, err
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	now := d.Now().In(d.Store.Location())
	v := &View{d: d, charts: c, month: figures.Month(now.Year(), now.Month())}
	v.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.status = widget.NewLabel("")
	for i := range v.images {
		v.images[i] = canvas.NewImageFromImage(nil)
		v.images[i].FillMode = canvas.ImageFillContain
		v.images[i].SetMinSize(fyne.NewSize(480, 260))
	}
	v.day = widget.NewEntry()
	v.day.SetText(events.DayOf(now, d.Store.Location()).String())
	v.count = widget.NewEntry()
	v.count.SetPlaceHolder("线下窗口办件数")
	prev := widget.NewButton("上个月", func() { v.shift(-1) })
	next := widget.NewButton("下个月", func() { v.shift(1) })
	export := widget.NewButton("导出本月报表（CSV 和 PDF）", v.Export)
	save := widget.NewButton("保存线下办件数", v.onCounter)
	top := container.NewHBox(prev, v.title, next, export)
	counter := container.NewHBox(widget.NewLabel("线下窗口办件数录入：日期"), container.NewGridWrap(fyne.NewSize(140, 36), v.day),
		widget.NewLabel("件数"), container.NewGridWrap(fyne.NewSize(120, 36), v.count), save)
	grid := container.NewGridWithColumns(2, v.images[0], v.images[1], v.images[2], v.images[3])
	v.root = container.NewBorder(container.NewVBox(top, v.summary, counter, v.status), nil, nil, nil, container.NewVScroll(grid))
	v.load("")
	return v, nil
}

// Object is the page's canvas object.
func (v *View) Object() fyne.CanvasObject { return v.root }

// Month is the month on show.
func (v *View) Month() figures.Period { return v.month }

// Report is the report on show (nil while the first loads).
func (v *View) Report() *figures.Report {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.report
}

// Wait waits for the loads and exports under way (tests).
func (v *View) Wait() { v.wg.Wait() }

// Summary is the summary's text, as drawn.
func (v *View) Summary() string { return v.summary.Text }

// Status is the status line's text, as drawn.
func (v *View) Status() string { return v.status.Text }

// ChartsDrawn reports how many charts are on show.
func (v *View) ChartsDrawn() int {
	n := 0
	for _, im := range v.images {
		if im.Image != nil {
			n++
		}
	}
	return n
}

// SetCounter types a day and a number into the counter entry and saves
// it, as staff do (tests).
func (v *View) SetCounter(day string, n int) {
	v.day.SetText(day)
	v.count.SetText(strconv.Itoa(n))
	v.onCounter()
}

// Reload computes the month on show again (the page shown anew: events
// came in since).
func (v *View) Reload() { v.load("") }

func (v *View) shift(months int) {
	t := v.month.From.Date(time.UTC).AddDate(0, months, 0)
	v.month = figures.Month(t.Year(), t.Month())
	v.load("")
}

// load computes the month's figures and charts in the background and
// draws them on Fyne's goroutine, then shows done on the status line.
func (v *View) load(done string) {
	v.title.SetText(v.month.Name)
	v.status.SetText("正在统计…")
	v.mu.Lock()
	v.loading++
	gen := v.loading
	v.mu.Unlock()
	month := v.month
	v.wg.Add(1)
	go func() {
		defer v.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		r, tr, err := v.compute(ctx, month)
		var imgs [4]image.Image
		if err == nil {
			imgs = v.draw(r, tr)
		}
		fyne.DoAndWait(func() {
			v.mu.Lock()
			stale := gen != v.loading
			if !stale && err == nil {
				v.report = r
			}
			v.mu.Unlock()
			if stale {
				return
			}
			if err != nil {
				v.status.SetText("统计失败：" + err.Error())
				return
			}
			v.summary.SetText(summaryText(r))
			for i, im := range imgs {
				v.images[i].Image = im
				v.images[i].Refresh()
			}
			v.status.SetText(done)
		})
	}()
}

func (v *View) compute(ctx context.Context, p figures.Period) (*figures.Report, []figures.MonthFigures, error) {
	db := v.d.Store.DB()
	r, err := figures.Compute(ctx, db, v.d.Store.Location(), p, figures.Filter{})
	if err != nil {
		return nil, nil, err
	}
	tr, err := figures.Trend(ctx, db, p.MonthsBack(6))
	if err != nil {
		return nil, nil, err
	}
	return r, tr, nil
}

// draw renders the four charts.
func (v *View) draw(r *figures.Report, tr []figures.MonthFigures) [4]image.Image {
	var out [4]image.Image
	render := func(i int, p *plot.Plot, err error) {
		if err == nil {
			out[i] = chart.Image(p, 16*vg.Centimeter, 9*vg.Centimeter, 96)
		}
	}
	p, err := v.charts.Daily(r)
	render(0, p, err)
	p, err = v.charts.Trend(tr)
	render(1, p, err)
	var best *figures.Funnel
	for i := range r.Funnels {
		fn := &r.Funnels[i]
		if fn.Journey == "apply" && len(fn.Steps) > 1 && (best == nil || fn.Steps[0].Reached > best.Steps[0].Reached) {
			best = fn
		}
	}
	if best != nil {
		p, err = v.charts.Funnel(v.d.Names.Name(best.Service)+" 办事流程", best.Steps, review.StepWords)
		render(2, p, err)
	}
	p, err = v.charts.Ratings(r.Total)
	render(3, p, err)
	return out
}

func summaryText(r *figures.Report) string {
	t := r.Total
	faults := 0
	for _, c := range t.Faults {
		faults += c.N
	}
	return fmt.Sprintf("使用人次 %d · 网上办件 %d（当场受理 %d，帮办 %d） · 线下窗口 %d · 网办占比 %.1f%%\n"+
		"停留时长 平均 %s，中位 %s · 好评率 %.1f%% · 差评率 %.1f%% · 呼叫 %d 次（接到 %d） · 故障 %d 次 · 网办有礼 %d 份",
		t.Sessions, t.Submissions, t.Online, t.Assisted, r.Counter, r.OnlineShare*100,
		minSec(t.DwellAvg), minSec(t.DwellMedian), t.GoodRate*100, t.BadRate*100,
		t.Calls, t.Answered, faults, t.Rewards)
}

// onCounter saves the offline counters' number of the day typed.
func (v *View) onCounter() {
	day, err := events.ParseDay(v.day.Text)
	if err != nil {
		v.status.SetText("日期请写成 2026-11-03 这样")
		return
	}
	n, err := strconv.Atoi(v.count.Text)
	if err != nil || n < 0 || n > 1_000_000 {
		v.status.SetText("件数请填 0 到 1000000 的整数")
		return
	}
	v.wg.Add(1)
	go func() {
		defer v.wg.Done()
		err := v.d.Store.SetCounter(context.Background(), day, "", n)
		fyne.DoAndWait(func() {
			if err != nil {
				v.status.SetText("没有保存：" + err.Error())
				return
			}
			v.count.SetText("")
			v.load(fmt.Sprintf("已保存 %s 线下窗口办件 %d 件", day, n))
		})
	}()
}

// Export writes the month's CSV tables and PDF report into
// ExportDir/YYYY-MM in the background (the export button).
func (v *View) Export() {
	r := v.Report()
	if r == nil {
		return
	}
	v.status.SetText("正在导出…")
	month := r.Period
	v.wg.Add(1)
	go func() {
		defer v.wg.Done()
		dir, err := v.export(r, month)
		fyne.DoAndWait(func() {
			if err != nil {
				v.status.SetText("导出失败：" + err.Error())
				return
			}
			v.status.SetText("已导出到 " + dir)
		})
	}()
}

func (v *View) export(r *figures.Report, month figures.Period) (string, error) {
	dir := filepath.Join(v.d.ExportDir, month.From.String()[:7])
	if err := review.WriteCSV(dir, r, v.d.Names); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	tr, err := figures.Trend(ctx, v.d.Store.DB(), month.MonthsBack(6))
	if err != nil {
		return "", err
	}
	f, err := os.Create(filepath.Join(dir, "monthly-review.pdf"))
	if err != nil {
		return "", err
	}
	err = review.WritePDF(f, review.Doc{Report: r, Trend: tr, HallName: v.d.HallName, Names: v.d.Names, Font: v.d.Font,
		Generated: v.d.Now()})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return dir, err
}

// minSec is a duration as 2分53秒.
func minSec(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s < 60 {
		return fmt.Sprintf("%d秒", s)
	}
	return fmt.Sprintf("%d分%02d秒", s/60, s%60)
}
