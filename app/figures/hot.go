package figures

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"hallkiosk/app/events"
)

// HotDays is how far back the hot list looks.
const HotDays = 30

// Hot ranks services by the submissions of the last days days up to and
// including now's day (all kiosks the store holds), most first, ties by
// code. Services without a submission are not listed.
func Hot(ctx context.Context, db *sql.DB, loc *time.Location, now time.Time, days int) ([]Count, error) {
	from := events.DayOf(now.In(loc).AddDate(0, 0, -(days-1)), loc)
	rows, err := db.QueryContext(ctx, `SELECT service, sum(n) FROM rollup INDEXED BY rollup_metric
		WHERE metric = ? AND day >= ? AND service != '' GROUP BY service`, events.MSubmission, int(from))
	if err != nil {
		return nil, fmt.Errorf("figures: hot: %w", err)
	}
	defer rows.Close()
	m := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("figures: hot: %w", err)
		}
		m[s] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("figures: hot: %w", err)
	}
	return counts(m), nil
}
