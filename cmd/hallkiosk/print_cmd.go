package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"time"

	"hallkiosk/devices/a4"
)

const printUsage = `usage: hallkiosk print pdf --file F [--queue Q] [--title T] [--copies N] [--timeout D]
--queue defaults to [a4] queue of the configuration; CUPS_SERVER chooses the scheduler.`

// cmdPrint runs `hallkiosk print pdf`: it sends a PDF to the A4 printer's
// CUPS queue, waits until CUPS completed the job and prints
// {"job":"KIOSK_A4-12","queue":"KIOSK_A4","state":"completed"}. Exit 0 when
// printed, 1 when the queue is missing, stopped, rejecting, CUPS is down,
// the job failed or timed out (it is cancelled then), 2 on bad usage.
func cmdPrint(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] != "pdf" {
		fmt.Fprintln(e.stderr, printUsage)
		return exitUsage
	}
	cfg, err := e.config()
	if err != nil {
		return e.configError(err)
	}
	fs := e.flags("print pdf")
	file := fs.String("file", "", "the PDF to print (required)")
	queue := fs.String("queue", cfg.A4.Queue, "CUPS queue")
	title := fs.String("title", "hallkiosk", "job title (no personal data)")
	copies := fs.Int("copies", 1, "number of copies")
	timeout := fs.Duration("timeout", 3*time.Minute, "how long to wait for the job to complete")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(e.stderr, "hallkiosk: print pdf: unexpected argument %q\n%s\n", fs.Arg(0), printUsage)
		return exitUsage
	case *file == "":
		fmt.Fprintf(e.stderr, "hallkiosk: print pdf: --file is required\n%s\n", printUsage)
		return exitUsage
	case *copies < 1 || *copies > 99 || *timeout <= 0:
		fmt.Fprintln(e.stderr, "hallkiosk: print pdf: --copies must be 1..99 and --timeout positive")
		return exitUsage
	}
	p, err := a4.New(*queue, a4.Opts{Timeout: *timeout})
	if err != nil {
		return e.fail("print: %v", err)
	}
	job, err := p.Print(ctx, *file, a4.JobOpts{Title: *title, Copies: *copies})
	if err != nil {
		return e.fail("print: %s", explainA4(err, *queue))
	}
	out := struct {
		Job   string `json:"job"`
		Queue string `json:"queue"`
		State string `json:"state"`
	}{job.ID, *queue, "completed"}
	if err := json.NewEncoder(e.stdout).Encode(out); err != nil {
		return e.fail("print: write: %v", err)
	}
	return exitOK
}

// explainA4 says what is wrong with the A4 printer and what to do.
func explainA4(err error, queue string) string {
	switch {
	case errors.Is(err, a4.ErrNoQueue):
		return fmt.Sprintf("no CUPS queue %q: add it with lpadmin or fix [a4] queue", queue)
	case errors.Is(err, a4.ErrStopped):
		return fmt.Sprintf("queue %q is stopped: fix the printer, then cupsenable %s", queue, queue)
	case errors.Is(err, a4.ErrRejecting):
		return fmt.Sprintf("queue %q rejects jobs: cupsaccept %s", queue, queue)
	case errors.Is(err, a4.ErrCUPSDown):
		return "CUPS is not running: systemctl start cups"
	}
	return err.Error()
}
