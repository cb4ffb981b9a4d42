package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"hallkiosk/app/hall"
	"hallkiosk/devices"
)

// cmdHall is `hallkiosk hall serve|status|creds`: the hall bus alone,
// every terminal on it, and a terminal's credentials.
func cmdHall(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "usage: hallkiosk hall serve [--listen HOST:PORT] | status [--bus URL] [--json] | creds --id ID --role kiosk|window --out FILE [--terminals FILE] | simulate [--kiosks N] [--for D]")
		return exitUsage
	}
	switch args[0] {
	case "serve":
		return cmdHallServe(ctx, e, args[1:])
	case "status":
		return cmdHallStatus(ctx, e, args[1:])
	case "creds":
		return cmdHallCreds(e, args[1:])
	case "simulate":
		return cmdHallSimulate(ctx, e, args[1:])
	}
	fmt.Fprintf(e.stderr, "hallkiosk hall: unknown command %q\n", args[0])
	return exitUsage
}

// cmdHallServe runs the hall bus (the server the window terminal embeds)
// with a directory of the terminals it hears, until ctx ends.
func cmdHallServe(ctx context.Context, e *env, args []string) int {
	fs := e.flags("hall serve")
	listen := fs.String("listen", "", "client address HOST:PORT (default [hall] listen)")
	leafListen := fs.String("leaf-listen", "", "accept leaf-node links of other halls on HOST:PORT (a city's central server)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return exitUsage
	}
	cfg, err := e.config()
	if err != nil {
		e.fail("%v", err)
		return exitConfig
	}
	log := e.logger(cfg)
	so, err := hall.ServerFromConfig(cfg, *listen)
	if err != nil {
		e.fail("%v", err)
		return exitConfig
	}
	so.LeafListen, so.Log = *leafListen, log
	const dirID = "hall-directory"
	so.Local = []hall.Terminal{{ID: dirID, Role: hall.RoleWindow}}
	srv, err := hall.StartServer(so)
	if err != nil {
		return e.fail("%v", err)
	}
	defer srv.Close()
	bus, err := hall.Connect(hall.ClientOptions{URL: srv.URL(), Terminal: dirID, Role: hall.RoleWindow,
		Extra: srv.LocalOptions(dirID), Log: log})
	if err != nil {
		return e.fail("%v", err)
	}
	defer bus.Close()
	roster := hall.NewRoster(nil)
	if err := roster.Serve(bus, true); err != nil {
		return e.fail("%v", err)
	}
	defer roster.Stop()
	fmt.Fprintf(e.stdout, "hall bus listening on %s\n", srv.URL())
	if u := srv.LeafURL(); u != "" {
		fmt.Fprintf(e.stdout, "leaf links on %s\n", u)
	}
	<-ctx.Done()
	return exitOK
}

// statusJSON is one terminal in `hall status --json`.
type statusJSON struct {
	ID            string                          `json:"id"`
	Role          hall.Role                       `json:"role"`
	Version       string                          `json:"version,omitempty"`
	Devices       map[devices.Kind]devices.Status `json:"devices"`
	OutboxDepth   *int                            `json:"outbox_depth"`
	OldestPending *time.Time                      `json:"outbox_oldest_pending,omitempty"`
	Faults        []hall.Fault                    `json:"faults,omitempty"`
	Screen        string                          `json:"screen,omitempty"`
	LastSeen      time.Time                       `json:"last_seen"`
}

// cmdHallStatus prints every terminal seen on the bus.
func cmdHallStatus(ctx context.Context, e *env, args []string) int {
	fs := e.flags("hall status")
	asJSON := fs.Bool("json", false, "print a JSON list")
	wait := fs.Duration("wait", 3*time.Second, "how long to wait for the bus and, without a directory, for statuses")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return exitUsage
	}
	cfg, err := e.config()
	if err != nil {
		e.fail("%v", err)
		return exitConfig
	}
	co, err := hall.ClientFromConfig(cfg, "")
	if err != nil {
		e.fail("%v", err)
		return exitConfig
	}
	if co.URL == "" {
		co.URL = "nats://127.0.0.1:4222"
	}
	bus, err := hall.Connect(co)
	if err != nil {
		return e.fail("%v", err)
	}
	defer bus.Close()
	deadline := time.Now().Add(*wait)
	for !bus.Connected() && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(20 * time.Millisecond)
	}
	if !bus.Connected() {
		return e.fail("hall bus %s: unreachable", co.URL)
	}
	list, err := hall.Survey(ctx, bus, *wait)
	if err != nil {
		return e.fail("%v", err)
	}
	out := make([]statusJSON, 0, len(list))
	for _, ti := range list {
		s := statusJSON{ID: ti.Terminal, Role: ti.Role, Version: ti.Version, Devices: ti.Devices, Faults: ti.Faults,
			Screen: ti.Screen, LastSeen: ti.LastSeen.UTC()}
		if s.Devices == nil {
			s.Devices = map[devices.Kind]devices.Status{}
		}
		if ti.Outbox != nil {
			s.OutboxDepth = &ti.Outbox.Depth
			if !ti.Outbox.OldestPending.IsZero() {
				t := ti.Outbox.OldestPending.UTC()
				s.OldestPending = &t
			}
		}
		out = append(out, s)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return e.fail("%v", err)
		}
		return exitOK
	}
	if len(out) == 0 {
		fmt.Fprintln(e.stdout, "no terminal on the bus")
	}
	for _, s := range out {
		var devs []string
		for k, st := range s.Devices {
			devs = append(devs, string(k)+"="+st.String())
		}
		sort.Strings(devs)
		depth := "-"
		if s.OutboxDepth != nil {
			depth = fmt.Sprint(*s.OutboxDepth)
		}
		fmt.Fprintf(e.stdout, "%-16s %-6s outbox=%-4s seen %s ago  %s\n", s.ID, s.Role, depth,
			time.Since(s.LastSeen).Round(time.Second), strings.Join(devs, " "))
	}
	return exitOK
}

// cmdHallCreds makes a terminal's credentials: a new nkey seed in a 0600
// file, and its public key added to the terminals file the server reads.
func cmdHallCreds(e *env, args []string) int {
	fs := e.flags("hall creds")
	id := fs.String("id", "", "the terminal's id (its kiosk.device_id)")
	out := fs.String("out", "", "the credentials file to write (mode 0600; never overwritten)")
	terminals := fs.String("terminals", "", "the server's terminals file to add the terminal to")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *id == "" || *out == "" {
		fmt.Fprintln(e.stderr, "usage: hallkiosk hall creds --id ID --role kiosk|window --out FILE [--terminals FILE]")
		return exitUsage
	}
	role := e.role // the global --role names the new terminal's
	if role == "" {
		role = string(hall.RoleKiosk)
	}
	r, err := hall.ParseRole(role)
	if err != nil {
		e.fail("%v", err)
		return exitUsage
	}
	if err := hall.CheckTerminalID(*id); err != nil {
		e.fail("%v", err)
		return exitUsage
	}
	pub, err := hall.WriteSeed(*out)
	if err != nil {
		return e.fail("%v", err)
	}
	if *terminals != "" {
		if err := hall.AddTerminal(*terminals, hall.Terminal{ID: *id, Role: r, NKey: pub}); err != nil {
			return e.fail("%v", err)
		}
	}
	fmt.Fprintf(e.stdout, "%s %s %s\n", *id, r, pub)
	return exitOK
}
