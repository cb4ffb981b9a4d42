package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/sys/unix"

	"hallkiosk/app/audit"
	"hallkiosk/app/staff"
)

// staffUsage is the synopsis of `hallkiosk staff`.
const staffUsage = `usage: hallkiosk staff add --id ID --role assistant|admin [--pin-stdin]
       hallkiosk staff passwd --id ID [--pin-stdin]
       hallkiosk staff disable --id ID
       hallkiosk staff list [--json]
The PIN (6-12 digits) is asked twice on the terminal, or read as two lines
from standard input with --pin-stdin; never give it on the command line.`

// cmdStaff is `hallkiosk staff add|passwd|disable|list`: the staff
// accounts in the state directory (app/staff).
func cmdStaff(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, staffUsage)
		return exitUsage
	}
	switch args[0] {
	case "add", "passwd", "disable":
		return staffChange(ctx, e, args[0], args[1:])
	case "list":
		return staffList(ctx, e, args[1:])
	}
	fmt.Fprintf(e.stderr, "hallkiosk: staff: unknown subcommand %q (add, passwd, disable, list)\n", clipArg(args[0]))
	return exitUsage
}

// clipArg shortens an argument quoted back in an error message.
func clipArg(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

// staffChange is add, passwd and disable.
func staffChange(ctx context.Context, e *env, sub string, args []string) int {
	fs := e.flagsWithoutRole("staff " + sub)
	id := fs.String("id", "", "the account's id (工号)")
	var role *string
	if sub == "add" {
		role = fs.String("role", "", "assistant or admin")
	}
	var pinStdin *bool
	if sub != "disable" {
		pinStdin = fs.Bool("pin-stdin", false, "read the PIN twice, one line each, from standard input")
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		// Never echo a stray argument: it may be a PIN.
		fmt.Fprintf(e.stderr, "hallkiosk: staff %s: %d unexpected argument(s); a PIN is never given on the command line\n%s\n", sub, fs.NArg(), staffUsage)
		return exitUsage
	}
	if role != nil && *role == "" {
		// `hallkiosk --role admin staff add --id ID`: the flag came before
		// the subcommand, where the terminal's --role (kiosk or window)
		// is parsed; an account role there is the account's.
		if _, err := staff.ParseRole(e.role); err == nil {
			*role, e.role = e.role, "" // not the terminal's role
		}
	}
	if *id == "" || (role != nil && *role == "") {
		fmt.Fprintln(e.stderr, staffUsage)
		return exitUsage
	}
	if err := staff.ValidID(*id); err != nil {
		fmt.Fprintf(e.stderr, "hallkiosk: %v\n", err)
		return exitUsage
	}
	var r staff.Role
	if role != nil {
		var err error
		if r, err = staff.ParseRole(*role); err != nil {
			fmt.Fprintf(e.stderr, "hallkiosk: %v\n", err)
			return exitUsage
		}
	}
	var pin string
	if pinStdin != nil {
		var err error
		pin, err = readNewPIN(e, *pinStdin)
		if err != nil {
			return e.fail("staff %s: %v", sub, err)
		}
		if err := staff.ValidPIN(pin); err != nil {
			return e.fail("%v", err)
		}
	}
	return withStaff(e, func(s *staff.Store) int {
		var err error
		switch sub {
		case "add":
			err = s.Add(ctx, *id, r, pin, cliActor())
		case "passwd":
			err = s.SetPIN(ctx, *id, pin, cliActor())
		case "disable":
			err = s.Disable(ctx, *id, cliActor())
		}
		switch {
		case errors.Is(err, staff.ErrNoSuchID):
			fmt.Fprintf(e.stderr, "hallkiosk: staff %s: no account %s\n", sub, *id)
			return exitNothing
		case err != nil:
			return e.fail("staff %s: %v", sub, err)
		}
		fmt.Fprintf(e.stderr, "hallkiosk: staff %s %s: done\n", sub, *id)
		return exitOK
	})
}

// flagsWithoutRole is e.flags without the global --role (kiosk or
// window): `staff add --role` is the account's role. The terminal's role
// may still come before the subcommand.
func (e *env) flagsWithoutRole(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("hallkiosk "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	globals := flag.NewFlagSet("", flag.ContinueOnError)
	e.addGlobals(globals)
	globals.VisitAll(func(f *flag.Flag) {
		if f.Name != "role" {
			fs.Var(f.Value, f.Name, f.Usage)
		}
	})
	return fs
}

// maxPINLine bounds a line read as a PIN.
const maxPINLine = 64

// readNewPIN reads a new PIN twice: two lines of standard input with
// fromStdin, else from the terminal with echo off.
func readNewPIN(e *env, fromStdin bool) (string, error) {
	in := e.input()
	if fromStdin {
		r := bufio.NewReaderSize(io.LimitReader(in, 2*maxPINLine+4), 2*maxPINLine+4)
		a, err1 := readLine(r)
		b, err2 := readLine(r)
		if err := errors.Join(err1, err2); err != nil {
			return "", fmt.Errorf("--pin-stdin wants the PIN on two lines: %w", err)
		}
		if a != b {
			return "", errors.New("the two PINs differ")
		}
		return a, nil
	}
	f, ok := in.(*os.File)
	if !ok || !isTerminal(f) {
		return "", errors.New("standard input is not a terminal: give the PIN twice on standard input with --pin-stdin")
	}
	a, err := readHidden(e, f, "PIN: ")
	if err != nil {
		return "", err
	}
	b, err := readHidden(e, f, "PIN again: ")
	if err != nil {
		return "", err
	}
	if a != b {
		return "", errors.New("the two PINs differ")
	}
	return a, nil
}

// readLine reads one line without its line ending.
func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		if errors.Is(err, io.EOF) {
			return "", errors.New("a line is missing")
		}
		return "", err
	}
	if len(line) > maxPINLine {
		return "", errors.New("a line is too long")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// readHidden prompts on stderr and reads a line from the terminal with its
// echo off.
func readHidden(e *env, f *os.File, prompt string) (string, error) {
	fd := int(f.Fd())
	old, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return "", fmt.Errorf("terminal: %w", err)
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ICANON | unix.ISIG
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &quiet); err != nil {
		return "", fmt.Errorf("terminal: %w", err)
	}
	defer unix.IoctlSetTermios(fd, unix.TCSETS, old)
	fmt.Fprint(e.stderr, prompt)
	defer fmt.Fprintln(e.stderr)
	return readLine(bufio.NewReaderSize(io.LimitReader(f, maxPINLine+2), maxPINLine+2))
}

// staffList prints the accounts, without their hashes.
func staffList(ctx context.Context, e *env, args []string) int {
	fs := e.flags("staff list")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, "usage: hallkiosk staff list [--json]")
		return exitUsage
	}
	return withStaff(e, func(s *staff.Store) int {
		list, err := s.List(ctx)
		if err != nil {
			return e.fail("staff list: %v", err)
		}
		if *asJSON {
			out, _ := json.MarshalIndent(list, "", "  ")
			fmt.Fprintln(e.stdout, string(out))
			return exitOK
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tROLE\tSTATE\tWRONG PINS\tCHANGED")
		for _, a := range list {
			state := "active"
			switch {
			case a.Disabled:
				state = "disabled"
			case a.LockedUntil.After(time.Now()):
				state = "locked until " + a.LockedUntil.Local().Format("15:04:05")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", a.ID, a.Role, state, a.Failures, a.UpdatedAt.Local().Format(time.DateTime))
		}
		tw.Flush()
		return exitOK
	})
}

// withStaff opens the audit log and the accounts in the state directory,
// runs use with them and closes them.
func withStaff(e *env, use func(s *staff.Store) int) int {
	cfg, err := e.config()
	if err != nil {
		return e.configError(err)
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
	s, err := staff.Open(filepath.Join(dir, staff.FileName), staff.Options{Audit: al, Terminal: cfg.Kiosk.DeviceID})
	if err != nil {
		return e.fail("%v", err)
	}
	defer s.Close()
	return use(s)
}
