// Package chart draws the figures of the monthly review with
// gonum.org/v1/plot: the month at a glance (day by day), the trend over
// months, the funnel of a journey and the ratings. Every chart is a
// *plot.Plot with Chinese text in the CJK font given to New; Image renders
// one for the window terminal's screen (a Fyne canvas.Image), PNG for the
// PDF report. No chart maths of our own: bars, lines and axes are the
// library's.
package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	xfont "golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"hallkiosk/app/figures"
)

// The palette: the government blue and the warm accent of the screens,
// and a grey; a chart never tells by colour alone (every series is named).
var (
	Blue   = color.RGBA{0x1a, 0x56, 0xa6, 0xff}
	Orange = color.RGBA{0xe0, 0x7b, 0x1a, 0xff}
	Grey   = color.RGBA{0x88, 0x88, 0x88, 0xff}
	Red    = color.RGBA{0xc0, 0x30, 0x30, 0xff}
)

// Charts draws charts with a CJK font for words and Liberation Sans
// (kept in gonum's own dependencies) for numbers: a CJK fallback font such
// as DroidSansFallbackFull.ttf has no Latin digits, and a chart text has
// one font, so no chart text mixes the two.
type Charts struct {
	h text.Handler
}

// Typefaces of the charts.
var (
	cjk   = font.Font{Typeface: "cjk"}
	latin = font.Font{Typeface: "latin"}
)

// New parses the TrueType font (a single face, such as
// DroidSansFallbackFull.ttf) the charts' words are set in.
func New(ttf []byte) (*Charts, error) {
	f, err := xfont.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("chart: font: %w", err)
	}
	l, err := xfont.Parse(liberationsansregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("chart: latin font: %w", err)
	}
	cache := font.NewCache(font.Collection{{Font: cjk, Face: f}, {Font: latin, Face: l}})
	return &Charts{h: text.Plain{Fonts: cache}}, nil
}

func setFont(s *text.Style, f font.Font) {
	f.Size = s.Font.Size
	s.Font = f
}

// newPlot is a plot whose words use the CJK font and whose tick labels
// (numbers) the Latin one; a nominal axis of words sets its own.
func (c *Charts) newPlot(title string) *plot.Plot {
	p := plot.New()
	p.TextHandler = c.h
	for _, s := range []*text.Style{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle,
		&p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		s.Handler = c.h
		setFont(s, cjk)
	}
	setFont(&p.X.Tick.Label, latin)
	setFont(&p.Y.Tick.Label, latin)
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Padding = vg.Points(6)
	p.Legend.Top = true
	p.Y.Min = 0
	return p
}

func bars(vs plotter.Values, w vg.Length, c color.Color, offset vg.Length) (*plotter.BarChart, error) {
	b, err := plotter.NewBarChart(vs, w)
	if err != nil {
		return nil, err
	}
	b.Color, b.Offset = c, offset
	b.LineStyle.Width = 0
	return b, nil
}

// Daily is the month at a glance: sessions and submissions day by day.
func (c *Charts) Daily(r *figures.Report) (*plot.Plot, error) {
	p := c.newPlot("每日使用人次与办件量")
	var sess, subs plotter.Values
	var names []string
	for i, d := range r.Days {
		sess = append(sess, float64(d.Sessions))
		subs = append(subs, float64(d.Submissions))
		if i%5 == 0 || i == len(r.Days)-1 {
			names = append(names, fmt.Sprint(int(d.Day)%100))
		} else {
			names = append(names, "")
		}
	}
	w := vg.Points(5)
	b1, err := bars(sess, w, Blue, -w/2)
	if err != nil {
		return nil, fmt.Errorf("chart: daily: %w", err)
	}
	b2, err := bars(subs, w, Orange, w/2)
	if err != nil {
		return nil, fmt.Errorf("chart: daily: %w", err)
	}
	p.Add(b1, b2)
	p.Legend.Add("使用人次", b1)
	p.Legend.Add("办件量", b2)
	p.NominalX(names...)
	p.X.Label.Text = "日"
	p.Y.Label.Text = "次数"
	return p, nil
}

// Trend is the trend over months: submissions and good ratings, month by
// month.
func (c *Charts) Trend(ms []figures.MonthFigures) (*plot.Plot, error) {
	p := c.newPlot("近几个月办件量与好评")
	var subs, good plotter.Values
	var names []string
	for _, m := range ms {
		subs = append(subs, float64(m.Submissions))
		good = append(good, float64(m.Good))
		names = append(names, fmt.Sprint(int(m.Period.From)/100%100))
	}
	w := vg.Points(12)
	b1, err := bars(subs, w, Blue, -w/2)
	if err != nil {
		return nil, fmt.Errorf("chart: trend: %w", err)
	}
	b2, err := bars(good, w, Orange, w/2)
	if err != nil {
		return nil, fmt.Errorf("chart: trend: %w", err)
	}
	p.Add(b1, b2)
	p.Legend.Add("办件量", b1)
	p.Legend.Add("好评数", b2)
	p.NominalX(names...)
	p.X.Label.Text = "月份"
	return p, nil
}

// Funnel is where citizens of one service went and gave up: how many
// reached each step, the first at the top. The title and the step words
// must be words only (no digits: see Charts).
func (c *Charts) Funnel(title string, steps []figures.FunnelStep, words func(step string) string) (*plot.Plot, error) {
	p := c.newPlot(title)
	var vs plotter.Values
	var names []string
	for i := len(steps) - 1; i >= 0; i-- {
		vs = append(vs, float64(steps[i].Reached))
		names = append(names, words(steps[i].Step))
	}
	b, err := bars(vs, vg.Points(8), Blue, 0)
	if err != nil {
		return nil, fmt.Errorf("chart: funnel: %w", err)
	}
	b.Horizontal = true
	p.Add(b)
	setFont(&p.Y.Tick.Label, cjk)
	p.NominalY(names...)
	p.Y.Min, p.X.Min = -0.5, 0
	p.X.Label.Text = "到达人次"
	return p, nil
}

// Ratings are the ratings by level, 非常满意 first.
func (c *Charts) Ratings(f figures.Figures) (*plot.Plot, error) {
	p := c.newPlot("好差评分布")
	names := []string{"非常满意", "满意", "基本满意", "不满意", "非常不满意"}
	var good, bad plotter.Values
	for l := 5; l >= 1; l-- {
		v := float64(f.Ratings[l])
		if l <= 2 {
			good, bad = append(good, 0), append(bad, v)
		} else {
			good, bad = append(good, v), append(bad, 0)
		}
	}
	b1, err := bars(good, vg.Points(20), Blue, 0)
	if err != nil {
		return nil, fmt.Errorf("chart: ratings: %w", err)
	}
	b2, err := bars(bad, vg.Points(20), Red, 0)
	if err != nil {
		return nil, fmt.Errorf("chart: ratings: %w", err)
	}
	p.Add(b1, b2)
	p.Legend.Add("满意及以上", b1)
	p.Legend.Add("差评", b2)
	setFont(&p.X.Tick.Label, cjk)
	p.NominalX(names...)
	p.Y.Label.Text = "条数"
	return p, nil
}

// Image renders p at w×h points and dpi.
func Image(p *plot.Plot, w, h vg.Length, dpi int) image.Image {
	cv := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	p.Draw(draw.New(cv))
	return cv.Image()
}

// PNG renders p as a PNG at w×h points and dpi.
func PNG(p *plot.Plot, w, h vg.Length, dpi int) ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, Image(p, w, h, dpi)); err != nil {
		return nil, fmt.Errorf("chart: png: %w", err)
	}
	return buf.Bytes(), nil
}
