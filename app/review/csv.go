package review

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"hallkiosk/app/figures"
)

// Columns are the CSV files and their columns, in order. They only ever
// grow at the end.
var Columns = map[string][]string{
	"summary.csv":  {"metric", "value"},
	"days.csv":     {"day", "sessions", "submissions", "counter", "ratings", "good", "bad"},
	"kiosks.csv":   {"kiosk", "sessions", "dwell_avg_s", "dwell_median_s", "submissions", "online", "offline", "assisted", "rewards", "ratings", "good_rate", "bad_rate", "calls", "answered", "answer_avg_s", "prints", "print_failed", "faults"},
	"services.csv": {"service", "name", "submissions", "online", "offline", "assisted", "first_online", "rewards", "dwell_avg_s", "dwell_median_s", "visits", "ratings", "good_rate", "bad_rate", "counter"},
	"funnel.csv":   {"journey", "service", "name", "position", "step", "step_name", "reached", "lost"},
	"ratings.csv":  {"level", "count"},
	"reasons.csv":  {"reason", "name", "count"},
	"feedback.csv": {"topic", "name", "count"},
	"faults.csv":   {"fault", "name", "count"},
}

// SummaryMetrics are the rows of summary.csv, in order.
var SummaryMetrics = []string{"month", "sessions", "submissions", "online", "offline", "assisted", "first_online",
	"rewards", "counter", "online_share", "dwell_avg_s", "dwell_median_s", "ratings", "good_rate", "bad_rate",
	"calls", "answered", "answer_avg_s", "prints", "print_failed", "faults"}

func secs(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) }
func rate(f float64) string       { return strconv.FormatFloat(f, 'f', 4, 64) }
func itoa(n int) string           { return strconv.Itoa(n) }

func faults(f figures.Figures) int {
	n := 0
	for _, c := range f.Faults {
		n += c.N
	}
	return n
}

// WriteCSV writes the report's tables into dir (created if need be).
func WriteCSV(dir string, r *figures.Report, names Names) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("review: csv: %w", err)
	}
	t := r.Total
	summary := map[string]string{
		"month": r.Period.From.String()[:7], "sessions": itoa(t.Sessions), "submissions": itoa(t.Submissions),
		"online": itoa(t.Online), "offline": itoa(t.Offline), "assisted": itoa(t.Assisted),
		"first_online": itoa(t.FirstOnline), "rewards": itoa(t.Rewards), "counter": itoa(r.Counter),
		"online_share": rate(r.OnlineShare), "dwell_avg_s": secs(t.DwellAvg), "dwell_median_s": secs(t.DwellMedian),
		"ratings": itoa(t.RatingsTotal), "good_rate": rate(t.GoodRate), "bad_rate": rate(t.BadRate),
		"calls": itoa(t.Calls), "answered": itoa(t.Answered), "answer_avg_s": secs(t.AnswerAvg),
		"prints": itoa(t.Prints), "print_failed": itoa(t.PrintFailed), "faults": itoa(faults(t)),
	}
	tables := map[string][][]string{}
	for _, m := range SummaryMetrics {
		tables["summary.csv"] = append(tables["summary.csv"], []string{m, summary[m]})
	}
	for _, d := range r.Days {
		tables["days.csv"] = append(tables["days.csv"], []string{d.Day.String(), itoa(d.Sessions), itoa(d.Submissions),
			itoa(d.Counter), itoa(d.Ratings), itoa(d.Good), itoa(d.Bad)})
	}
	for _, k := range r.Kiosks {
		f := r.ByKiosk[k]
		tables["kiosks.csv"] = append(tables["kiosks.csv"], []string{k, itoa(f.Sessions), secs(f.DwellAvg), secs(f.DwellMedian),
			itoa(f.Submissions), itoa(f.Online), itoa(f.Offline), itoa(f.Assisted), itoa(f.Rewards), itoa(f.RatingsTotal),
			rate(f.GoodRate), rate(f.BadRate), itoa(f.Calls), itoa(f.Answered), secs(f.AnswerAvg), itoa(f.Prints),
			itoa(f.PrintFailed), itoa(faults(*f))})
	}
	for _, s := range r.Services {
		f := r.ByService[s]
		tables["services.csv"] = append(tables["services.csv"], []string{s, names.service(s), itoa(f.Submissions),
			itoa(f.Online), itoa(f.Offline), itoa(f.Assisted), itoa(f.FirstOnline), itoa(f.Rewards), secs(f.DwellAvg),
			secs(f.DwellMedian), itoa(f.DwellN), itoa(f.RatingsTotal), rate(f.GoodRate), rate(f.BadRate),
			itoa(r.CounterByService[s])})
	}
	for _, fn := range r.Funnels {
		for i, st := range fn.Steps {
			tables["funnel.csv"] = append(tables["funnel.csv"], []string{fn.Journey, fn.Service, names.service(fn.Service),
				itoa(i + 1), st.Step, StepWords(st.Step), itoa(st.Reached), itoa(st.Lost)})
		}
	}
	for l := 5; l >= 1; l-- {
		tables["ratings.csv"] = append(tables["ratings.csv"], []string{itoa(l), itoa(t.Ratings[l])})
	}
	for _, c := range t.Reasons {
		tables["reasons.csv"] = append(tables["reasons.csv"], []string{c.Code, ReasonWords(c.Code), itoa(c.N)})
	}
	for _, c := range t.Feedback {
		tables["feedback.csv"] = append(tables["feedback.csv"], []string{c.Code, TopicWords(c.Code), itoa(c.N)})
	}
	for _, c := range t.Faults {
		tables["faults.csv"] = append(tables["faults.csv"], []string{c.Code, FaultWords(c.Code), itoa(c.N)})
	}
	for name, cols := range Columns {
		if err := writeCSV(filepath.Join(dir, name), cols, tables[name]); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(path string, cols []string, rows [][]string) error {
	var b strings.Builder
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Write(cols)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		return fmt.Errorf("review: csv %s: %w", filepath.Base(path), err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("review: csv: %w", err)
	}
	return nil
}
