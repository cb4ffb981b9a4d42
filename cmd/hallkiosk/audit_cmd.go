package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"hallkiosk/app/audit"
	"hallkiosk/app/staff"
)

// auditUsage is the synopsis of `hallkiosk audit`.
const auditUsage = `usage: hallkiosk audit verify [--json]
       hallkiosk audit list [--last N] [--json]`

// cmdAudit is `hallkiosk audit verify|list`: the staff audit log
// (app/audit).
func cmdAudit(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, auditUsage)
		return exitUsage
	}
	switch args[0] {
	case "verify":
		return auditVerify(ctx, e, args[1:])
	case "list":
		return auditList(ctx, e, args[1:])
	}
	fmt.Fprintf(e.stderr, "hallkiosk: audit: unknown subcommand %q (verify, list)\n", clipArg(args[0]))
	return exitUsage
}

// auditVerify checks the log's chain and its archives': exit 0 when it
// holds, 1 naming the first broken row.
func auditVerify(ctx context.Context, e *env, args []string) int {
	fs := e.flags("audit verify")
	asJSON := fs.Bool("json", false, "print the report of each file as JSON")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, "usage: hallkiosk audit verify [--json]")
		return exitUsage
	}
	dir, err := e.data()
	if err != nil {
		return e.fail("%v", err)
	}
	path := filepath.Join(dir, audit.FileName)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		// No log at all is fine on a terminal where staff never acted;
		// accounts or archives without it mean it was removed.
		archives, _ := audit.Archives(dir)
		if _, serr := os.Stat(filepath.Join(dir, staff.FileName)); serr == nil || len(archives) > 0 {
			return e.fail("audit verify: %s is missing, but staff accounts or archives exist: the log was removed", path)
		}
		fmt.Fprintf(e.stderr, "hallkiosk: audit: no audit log yet in %s (nothing recorded)\n", dir)
		if *asJSON {
			fmt.Fprintln(e.stdout, "[]")
		}
		return exitOK
	}
	start := time.Now()
	reps, err := audit.VerifyAll(ctx, path)
	if err != nil {
		return e.fail("audit verify: %v", err)
	}
	if *asJSON {
		out, _ := json.MarshalIndent(reps, "", "  ")
		fmt.Fprintln(e.stdout, string(out))
	}
	var rows int64
	for _, r := range reps {
		rows += r.Rows
		if err := r.Err(); err != nil {
			fmt.Fprintf(e.stderr, "hallkiosk: audit verify: BROKEN: %s: row %d: %s\n", r.File, r.Broken.Seq, r.Broken.Reason)
			return exitError
		}
	}
	last := reps[len(reps)-1]
	fmt.Fprintf(e.stderr, "hallkiosk: audit: chain holds: %d rows in %d file(s), up to row %d (%s)\n",
		rows, len(reps), last.Head, time.Since(start).Round(time.Millisecond))
	return exitOK
}

// auditList prints the last rows of the log.
func auditList(ctx context.Context, e *env, args []string) int {
	fs := e.flags("audit list")
	asJSON := fs.Bool("json", false, "print a JSON array")
	last := fs.Int("last", 50, "the last N rows")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 || *last < 1 {
		fmt.Fprintln(e.stderr, "usage: hallkiosk audit list [--last N] [--json]")
		return exitUsage
	}
	dir, err := e.data()
	if err != nil {
		return e.fail("%v", err)
	}
	al, err := audit.Open(filepath.Join(dir, audit.FileName), audit.Options{})
	if err != nil {
		return e.fail("%v", err)
	}
	defer al.Close()
	rows, err := al.Last(ctx, *last)
	if err != nil {
		return e.fail("audit list: %v", err)
	}
	if *asJSON {
		if rows == nil {
			rows = []audit.Entry{}
		}
		out, _ := json.MarshalIndent(rows, "", "  ")
		fmt.Fprintln(e.stdout, string(out))
		return exitOK
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROW\tAT\tBY\tACTION\tSUBJECT\tDETAIL")
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.Seq, r.At.Local().Format(time.DateTime), r.Actor, r.Action, r.Subject, r.Detail)
	}
	tw.Flush()
	return exitOK
}
