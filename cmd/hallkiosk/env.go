package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

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
}

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
	fs.StringVar(&e.dataDir, "data", e.dataDir, "state directory (default $XDG_DATA_HOME/hallkiosk)")
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
	dir := e.dataDir
	if dir == "" {
		base := os.Getenv("XDG_DATA_HOME")
		if base == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("data dir: %w", err)
			}
			base = filepath.Join(home, ".local", "share")
		}
		dir = filepath.Join(base, "hallkiosk")
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

// logger returns the JSON logger on stderr.
func (e *env) logger(c config.Config) *slog.Logger {
	return logging.New(e.stderr, c.Log.Level, c.Kiosk.DeviceID)
}

// fail prints a one-line error for the person at the terminal and returns
// exitError.
func (e *env) fail(format string, args ...any) int {
	fmt.Fprintf(e.stderr, "hallkiosk: "+format+"\n", args...)
	return exitError
}
