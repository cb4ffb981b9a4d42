package staff

import (
	"context"

	"hallkiosk/app/audit"
)

// AppendAudit appends r to log with the terminal it happened at added to its
// detail ("…; at kiosk-7"): the one way the staff's rows are written, by
// the accounts, the login desk, the witnessed check and 帮办.
func AppendAudit(ctx context.Context, log *audit.Log, terminal string, r audit.Record) error {
	if terminal != "" {
		if r.Detail != "" {
			r.Detail += "; "
		}
		r.Detail += "at " + terminal
	}
	_, err := log.Append(ctx, r)
	return err
}
