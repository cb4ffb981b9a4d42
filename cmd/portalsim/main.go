// Command portalsim serves the portal contract of shared/portal-api.md for
// demos and tests. See package hallkiosk/cmd/portalsim/server for what it
// simulates.
//
//	portalsim [--addr 127.0.0.1:8700] [--data DIR] [--token T] [--demo-sms-code 123456]
//	          [--fail-rate 0.1] [--latency 200ms] [--drop-after-commit 0.05] [--rate-limit 50]
//
// The device token comes from --token or HALLKIOSK_PORTAL_TOKEN; without
// either, any bearer token is accepted. It prints the base address on stdout
// and logs JSON lines (including SMS codes) on stderr.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/internal/logging"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses flags, starts the simulator and serves until ctx ends.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("portalsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		o        server.Options
		logLevel string
		seed     uint64
	)
	fs.StringVar(&o.Addr, "addr", "127.0.0.1:8700", "listen address (port 0 picks a free one)")
	fs.StringVar(&o.DataDir, "data", "", "state directory for portalsim.db (default: a temporary one)")
	fs.StringVar(&o.Token, "token", os.Getenv("HALLKIOSK_PORTAL_TOKEN"), "device token to accept (default $HALLKIOSK_PORTAL_TOKEN; empty accepts any)")
	fs.StringVar(&o.DemoSMSCode, "demo-sms-code", "", "fixed SMS code for demos (default: random, written to the log)")
	fs.StringVar(&o.FontPath, "font", server.DefaultFontPath, "TTF font with Chinese glyphs for the PDFs")
	fs.StringVar(&o.Authority, "authority", "", "issuing office printed on PDFs")
	fs.Float64Var(&o.Faults.FailRate, "fail-rate", 0, "share of requests answered 500/503 (0-1)")
	fs.DurationVar(&o.Faults.Latency, "latency", 0, "delay added to every request")
	fs.Float64Var(&o.Faults.DropAfterCommit, "drop-after-commit", 0, "share of creating requests committed and then dropped without an answer (0-1)")
	fs.Float64Var(&o.Faults.RateLimit, "rate-limit", 0, "requests per second before 429 (0: no limit)")
	fs.DurationVar(&o.Progress.Accepted, "accepted-after", 30*time.Second, "when a new application becomes accepted")
	fs.DurationVar(&o.Progress.InReview, "review-after", 2*time.Minute, "when it goes in_review")
	fs.DurationVar(&o.Progress.Done, "done-after", 10*time.Minute, "when it is approved")
	fs.Uint64Var(&seed, "seed", 0, "seed of the fault generator (0: random)")
	fs.StringVar(&logLevel, "log-level", "info", "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "portalsim: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	o.Seed = seed
	o.Logger = logging.New(stderr, logLevel, "")
	if _, err := os.Stat(o.FontPath); err != nil {
		fmt.Fprintf(stderr, "portalsim: warning: font %s not found: receipt and license PDFs will fail (install Debian package fonts-droid-fallback or pass --font)\n", o.FontPath)
	}
	s, err := server.Start(ctx, o)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintln(stdout, s.URL())
	<-ctx.Done()
	if err := s.Close(); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}
