package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"hallkiosk/app/catalog"
	"hallkiosk/app/events"
	"hallkiosk/app/figures"
	"hallkiosk/app/kiosk"
	"hallkiosk/app/portal"
	"hallkiosk/app/review"
	"hallkiosk/internal/boundedio"
)

// figuresUsage is the synopsis of `hallkiosk figures`.
const figuresUsage = `usage: hallkiosk figures --month YYYY-MM [--csv DIR] [--pdf FILE] [--kiosk ID]
       hallkiosk figures counter --day YYYY-MM-DD --n N [--service CODE]`

// cmdFigures is `hallkiosk figures`: the monthly review (定期复盘) from the
// usage log in --data (on the window terminal the hall's, on a kiosk its
// own): a summary on stdout, the tables as CSV files in --csv DIR, the
// report in Chinese as --pdf FILE. `figures counter` records the offline
// counters' number of affairs of a day, for 网办占比.
func cmdFigures(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 && args[0] == "counter" {
		return figuresCounter(ctx, e, args[1:])
	}
	fs := e.flags("figures")
	month := fs.String("month", "", "the month, YYYY-MM")
	csvDir := fs.String("csv", "", "write the tables as CSV files into this directory")
	pdfFile := fs.String("pdf", "", "write the review report (PDF, in Chinese) to this file")
	kioskID := fs.String("kiosk", "", "only this kiosk's figures")
	trend := fs.Int("trend", 6, "months in the report's trend")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	p, err := figures.ParseMonth(*month)
	if err != nil || fs.NArg() > 0 || *trend < 1 || *trend > 24 {
		fmt.Fprintln(e.stderr, figuresUsage)
		return exitUsage
	}
	c, err := e.config()
	if err != nil {
		return e.configError(fmt.Errorf("figures: %w", err))
	}
	st, code := openEventsFor(e, c.Kiosk.DeviceID)
	if st == nil {
		return code
	}
	defer st.Close()
	r, err := figures.Compute(ctx, st.DB(), st.Location(), p, figures.Filter{Kiosk: *kioskID})
	if err != nil {
		return e.fail("figures: %v", err)
	}
	names := figuresNames(e)
	if *csvDir != "" {
		if err := review.WriteCSV(*csvDir, r, names); err != nil {
			return e.fail("figures: %v", err)
		}
	}
	if *pdfFile != "" {
		font, err := boundedio.ReadFile(c.Kiosk.Font, 64<<20)
		if err != nil {
			return e.fail("figures: the report's font (kiosk.font): %v", err)
		}
		tr, err := figures.Trend(ctx, st.DB(), p.MonthsBack(*trend))
		if err != nil {
			return e.fail("figures: %v", err)
		}
		var buf bytes.Buffer
		doc := review.Doc{Report: r, Trend: tr, HallName: c.Kiosk.HallName, Names: names, Font: font, Generated: time.Now()}
		if err := review.WritePDF(&buf, doc); err != nil {
			return e.fail("figures: %v", err)
		}
		if err := os.WriteFile(*pdfFile, buf.Bytes(), 0o644); err != nil {
			return e.fail("figures: %v", err)
		}
	}
	printSummary(e, r)
	return exitOK
}

// openEventsFor opens the usage log of the state directory; nil and the
// exit code when there is none (3) or it fails (1).
func openEventsFor(e *env, deviceID string) (*events.Store, int) {
	dir, err := e.data()
	if err != nil {
		return nil, e.fail("figures: %v", err)
	}
	path := filepath.Join(dir, kiosk.EventsFile)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(e.stderr, "hallkiosk: figures: no usage log in %s (no kiosk has run with this --data)\n", dir)
		return nil, exitNothing
	}
	st, err := events.Open(path, events.Options{Kiosk: deviceID})
	if err != nil {
		return nil, e.fail("figures: %v", err)
	}
	return st, exitOK
}

// figuresNames names services from the cached catalog, else the demo's.
func figuresNames(e *env) review.Names {
	var known portal.Catalog
	cached := false
	if e.dataDir != "" {
		known, _, cached = catalog.LoadCache(filepath.Join(e.dataDir, "catalog.json"))
	}
	if !cached {
		known, _ = catalog.Demo()
	}
	cat, err := catalog.New(known, nil)
	if err != nil {
		return review.Names{}
	}
	return review.ServiceNames(cat)
}

func printSummary(e *env, r *figures.Report) {
	t := r.Total
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	row := func(k string, v any) { fmt.Fprintf(tw, "%s\t%v\n", k, v) }
	row("month", r.Period.From.String()[:7])
	row("kiosks", len(r.Kiosks))
	row("sessions", t.Sessions)
	row("submissions", t.Submissions)
	row("counter", r.Counter)
	row("online_share", fmt.Sprintf("%.1f%%", r.OnlineShare*100))
	row("dwell_avg", t.DwellAvg.Round(time.Second))
	row("dwell_median", t.DwellMedian.Round(time.Second))
	row("good_rate", fmt.Sprintf("%.1f%%", t.GoodRate*100))
	row("bad_rate", fmt.Sprintf("%.1f%%", t.BadRate*100))
	row("calls", fmt.Sprintf("%d (answered %d)", t.Calls, t.Answered))
	row("rewards", t.Rewards)
	tw.Flush()
}

// figuresCounter records a day's offline counter number.
func figuresCounter(ctx context.Context, e *env, args []string) int {
	fs := e.flags("figures counter")
	day := fs.String("day", "", "the day, YYYY-MM-DD")
	n := fs.String("n", "", "the number of affairs the offline counters handled that day (-1 deletes it)")
	service := fs.String("service", "", "the service's code, if the number is of one service")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	d, err := events.ParseDay(*day)
	num, nerr := strconv.Atoi(*n)
	if err != nil || nerr != nil || num < -1 || num > 1_000_000 || fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, figuresUsage)
		return exitUsage
	}
	c, err := e.config()
	if err != nil {
		return e.configError(fmt.Errorf("figures: %w", err))
	}
	dir, err := e.data()
	if err != nil {
		return e.fail("figures: %v", err)
	}
	st, err := events.Open(filepath.Join(dir, kiosk.EventsFile), events.Options{Kiosk: c.Kiosk.DeviceID})
	if err != nil {
		return e.fail("figures: %v", err)
	}
	defer st.Close()
	if err := st.SetCounter(ctx, d, *service, num); err != nil {
		return e.fail("figures: %v", err)
	}
	return exitOK
}
