package figuresview_test

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/gen2brain/go-fitz"

	"hallkiosk/app/events"
	"hallkiosk/app/figures/figurestest"
	"hallkiosk/screens/figuresview"
)

const fontPath = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// TestView: the page draws November's figures and its four charts, takes
// the offline counter's number of a day (网办占比 follows), and exports
// the month as CSV and a PDF that MuPDF opens.
func TestView(t *testing.T) {
	font, err := os.ReadFile(fontPath)
	if err != nil {
		t.Skip("no CJK font (packaging/dev-deps.sh installs fonts-droid-fallback)")
	}
	test.NewTempApp(t)
	loc := time.FixedZone("CST", 8*3600)
	st, err := events.Open(filepath.Join(t.TempDir(), "events.db"), events.Options{Kiosk: "W1", Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	evs := figurestest.Generate(figurestest.Config{Seed: 9, Kiosks: 3, From: time.Date(2026, 9, 1, 0, 0, 0, 0, loc),
		Days: 91, Location: loc, SessionsPerDay: 8})
	if err := figurestest.Seed(context.Background(), st, evs); err != nil {
		t.Fatal(err)
	}
	export := t.TempDir()
	v, err := figuresview.New(figuresview.Deps{Store: st, Font: font, HallName: "测试大厅", ExportDir: export,
		Now: func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, loc) }})
	if err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, v.Object())
	w.Resize(w.Canvas().Size().Max(v.Object().MinSize()))
	v.Wait()
	r := v.Report()
	if r == nil || v.Month().Name != "2026年11月" {
		t.Fatalf("report %v, month %s; status %q", r, v.Month().Name, v.Status())
	}
	if !strings.Contains(v.Summary(), "使用人次 "+strconv.Itoa(r.Total.Sessions)) || v.ChartsDrawn() != 4 {
		t.Errorf("summary %q, %d charts", v.Summary(), v.ChartsDrawn())
	}
	if testing.Verbose() {
		if f, err := os.Create(filepath.Join(os.TempDir(), "hallkiosk-figuresview.png")); err == nil {
			png.Encode(f, w.Canvas().Capture())
			f.Close()
		}
	}
	v.SetCounter("2026-11-03", 120)
	v.Wait()
	if r := v.Report(); r.Counter != 120 || !strings.Contains(v.Status(), "已保存") {
		t.Errorf("counter %d, status %q", r.Counter, v.Status())
	}
	v.SetCounter("3 November", 1)
	if !strings.Contains(v.Status(), "日期") {
		t.Errorf("a bad day: status %q", v.Status())
	}
	v.Export()
	v.Wait()
	dir := filepath.Join(export, "2026-11")
	if !strings.Contains(v.Status(), dir) {
		t.Errorf("status %q", v.Status())
	}
	doc, err := fitz.New(filepath.Join(dir, "monthly-review.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	doc.Close()
	if _, err := os.Stat(filepath.Join(dir, "summary.csv")); err != nil {
		t.Error(err)
	}
}
