package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"time"

	"hallkiosk/devices/idcard"
)

const idcardUsage = "usage: hallkiosk idcard read --port P [--baud 115200] [--timeout 10s] [--unmasked]"

// cmdIDCard runs `hallkiosk idcard read`: it waits for one ID card on the
// reader at --port and prints it as one JSON object (keys as in
// idcard.View). Name, number and address are masked unless --unmasked.
// Exit 0 with a card, 3 when no card arrived before --timeout, 1 on a
// device error or a card that cannot be read, 2 on bad usage.
func cmdIDCard(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] != "read" {
		fmt.Fprintln(e.stderr, idcardUsage)
		return exitUsage
	}
	fs := e.flags("idcard read")
	port := fs.String("port", "", "serial port of the ID-card reader (required)")
	baud := fs.Int("baud", idcard.DefaultBaud, "line speed")
	timeout := fs.Duration("timeout", 10*time.Second, "how long to wait for a card")
	unmasked := fs.Bool("unmasked", false, "print name, numbers and address unmasked")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(e.stderr, "hallkiosk: idcard read: unexpected argument %q\n%s\n", fs.Arg(0), idcardUsage)
		return exitUsage
	case *port == "":
		fmt.Fprintf(e.stderr, "hallkiosk: idcard read: --port is required\n%s\n", idcardUsage)
		return exitUsage
	case *timeout <= 0 || *baud <= 0:
		fmt.Fprintf(e.stderr, "hallkiosk: idcard read: --timeout and --baud must be positive\n")
		return exitUsage
	}

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	card, err := idcard.ReadOnce(ctx, *port, idcard.Opts{Baud: *baud})
	switch {
	case err == nil:
	case errors.Is(err, idcard.ErrNoCard) && errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(e.stderr, "hallkiosk: idcard: no card on the reader within %v\n", *timeout)
		return exitNothing
	default:
		return e.fail("%v", err)
	}
	defer card.Wipe()

	view := card.Masked()
	if *unmasked {
		view = card.View()
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(view); err != nil {
		return e.fail("idcard: write: %v", err)
	}
	return exitOK
}
