// Command hallkiosk is the firmware app of a self-service terminal in a
// government service hall: the fullscreen kiosk (`run`), the demo with
// simulated devices and an embedded portal (`demo`), and the command-line
// tools installers and tests use (`idcard`, `receipt`, `print`, `outbox`,
// `speech`, `config`, `doctor`, `camera`). See shared/DESIGN.md for the contract.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// Exit codes of every subcommand.
const (
	exitOK      = 0
	exitError   = 1
	exitUsage   = 2
	exitNothing = 3
	// exitConfig is a configuration error (sysexits' EX_CONFIG): the
	// unit does not restart on it (packaging/PROCESS.md).
	exitConfig = 78
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) int
}

func commands() []command {
	return []command{
		{"run", "start the kiosk (fullscreen unless --windowed)", cmdRun},
		{"session", "session [--compositor P]: the kiosk under cage, exiting with the kiosk's code (systemd unit)", cmdSession},
		{"demo", "the kiosk with an embedded portal simulator and simulated devices", cmdDemo},
		{"config", "config default: print the fully commented default configuration", cmdConfig},
		{"idcard", "idcard read --port P: read one ID card and print it as JSON", cmdIDCard},
		{"receipt", "receipt status|test --port P: receipt printer status or test page", cmdReceipt},
		{"print", "print pdf --file F [--queue Q]: print a PDF on the A4 printer", cmdPrint},
		{"outbox", "outbox add|drain|list: the offline submission queue", cmdOutbox},
		{"speech", "speech say TEXT | speech voices: check the voice output", cmdSpeech},
		{"doctor", "check every configured device and the portal, one line each", cmdDoctor},
		{"camera", "camera list | camera snap --device D --out F.jpg: cameras for installers", cmdCamera},
		{"hall", "hall serve|status|creds: the hall bus alone, every terminal on it, a terminal's credentials", cmdHall},
		{"staff", "staff add|passwd|disable|list: the staff accounts (PIN asked, never on the command line)", cmdStaff},
		{"audit", "audit verify | audit list: check the staff audit log's chain, or show its last rows", cmdAudit},
		{"pinyin", "pinyin [--field name|address|text] [--json] INPUT...: the keyboard's first ten candidates", cmdPinyin},
		{"ask", "ask [--demo] [--json] QUESTION: the kiosk's best answers to a question (智能客服)", cmdAsk},
		{"figures", "figures --month YYYY-MM [--csv DIR] [--pdf FILE]: the monthly review from the usage log", cmdFigures},
		{"version", "print the version", cmdVersion},
	}
}

// run dispatches args to a subcommand and returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return runIO(ctx, args, nil, stdout, stderr)
}

// runIO is run with a standard input (nil is os.Stdin).
func runIO(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	rest, err := e.parseGlobals(args)
	if err != nil {
		fmt.Fprintln(stderr, "hallkiosk:", err)
		return exitUsage
	}
	if len(rest) == 0 {
		return cmdRun(ctx, e, nil)
	}
	name := rest[0]
	if name == "help" || name == "-h" || name == "--help" {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, e, rest[1:])
		}
	}
	fmt.Fprintf(stderr, "hallkiosk: unknown command %q\n", name)
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: hallkiosk [--config F] [--data DIR] [--portal URL] <command> [flags]")
	fmt.Fprintln(w)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "exit codes: 0 ok, 1 error, 2 usage, 3 nothing there (no card, timeout), 78 configuration error")
}
