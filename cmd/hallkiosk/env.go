package main

import (
	"flag"
	"fmt"
	"io"
	stdlog "log"
	"log/slog"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"

	"hallkiosk/app/config"
	"hallkiosk/app/statedir"
	"hallkiosk/internal/logging"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// env is what every subcommand shares: output streams and the global flags.
type env struct {
	stdin          io.Reader // nil is os.Stdin
	stdout, stderr io.Writer

	configPath     string
	configExplicit bool
	dataDir        string
	portalURL      string
	busURL         string
	busCreds       string
	role           string
	// userData makes the default state directory the user's own
	// ($XDG_DATA_HOME/hallkiosk) even for root and the kiosk user: the
	// demo's, never the hall's queue.
	userData bool
}

// UnitStateDir is the state directory the systemd unit gives the kiosk
// (StateDirectory=hallkiosk), the default of run, doctor and outbox for the
// kiosk user and root.
const UnitStateDir = "/var/lib/hallkiosk"

// kioskUser is the system user the package creates for the kiosk.
const kioskUser = "kiosk"

// parseGlobals takes the global flags that come before the subcommand.
func (e *env) parseGlobals(args []string) ([]string, error) {
	fs := flag.NewFlagSet("hallkiosk", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	e.addGlobals(fs)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return fs.Args(), nil
}

// addGlobals registers --config, --data and --portal on a subcommand's flag
// set too, so they may come before or after the subcommand.
func (e *env) addGlobals(fs *flag.FlagSet) {
	fs.Func("config", "configuration file (default "+config.DefaultPath+")", func(v string) error {
		e.configPath, e.configExplicit = v, true
		return nil
	})
	fs.StringVar(&e.dataDir, "data", e.dataDir, "state directory (default "+UnitStateDir+" for root and the kiosk user, else $XDG_DATA_HOME/hallkiosk)")
	fs.StringVar(&e.portalURL, "portal", e.portalURL, "portal base address (overrides the config)")
	fs.StringVar(&e.busURL, "bus", e.busURL, "hall bus, nats://HOST:PORT or tls://HOST:PORT (overrides the config)")
	fs.StringVar(&e.busCreds, "bus-creds", e.busCreds, "this terminal's hall bus credentials file, mode 0600 (overrides the config)")
	fs.StringVar(&e.role, "role", e.role, "kiosk or window (overrides the config)")
}

// input is the standard input.
func (e *env) input() io.Reader {
	if e.stdin == nil {
		return os.Stdin
	}
	return e.stdin
}

// flags returns a flag set for a subcommand with the globals registered.
// Errors print to stderr; the caller returns exitUsage.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("hallkiosk "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	e.addGlobals(fs)
	return fs
}

// config loads the configuration and applies --portal, --bus,
// --bus-creds and --role.
func (e *env) config() (config.Config, error) {
	c, err := config.Load(e.configPath, e.configExplicit)
	if err != nil {
		return config.Config{}, err
	}
	if e.portalURL != "" {
		c.Portal.URL = e.portalURL
	}
	if e.busURL != "" {
		c.Hall.Bus = e.busURL
	}
	if e.busCreds != "" {
		c.Hall.Creds = e.busCreds
	}
	if e.role != "" {
		if e.role != "kiosk" && e.role != "window" {
			return config.Config{}, fmt.Errorf("--role %q: want kiosk or window", e.role)
		}
		c.Hall.Role = e.role
	}
	return c, nil
}

// data returns the state directory, created with mode 0700; an existing
// one is narrowed to 0700, or refused when it is not the kiosk user's own.
func (e *env) data() (string, error) {
	dir, err := e.dataPath()
	if err != nil {
		return "", err
	}
	if err := checkOwner(dir); err != nil {
		return "", err
	}
	narrowed, err := statedir.Ensure(dir)
	if err != nil {
		return "", fmt.Errorf("data dir: %w", err)
	}
	if narrowed {
		fmt.Fprintf(e.stderr, "hallkiosk: data dir %s was open to other users; its mode is now 0700\n", dir)
	}
	return dir, nil
}

// dataPath is the state directory --data names or, without it, the unit's
// (/var/lib/hallkiosk) for root and the kiosk user, so staff inspect the
// queue the kiosk really uses; for anyone else (a developer's demo)
// $XDG_DATA_HOME/hallkiosk. Nothing is created.
func (e *env) dataPath() (string, error) {
	if e.dataDir != "" {
		return e.dataDir, nil
	}
	if !e.userData && isKioskOrRoot() {
		return UnitStateDir, nil
	}
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("data dir: %w", err)
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "hallkiosk"), nil
}

// isKioskOrRoot reports whether this process runs as root or as the
// kiosk user.
func isKioskOrRoot() bool {
	if os.Geteuid() == 0 {
		return true
	}
	u, err := user.Current()
	return err == nil && u.Username == kioskUser
}

// checkOwner refuses, with the command to use instead, a state directory
// that exists and belongs to another user when this process runs as root:
// root's SQLite files in the kiosk's directory would lock the kiosk out.
func checkOwner(dir string) error {
	if os.Geteuid() != 0 {
		return nil // statedir.Ensure refuses another user's directory
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok || sys.Uid == 0 {
		return nil
	}
	name := strconv.Itoa(int(sys.Uid))
	if u, err := user.LookupId(name); err == nil {
		name = u.Username
	}
	return fmt.Errorf("data dir %s belongs to %s: run this command as that user (sudo -u %s hallkiosk …) so the kiosk can still open what it writes", dir, name, name)
}

// logger returns the JSON logger on stderr.
func (e *env) logger(c config.Config) *slog.Logger {
	w := e.stderr
	if f, ok := w.(*os.File); ok && logging.UnderJournal(f) {
		w = logging.JournalPriorities(w) // journalctl -p filters by level
	}
	l := logging.New(w, c.Log.Level, c.Kiosk.DeviceID)
	if e.stderr == io.Writer(os.Stderr) {
		// Fyne and GLFW print through the standard log package: into the
		// JSON stream with them, as warnings of component "fyne". (Fyne's
		// "Error parsing user locale C" comes from a package init, before
		// this can catch it: the unit sets LANG=zh_CN.UTF-8.)
		stdlog.SetFlags(0)
		stdlog.SetOutput(logging.StdlibWriter(l, "fyne"))
	}
	return l
}

// configError prints a configuration error (config.Load names the file,
// line and key) and returns exitConfig: running the command again will
// not help until the file is fixed, and the unit does not restart on it.
func (e *env) configError(err error) int {
	fmt.Fprintf(e.stderr, "hallkiosk: %v\n", err)
	return exitConfig
}

// fail prints a one-line error for the person at the terminal and returns
// exitError.
func (e *env) fail(format string, args ...any) int {
	fmt.Fprintf(e.stderr, "hallkiosk: "+format+"\n", args...)
	return exitError
}
