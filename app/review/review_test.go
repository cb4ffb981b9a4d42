package review_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gen2brain/go-fitz"

	"hallkiosk/app/events"
	"hallkiosk/app/figures"
	"hallkiosk/app/figures/figurestest"
	"hallkiosk/app/review"
)

const fontPath = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

var cst = time.FixedZone("CST", 8*3600)

func november(t *testing.T) (*figures.Report, []figures.MonthFigures) {
	t.Helper()
	st, err := events.Open(filepath.Join(t.TempDir(), "events.db"), events.Options{Kiosk: "WINDOW-1", Location: cst})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	evs := figurestest.Generate(figurestest.Config{Seed: 3, Kiosks: 4, From: time.Date(2026, 8, 1, 0, 0, 0, 0, cst),
		Days: 122, Location: cst, SessionsPerDay: 12})
	if err := figurestest.Seed(ctx, st, evs); err != nil {
		t.Fatal(err)
	}
	if err := st.SetCounter(ctx, 20261102, "", 340); err != nil {
		t.Fatal(err)
	}
	nov := figures.Month(2026, time.November)
	r, err := figures.Compute(ctx, st.DB(), cst, nov, figures.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := figures.Trend(ctx, st.DB(), nov.MonthsBack(4))
	if err != nil {
		t.Fatal(err)
	}
	return r, tr
}

var names = review.Names{Service: func(code string) string {
	return map[string]string{"GJJ-0301": "住房公积金提取", "SB-0101": "社保卡申领", "HJ-0201": "户籍证明开具"}[code]
}}

// TestCSVColumns: the files and their columns are these, in this order;
// a change here is a change of the export's contract.
func TestCSVColumns(t *testing.T) {
	r, _ := november(t)
	dir := t.TempDir()
	if err := review.WriteCSV(dir, r, names); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"summary.csv":  "metric,value",
		"days.csv":     "day,sessions,submissions,counter,ratings,good,bad",
		"kiosks.csv":   "kiosk,sessions,dwell_avg_s,dwell_median_s,submissions,online,offline,assisted,rewards,ratings,good_rate,bad_rate,calls,answered,answer_avg_s,prints,print_failed,faults",
		"services.csv": "service,name,submissions,online,offline,assisted,first_online,rewards,dwell_avg_s,dwell_median_s,visits,ratings,good_rate,bad_rate,counter",
		"funnel.csv":   "journey,service,name,position,step,step_name,reached,lost",
		"ratings.csv":  "level,count",
		"reasons.csv":  "reason,name,count",
		"feedback.csv": "topic,name,count",
		"faults.csv":   "fault,name,count",
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	if len(files) != len(want) {
		t.Errorf("files %v", files)
	}
	tables := map[string][][]string{}
	for name, head := range want {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte("\ufeff")) {
			t.Errorf("%s has no byte-order mark", name)
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(name, err)
		}
		if got := strings.Join(recs[0], ","); got != head {
			t.Errorf("%s columns:\n%s\nwant\n%s", name, got, head)
		}
		for _, rec := range recs[1:] {
			if len(rec) != len(recs[0]) {
				t.Errorf("%s: row %v", name, rec)
			}
		}
		tables[name] = recs[1:]
	}
	summary := map[string]string{}
	for _, rec := range tables["summary.csv"] {
		summary[rec[0]] = rec[1]
	}
	var keys []string
	for _, rec := range tables["summary.csv"] {
		keys = append(keys, rec[0])
	}
	if !reflect.DeepEqual(keys, review.SummaryMetrics) {
		t.Errorf("summary rows %v", keys)
	}
	if summary["month"] != "2026-11" || summary["sessions"] != itoa(r.Total.Sessions) || summary["counter"] != "340" {
		t.Errorf("summary %v", summary)
	}
	if len(tables["days.csv"]) != 30 || len(tables["kiosks.csv"]) != 4 {
		t.Errorf("%d days, %d kiosks", len(tables["days.csv"]), len(tables["kiosks.csv"]))
	}
	for _, rec := range tables["services.csv"] {
		if rec[0] == "GJJ-0301" && rec[1] != "住房公积金提取" {
			t.Errorf("service row %v", rec)
		}
	}
}

func itoa(n int) string   { return strconv.Itoa(n) }
func fmtInt(n int) string { return strconv.Itoa(n) }

// TestPDF: the report opens in MuPDF (go-fitz), has its pages, and its
// text holds the hall, the month, the figures and the charts' words.
func TestPDF(t *testing.T) {
	font, err := os.ReadFile(fontPath)
	if err != nil {
		t.Skip("no CJK font (packaging/dev-deps.sh installs fonts-droid-fallback):", err)
	}
	r, tr := november(t)
	var buf bytes.Buffer
	err = review.WritePDF(&buf, review.Doc{Report: r, Trend: tr, HallName: "东城区政务服务中心", Names: names, Font: font,
		Generated: time.Date(2026, 12, 1, 9, 0, 0, 0, cst)})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := fitz.NewFromMemory(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	if doc.NumPage() < 3 {
		t.Errorf("%d pages", doc.NumPage())
	}
	var text strings.Builder
	for i := 0; i < doc.NumPage(); i++ {
		s, err := doc.Text(i)
		if err != nil {
			t.Fatal(err)
		}
		text.WriteString(s)
	}
	all := strings.Join(strings.Fields(text.String()), "")
	for _, want := range []string{"东城区政务服务中心", "2026年11月", "月度复盘报告", "网办占比", "本月概况",
		"住房公积金提取", "放弃最多的是", "好差评", "设备故障", "近几个月趋势",
		fmtInt(r.Total.Sessions), fmtInt(r.Total.Submissions) + "件", "HK-01"} {
		if !strings.Contains(all, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// The first page renders (the charts are images on it).
	img, err := doc.Image(0)
	if err != nil || img.Bounds().Dx() < 500 {
		t.Errorf("page 1 image: %v", err)
	}
	if testing.Verbose() {
		os.WriteFile(filepath.Join(os.TempDir(), "hallkiosk-review-test.pdf"), buf.Bytes(), 0o644)
	}
}
