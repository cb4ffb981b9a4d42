package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"time"

	"hallkiosk/app/receipts"
	"hallkiosk/devices/receipt"
)

const receiptUsage = `usage: hallkiosk receipt status [--port P] [--baud N] [--timeout D]
       hallkiosk receipt test   [--port P] [--width 58|80] [--baud N] [--timeout D]
--port, --baud and --width default to the [receipt] section of the configuration.`

// cmdReceipt runs `hallkiosk receipt status` (the printer's status as one
// JSON object: state, paper, cover_open, cutter_error) and `hallkiosk
// receipt test` (the test page). Exit 0 when the status was read or the
// page printed; 1 when the printer is missing, does not answer or cannot
// print (paper out, cover open, ...: nothing is sent then) or answers with
// noise instead of status bytes (wrong baud rate: no state is made up
// then); 2 on bad usage.
func cmdReceipt(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || (args[0] != "status" && args[0] != "test") {
		fmt.Fprintln(e.stderr, receiptUsage)
		return exitUsage
	}
	sub := args[0]
	cfg, err := e.config()
	if err != nil {
		return e.configError(err)
	}
	fs := e.flags("receipt " + sub)
	port := fs.String("port", cfg.Receipt.Port, "serial port or USB printer device (/dev/usb/lp0)")
	baud := fs.Int("baud", cfg.Receipt.Baud, "line speed of a serial port")
	width := fs.Int("width", cfg.Receipt.Width, "paper width in mm: 58 or 80")
	timeout := fs.Duration("timeout", 30*time.Second, "how long to wait for the printer")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	w, werr := receipt.ParseWidth(*width)
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(e.stderr, "hallkiosk: receipt %s: unexpected argument %q\n%s\n", sub, fs.Arg(0), receiptUsage)
		return exitUsage
	case *port == "":
		fmt.Fprintf(e.stderr, "hallkiosk: receipt %s: --port is required\n%s\n", sub, receiptUsage)
		return exitUsage
	case werr != nil:
		fmt.Fprintf(e.stderr, "hallkiosk: %v\n", werr)
		return exitUsage
	case *timeout <= 0 || *baud <= 0:
		fmt.Fprintf(e.stderr, "hallkiosk: receipt %s: --timeout and --baud must be positive\n", sub)
		return exitUsage
	}

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	p, err := receipt.Open(ctx, *port, receipt.Opts{Width: w, Baud: *baud, PollInterval: time.Hour})
	if err != nil {
		return e.fail("%v", err)
	}
	defer p.Close()

	st, err := p.Status(ctx)
	if sub == "status" {
		enc := json.NewEncoder(e.stdout)
		if werr := enc.Encode(st); werr != nil {
			return e.fail("receipt: write: %v", werr)
		}
		if err != nil {
			return e.fail("receipt status: %s", explainReceipt(err, *port, *baud))
		}
		return exitOK
	}

	if err == nil {
		err = st.Err()
	}
	if err != nil {
		return e.fail("receipt test: %s; nothing was printed", explainReceipt(err, *port, *baud))
	}
	cfgID := cfg.Kiosk.DeviceID
	doc := receipts.TestPage(w, receipts.TestInfo{DeviceID: cfgID, Port: *port, Time: time.Now()})
	for _, r := range doc.Replaced() {
		fmt.Fprintf(e.stderr, "hallkiosk: receipt test: replaced %v\n", r)
	}
	if err := p.Print(ctx, doc); err != nil {
		var je *receipt.JobError
		if errors.As(err, &je) {
			return e.fail("receipt test: %s after %d of %d bytes; the page may be incomplete", explainReceipt(je.Err, *port, *baud), je.Sent, je.Total)
		}
		return e.fail("receipt test: %s; nothing was printed", explainReceipt(err, *port, *baud))
	}
	fmt.Fprintf(e.stdout, "test page printed on %s (%s, %d bytes)\n", *port, w, doc.Len())
	return exitOK
}

// explainReceipt says what is wrong and what to do, for the person at the
// terminal.
func explainReceipt(err error, port string, baud int) string {
	switch {
	case errors.Is(err, receipt.ErrPaperOut):
		return "paper out: load a new roll and try again"
	case errors.Is(err, receipt.ErrCoverOpen):
		return "cover open: close the paper cover and try again"
	case errors.Is(err, receipt.ErrCutter):
		return "cutter error: open the cover, clear the cutter, or call maintenance"
	case errors.Is(err, receipt.ErrHardware):
		return "printer hardware error: call maintenance"
	case errors.Is(err, receipt.ErrOffline):
		return "printer offline: " + err.Error()
	case errors.Is(err, receipt.ErrNoDevice):
		return "no printer on " + port + ": check the cable and power"
	case errors.Is(err, receipt.ErrNoSensibleAnswer), errors.Is(err, receipt.ErrBadReply):
		return fmt.Sprintf("printer does not answer sensibly — check the baud rate (now %d, --baud) and that %s is the printer", baud, port)
	case errors.Is(err, receipt.ErrNoReply):
		return "the printer on " + port + " does not answer: check power and baud rate"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	}
	return err.Error()
}
