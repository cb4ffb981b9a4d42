package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gen2brain/go-fitz"

	"hallkiosk/app/events"
	"hallkiosk/app/figures/figurestest"
	"hallkiosk/app/kiosk"
)

// TestFiguresCommand: `hallkiosk figures` reads the usage log in --data:
// the offline counter goes in with `figures counter`, the month comes out
// as a summary, CSV files and a PDF that MuPDF opens.
func TestFiguresCommand(t *testing.T) {
	if _, err := os.Stat("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"); err != nil {
		t.Skip("no CJK font (packaging/dev-deps.sh installs fonts-droid-fallback)")
	}
	data := t.TempDir()
	st, err := events.Open(filepath.Join(data, kiosk.EventsFile), events.Options{Kiosk: "WINDOW-1"})
	if err != nil {
		t.Fatal(err)
	}
	evs := figurestest.Generate(figurestest.Config{Seed: 5, Kiosks: 3, From: time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local),
		Days: 30, Location: time.Local, SessionsPerDay: 10})
	if err := figurestest.Seed(context.Background(), st, evs); err != nil {
		t.Fatal(err)
	}
	st.Close()
	ctx := context.Background()
	var out, errb bytes.Buffer
	if code := run(ctx, []string{"--data", data, "figures", "counter", "--day", "2026-11-05", "--n", "250"}, &out, &errb); code != 0 {
		t.Fatalf("counter: exit %d: %s", code, errb.String())
	}
	csvDir, pdf := filepath.Join(t.TempDir(), "csv"), filepath.Join(t.TempDir(), "review.pdf")
	code := run(ctx, []string{"--data", data, "figures", "--month", "2026-11", "--csv", csvDir, "--pdf", pdf}, &out, &errb)
	if code != 0 {
		t.Fatalf("figures: exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"month", "2026-11", "kiosks", "counter", "250"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	for _, f := range []string{"summary.csv", "funnel.csv", "services.csv"} {
		if _, err := os.Stat(filepath.Join(csvDir, f)); err != nil {
			t.Error(err)
		}
	}
	doc, err := fitz.New(pdf)
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	text, _ := doc.Text(0)
	if !strings.Contains(strings.Join(strings.Fields(text), ""), "2026年11月") {
		t.Errorf("page 1: %s", text)
	}
	// Usage mistakes and an empty state directory.
	if code := run(ctx, []string{"--data", data, "figures", "--month", "11/2026"}, &out, &errb); code != exitUsage {
		t.Errorf("bad month: exit %d", code)
	}
	if code := run(ctx, []string{"--data", t.TempDir(), "figures", "--month", "2026-11"}, &out, &errb); code != exitNothing {
		t.Errorf("no usage log: exit %d", code)
	}
}
