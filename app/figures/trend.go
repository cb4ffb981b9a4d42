package figures

import (
	"context"
	"database/sql"
	"fmt"
)

// MonthFigures are one month's main counts, for the trend over months.
type MonthFigures struct {
	Period                Period
	Sessions, Submissions int
	Counter               int
	// OnlineShare is 网办占比 as in Report.
	OnlineShare        float64
	Ratings, Good, Bad int
}

// Trend reads the main counts of each month period in ms from the
// monthly rollup: a cheap look at many months.
func Trend(ctx context.Context, db *sql.DB, ms []Period) ([]MonthFigures, error) {
	out := make([]MonthFigures, 0, len(ms))
	for _, p := range ms {
		m, ok := p.month()
		if !ok {
			return nil, fmt.Errorf("figures: trend: %s is not a month", p.Name)
		}
		mf := MonthFigures{Period: p}
		rows, err := db.QueryContext(ctx, `SELECT metric, key, sum(n) FROM rollup_month
			WHERE month = ? AND metric IN ('sessions', 'submission', 'rating') GROUP BY metric, key`, m)
		if err != nil {
			return nil, fmt.Errorf("figures: trend: %w", err)
		}
		for rows.Next() {
			var metric, key string
			var n int
			if err := rows.Scan(&metric, &key, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("figures: trend: %w", err)
			}
			switch metric {
			case "sessions":
				mf.Sessions += n
			case "submission":
				mf.Submissions += n
			case "rating":
				mf.Ratings += n
				switch key {
				case "4", "5":
					mf.Good += n
				case "1", "2":
					mf.Bad += n
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("figures: trend: %w", err)
		}
		if err := db.QueryRowContext(ctx, `SELECT coalesce(sum(n), 0) FROM counter WHERE day BETWEEN ? AND ?`,
			int(p.From), int(p.To)).Scan(&mf.Counter); err != nil {
			return nil, fmt.Errorf("figures: trend: %w", err)
		}
		if all := mf.Submissions + mf.Counter; all > 0 {
			mf.OnlineShare = float64(mf.Submissions) / float64(all)
		}
		out = append(out, mf)
	}
	return out, nil
}
