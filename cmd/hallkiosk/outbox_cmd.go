package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"hallkiosk/app/config"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/internal/boundedio"
	"hallkiosk/internal/logging"
)

// outboxDBName is the outbox database in the state directory; its key file
// is outbox.db.key beside it.
const outboxDBName = "outbox.db"

// outboxUsage is the synopsis of `hallkiosk outbox`.
const outboxUsage = `usage: hallkiosk outbox add --file F [--material CODE=FILE]...
       hallkiosk outbox drain [--until-empty] [--timeout D]
       hallkiosk outbox list [--json] [--state S]
       hallkiosk outbox requeue|discard KEY-OR-VOUCHER --reason TEXT
       hallkiosk outbox audit [--json] [--last N]
       hallkiosk outbox reset --reason TEXT`

// cmdOutbox is `hallkiosk outbox add|drain|list|requeue|discard|audit|reset`:
// the offline queue of submissions (app/outbox).
func cmdOutbox(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, outboxUsage)
		return exitUsage
	}
	switch args[0] {
	case "add":
		return outboxAdd(ctx, e, args[1:])
	case "drain":
		return outboxDrain(ctx, e, args[1:])
	case "list":
		return outboxList(ctx, e, args[1:])
	case "requeue", "discard":
		return outboxStaffAction(ctx, e, args[0], args[1:])
	case "audit":
		return outboxAudit(ctx, e, args[1:])
	case "reset":
		return outboxReset(ctx, e, args[1:])
	}
	fmt.Fprintf(e.stderr, "hallkiosk: outbox: unknown subcommand %q (add, drain, list, requeue, discard, audit, reset)\n", args[0])
	return exitUsage
}

// materialFlags collects --material CODE=FILE.
type materialFlags []string

func (m *materialFlags) String() string     { return strings.Join(*m, ",") }
func (m *materialFlags) Set(v string) error { *m = append(*m, v); return nil }

// outboxAdd queues one Application JSON file and prints its key.
func outboxAdd(ctx context.Context, e *env, args []string) int {
	fs := e.flags("outbox add")
	file := fs.String("file", "", "Application JSON file (shared/portal-api.md)")
	var mats materialFlags
	fs.Var(&mats, "material", "CODE=FILE: a PDF or JPEG to upload before the application (repeatable)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if *file == "" || fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, "usage: hallkiosk outbox add --file F [--material CODE=FILE]...")
		return exitUsage
	}
	cfg, err := e.config()
	if err != nil {
		return e.configError(err)
	}
	raw, err := readBounded(*file, int64(cfg.Limits.ApplicationKB)<<10, "limits.application_kb")
	if err != nil {
		return e.fail("outbox add: %v", err)
	}
	var app portal.Application
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&app); err != nil {
		// The decoder's message names fields and offsets, never values.
		return e.fail("outbox add: %s is not an Application: %v", *file, err)
	}
	if len(mats) > cfg.Limits.Materials {
		return e.fail("outbox add: %d materials; one submission may have at most %d (limits.materials)", len(mats), cfg.Limits.Materials)
	}
	var materials []outbox.Material
	for _, m := range mats {
		code, path, ok := strings.Cut(m, "=")
		if !ok || code == "" || path == "" {
			fmt.Fprintf(e.stderr, "hallkiosk: outbox add: --material %q: want CODE=FILE\n", m)
			return exitUsage
		}
		data, err := readBounded(path, int64(cfg.Limits.MaterialMB)<<20, "limits.material_mb")
		if err != nil {
			return e.fail("outbox add: material %s: %v", code, err)
		}
		materials = append(materials, outbox.Material{Code: code, ContentType: sniffMaterial(path, data), Data: data})
	}
	ob, code := openOutbox(e, cfg, nil)
	if ob == nil {
		return code
	}
	defer ob.Close()
	if app.DeviceID == "" {
		app.DeviceID = cfg.Kiosk.DeviceID
	}
	r, err := ob.Add(ctx, app, materials...)
	if err != nil {
		return e.fail("outbox add: %v", err)
	}
	fmt.Fprintln(e.stdout, r.Key)
	fmt.Fprintf(e.stderr, "hallkiosk: outbox: queued, voucher %s\n", r.Voucher)
	return exitOK
}

// sniffMaterial returns the content type of a material file.
func sniffMaterial(path string, data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return portal.ContentPDF
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return portal.ContentJPEG
	case strings.EqualFold(filepath.Ext(path), ".pdf"):
		return portal.ContentPDF
	}
	return portal.ContentJPEG
}

// outboxDrain sends the queue to the portal.
func outboxDrain(ctx context.Context, e *env, args []string) int {
	fs := e.flags("outbox drain")
	untilEmpty := fs.Bool("until-empty", false, "wait out backoffs until nothing is pending")
	timeout := fs.Duration("timeout", 0, "give up after this long (exit 3 if items remain)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, "usage: hallkiosk outbox drain [--until-empty] [--timeout D]")
		return exitUsage
	}
	cfg, err := e.config()
	if err != nil {
		return e.configError(err)
	}
	log := e.logger(cfg)
	popts := portal.OptionsFromConfig(cfg)
	popts.Logger = logging.Component(log, "portal")
	popts.UserAgent = "hallkiosk/" + version
	client, err := portal.New(popts)
	if err != nil {
		return e.fail("outbox drain: %v", err)
	}
	ob, code := openOutbox(e, cfg, client)
	if ob == nil {
		return code
	}
	defer ob.Close()
	if *timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *timeout)
		defer cancel()
	}
	res, err := ob.Drain(ctx, *untilEmpty)
	out, _ := json.Marshal(res)
	fmt.Fprintln(e.stdout, string(out))
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(e.stderr, "hallkiosk: outbox drain: timed out with %d items pending\n", res.Pending)
		return exitNothing
	case errors.Is(err, context.Canceled):
		return exitError
	}
	return e.fail("outbox drain: %v", err)
}

// listEntry is one line of `outbox list --json`.
type listEntry struct {
	Key           string       `json:"key"`
	Kind          outbox.Kind  `json:"kind"`
	Voucher       string       `json:"voucher"`
	ServiceCode   string       `json:"service_code"`
	State         outbox.State `json:"state"`
	Attempts      int          `json:"attempts"`
	LastError     string       `json:"last_error"`
	ApplicationID string       `json:"application_id"`
	CreatedAt     time.Time    `json:"created_at"`
	SentAt        time.Time    `json:"sent_at,omitzero"`
}

// outboxList prints the queue without personal data.
func outboxList(ctx context.Context, e *env, args []string) int {
	fs := e.flags("outbox list")
	asJSON := fs.Bool("json", false, "print a JSON array")
	state := fs.String("state", "", "only pending, sent or parked items")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	switch outbox.State(*state) {
	case "", outbox.StatePending, outbox.StateSent, outbox.StateParked:
	default:
		fmt.Fprintf(e.stderr, "hallkiosk: outbox list: --state %q: want pending, sent or parked\n", *state)
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, "usage: hallkiosk outbox list [--json] [--state S]")
		return exitUsage
	}
	return withOutbox(e, func(ob *outbox.Outbox) int {
		lo := outbox.ListOptions{State: outbox.State(*state)}
		if *asJSON {
			return listJSON(ctx, e, ob, lo)
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY\tKIND\tVOUCHER\tSERVICE\tSTATE\tATTEMPTS\tAPPLICATION\tLAST ERROR")
		err := ob.Each(ctx, lo, func(en outbox.Entry) error {
			_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", en.Key, en.Kind, en.Voucher, en.ServiceCode,
				en.State, en.Attempts, en.ApplicationID, en.LastError)
			return err
		})
		tw.Flush()
		if err != nil {
			return e.fail("outbox list: %v", err)
		}
		return exitOK
	})
}

// listJSON streams the queue as one JSON array, an element per line.
func listJSON(ctx context.Context, e *env, ob *outbox.Outbox, lo outbox.ListOptions) int {
	first := true
	fmt.Fprint(e.stdout, "[")
	err := ob.Each(ctx, lo, func(en outbox.Entry) error {
		b, err := json.Marshal(listEntry{Key: en.Key, Kind: en.Kind, Voucher: en.Voucher, ServiceCode: en.ServiceCode,
			State: en.State, Attempts: en.Attempts, LastError: en.LastError, ApplicationID: en.ApplicationID,
			CreatedAt: en.CreatedAt.UTC(), SentAt: en.SentAt.UTC()})
		if err != nil {
			return err
		}
		sep := ",\n"
		if first {
			sep, first = "\n", false
		}
		_, err = fmt.Fprint(e.stdout, sep+string(b))
		return err
	})
	fmt.Fprintln(e.stdout, "\n]")
	if err != nil {
		return e.fail("outbox list: %v", err)
	}
	return exitOK
}

// withOutbox loads the configuration, opens the outbox in the state
// directory (without a portal), runs use with it and closes it.
func withOutbox(e *env, use func(ob *outbox.Outbox) int) int {
	cfg, err := e.config()
	if err != nil {
		return e.configError(err)
	}
	ob, code := openOutbox(e, cfg, nil)
	if ob == nil {
		return code
	}
	defer ob.Close()
	return use(ob)
}

// openOutbox opens the outbox in the state directory. On failure it
// reports and returns nil with the exit code.
func openOutbox(e *env, cfg config.Config, p outbox.Portal) (*outbox.Outbox, int) {
	dir, err := e.data()
	if err != nil {
		return nil, e.fail("%v", err)
	}
	o := outbox.OptionsFromConfig(cfg)
	o.Portal, o.Logger = p, e.logger(cfg)
	ob, err := outbox.Open(filepath.Join(dir, outboxDBName), o)
	if err != nil {
		return nil, e.fail("%v", err)
	}
	return ob, exitOK
}

// readBounded reads a file of at most max bytes, naming the configuration
// key that sets the limit when it is larger.
func readBounded(path string, max int64, key string) ([]byte, error) {
	data, err := boundedio.ReadFile(path, max)
	if errors.Is(err, boundedio.ErrTooLarge) {
		return nil, fmt.Errorf("%w (%s)", err, key)
	}
	return data, err
}

// outboxStaffAction is `outbox requeue|discard KEY-OR-VOUCHER --reason
// TEXT`: put a parked submission back in the queue, or delete its sealed
// data; either is written to the queue's audit trail.
func outboxStaffAction(ctx context.Context, e *env, action string, args []string) int {
	fs := e.flags("outbox " + action)
	reason := fs.String("reason", "", "why (required; kept in the audit trail)")
	if err := fs.Parse(reorderFlags(args)); err != nil {
		return exitUsage
	}
	if fs.NArg() != 1 || strings.TrimSpace(*reason) == "" {
		fmt.Fprintf(e.stderr, "usage: hallkiosk outbox %s KEY-OR-VOUCHER --reason TEXT\n", action)
		return exitUsage
	}
	return withOutbox(e, func(ob *outbox.Outbox) int {
		key, err := ob.Resolve(ctx, fs.Arg(0))
		if err != nil {
			fmt.Fprintf(e.stderr, "hallkiosk: outbox %s: no item %q\n", action, fs.Arg(0))
			return exitNothing
		}
		a := outbox.Action{Actor: cliActor(), Reason: *reason}
		if action == "requeue" {
			err = ob.Requeue(ctx, key, a)
		} else {
			err = ob.Discard(ctx, key, a)
		}
		if err != nil {
			return e.fail("outbox %s: %v", action, err)
		}
		fmt.Fprintf(e.stderr, "hallkiosk: outbox: %s %s done\n", action, key)
		return exitOK
	})
}

// reorderFlags moves a leading positional argument behind the flags, so
// both `requeue ID --reason R` and `requeue --reason R ID` parse.
func reorderFlags(args []string) []string {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return append(append([]string{}, args[1:]...), args[0])
	}
	return args
}

// cliActor names the person at the command line for the audit trail.
func cliActor() string {
	for _, v := range []string{"SUDO_USER", "USER", "LOGNAME"} {
		if u := os.Getenv(v); u != "" {
			return "cli:" + u
		}
	}
	return "cli"
}

// outboxAudit prints the queue's audit trail.
func outboxAudit(ctx context.Context, e *env, args []string) int {
	fs := e.flags("outbox audit")
	asJSON := fs.Bool("json", false, "print a JSON array")
	last := fs.Int("last", 100, "the last N lines")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 || *last < 1 {
		fmt.Fprintln(e.stderr, "usage: hallkiosk outbox audit [--json] [--last N]")
		return exitUsage
	}
	return withOutbox(e, func(ob *outbox.Outbox) int {
		lines, err := ob.Audit(ctx, *last)
		if err != nil {
			return e.fail("outbox audit: %v", err)
		}
		if *asJSON {
			if lines == nil {
				lines = []outbox.AuditEntry{}
			}
			out, _ := json.MarshalIndent(lines, "", "  ")
			fmt.Fprintln(e.stdout, string(out))
			return exitOK
		}
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "AT\tACTION\tKEY\tVOUCHER\tBY\tREASON")
		for _, l := range lines {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", l.At.Format(time.RFC3339), l.Action, l.Key, l.Voucher, l.Actor, l.Reason)
		}
		tw.Flush()
		return exitOK
	})
}

// outboxReset starts a new queue when the old one is known lost (the
// database missing or emptied while its key exists): the key is retired,
// never deleted, and the reset is the new queue's first audit line.
func outboxReset(ctx context.Context, e *env, args []string) int {
	fs := e.flags("outbox reset")
	reason := fs.String("reason", "", "why (required; kept in the audit trail)")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() > 0 || strings.TrimSpace(*reason) == "" {
		fmt.Fprintln(e.stderr, "usage: hallkiosk outbox reset --reason TEXT")
		return exitUsage
	}
	cfg, err := e.config()
	if err != nil {
		return e.configError(err)
	}
	dir, err := e.data()
	if err != nil {
		return e.fail("%v", err)
	}
	o := outbox.OptionsFromConfig(cfg)
	o.Logger = e.logger(cfg)
	path := filepath.Join(dir, outboxDBName)
	ob, err := outbox.Open(path, o)
	if err == nil {
		ob.Close()
		fmt.Fprintln(e.stderr, "hallkiosk: outbox reset: the queue opens normally; nothing to reset")
		return exitError
	}
	if !errors.Is(err, outbox.ErrQueueLost) {
		return e.fail("outbox reset: only a lost queue is reset: %v", err)
	}
	keyFile := o.KeyFile
	if keyFile == "" {
		keyFile = outbox.KeyPath(path)
	}
	retired, err := outbox.RetireKey(keyFile, time.Now())
	if err != nil {
		return e.fail("outbox reset: %v", err)
	}
	ob, err = outbox.Open(path, o)
	if err != nil {
		return e.fail("outbox reset: %v", err)
	}
	defer ob.Close()
	if err := ob.RecordReset(ctx, outbox.Action{Actor: cliActor(), Reason: *reason}, retired); err != nil {
		return e.fail("outbox reset: %v", err)
	}
	fmt.Fprintf(e.stderr, "hallkiosk: outbox: new queue started; the old key is kept as %s\n", retired)
	return exitOK
}
