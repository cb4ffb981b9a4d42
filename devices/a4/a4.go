package a4

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"

	"hallkiosk/devices"
)

// Errors, matched with errors.Is.
var (
	// ErrNoQueue: the configured queue does not exist in CUPS.
	ErrNoQueue = errors.New("a4: no such printer queue")
	// ErrStopped: the queue is disabled (stopped); jobs would wait forever.
	ErrStopped = errors.New("a4: printer queue stopped")
	// ErrRejecting: the queue does not accept jobs.
	ErrRejecting = errors.New("a4: printer queue rejecting jobs")
	// ErrCUPSDown: the CUPS scheduler is not running or not reachable.
	ErrCUPSDown = errors.New("a4: CUPS not running")
	// ErrJobFailed: CUPS finished the job with errors or aborted it.
	ErrJobFailed = errors.New("a4: print job failed")
	// ErrTimeout: the job did not complete in time; it was cancelled.
	ErrTimeout = errors.New("a4: print job timed out")
	// ErrNotPDF: the file is not a PDF.
	ErrNotPDF = errors.New("a4: not a PDF")
	// ErrNoPrinter: no queue is configured (an empty [a4] queue).
	ErrNoPrinter = errors.New("a4: no A4 printer configured")
)

// Opts configures a Printer; zero fields take their defaults.
type Opts struct {
	// Server is the CUPS scheduler: "host[:port]" or a domain socket
	// path. Empty: the clients' default (CUPS_SERVER, client.conf,
	// /run/cups/cups.sock).
	Server string
	// PollInterval is the pause between two lpstat polls; default 500 ms.
	PollInterval time.Duration
	// Timeout bounds Print's wait for completion when ctx has no earlier
	// deadline; default 3 minutes.
	Timeout time.Duration
	// Bin is the directory of lp, lpstat and cancel; default: from PATH.
	Bin string
	// Logger gets job ids and failures (never titles or file names).
	// Default: discard.
	Logger *slog.Logger
}

// JobOpts are the per-job settings.
type JobOpts struct {
	// Title is the job name CUPS shows and logs. It must carry no
	// personal data ("受理回执", not a name).
	Title string
	// Copies is the number of copies; default 1.
	Copies int
	// Options are extra `-o name=value` job options (e.g.
	// "fit-to-page": "true", "sides": "two-sided-long-edge").
	Options map[string]string
}

// Job is a submitted print job.
type Job struct {
	// ID is CUPS's request id, e.g. "KIOSK_A4-12".
	ID string
	// Number is the job number, 12 above.
	Number int
}

// Printer is one CUPS queue.
type Printer struct {
	queue string
	opts  Opts
}

// New returns the printer for queue. An empty queue means the kiosk has
// no A4 printer: New returns ErrNoPrinter.
func New(queue string, o Opts) (*Printer, error) {
	if strings.TrimSpace(queue) == "" {
		return nil, ErrNoPrinter
	}
	if strings.ContainsAny(queue, " \t/#") {
		return nil, fmt.Errorf("a4: queue name %q: no spaces, '/' or '#' allowed", queue)
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 500 * time.Millisecond
	}
	if o.Timeout <= 0 {
		o.Timeout = 3 * time.Minute
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Printer{queue: queue, opts: o}, nil
}

// Queue is the CUPS queue name.
func (p *Printer) Queue() string { return p.queue }

// String names the printer for logs.
func (p *Printer) String() string { return "A4 printer " + p.queue }

// run executes a CUPS client with the C locale and the chosen server.
func (p *Printer) run(ctx context.Context, name string, args ...string) (stdout, stderr string, err error) {
	bin := name
	if p.opts.Bin != "" {
		bin = p.opts.Bin + "/" + name
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	env := append(os.Environ(), "LC_ALL=C", "LANG=C")
	if p.opts.Server != "" {
		env = append(env, "CUPS_SERVER="+p.opts.Server)
	}
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	if errors.Is(err, exec.ErrNotFound) {
		return "", "", fmt.Errorf("%w: %s not installed (Debian package cups-client)", ErrCUPSDown, name)
	}
	return out.String(), strings.TrimSpace(errb.String()), err
}

// Status reads the queue's state. The error is nil when the queue can
// print, else one of ErrCUPSDown, ErrNoQueue, ErrStopped, ErrRejecting (or
// a failure to run lpstat).
func (p *Printer) Status(ctx context.Context) (devices.Status, error) {
	out, _, err := p.run(ctx, "lpstat", "-r")
	if ctx.Err() != nil {
		return devices.Status{State: devices.Offline, Detail: "status check interrupted"}, fmt.Errorf("a4: status: %w", ctx.Err())
	}
	if err != nil && errors.Is(err, ErrCUPSDown) {
		return devices.Status{State: devices.NoDevice, Detail: "CUPS client missing"}, err
	}
	if !strings.Contains(out, "scheduler is running") {
		return devices.Status{State: devices.Offline, Detail: "CUPS scheduler not running"}, ErrCUPSDown
	}
	pOut, pErr, err := p.run(ctx, "lpstat", "-p", p.queue)
	if err != nil {
		if strings.Contains(pErr, "Invalid destination") || strings.Contains(pErr, "does not exist") {
			return devices.Status{State: devices.NoDevice, Detail: "queue " + p.queue + " not found"}, ErrNoQueue
		}
		return devices.Status{State: devices.Offline, Detail: "lpstat failed"}, fmt.Errorf("a4: lpstat -p %s: %v: %s", p.queue, err, pErr)
	}
	aOut, _, _ := p.run(ctx, "lpstat", "-a", p.queue)
	return parseStatus(p.queue, pOut, aOut)
}

// parseStatus reads `lpstat -p Q` and `lpstat -a Q` (C locale).
func parseStatus(queue, pOut, aOut string) (devices.Status, error) {
	reason := func(out string) string {
		// The reason is on the indented line(s) after the first.
		var rs []string
		for _, l := range strings.Split(out, "\n")[1:] {
			if l = strings.TrimSpace(l); l != "" {
				rs = append(rs, l)
			}
		}
		return strings.Join(rs, "; ")
	}
	first := strings.SplitN(pOut, "\n", 2)[0]
	switch {
	case strings.Contains(first, " disabled"):
		d := "queue stopped"
		if r := reason(pOut); r != "" {
			d += ": " + r
		}
		return devices.Status{State: devices.Offline, Detail: d}, ErrStopped
	case strings.Contains(aOut, "not accepting"):
		d := "queue rejecting jobs"
		if r := reason(aOut); r != "" {
			d += ": " + r
		}
		return devices.Status{State: devices.Offline, Detail: d}, ErrRejecting
	case strings.Contains(first, "now printing"):
		return devices.Status{State: devices.Busy, Detail: "printing"}, nil
	case strings.Contains(first, " is idle"):
		return devices.Status{State: devices.Online}, nil
	case strings.HasPrefix(first, "printer "+queue):
		return devices.Status{State: devices.Online, Detail: strings.TrimSpace(first)}, nil
	}
	return devices.Status{State: devices.NoDevice, Detail: "queue " + queue + " not found"}, ErrNoQueue
}

var requestID = regexp.MustCompile(`request id is (\S+)-(\d+)`)

// Submit checks the queue and hands path (a PDF) to `lp`. It does not wait
// for the job to print; see Wait and Print.
func (p *Printer) Submit(ctx context.Context, path string, o JobOpts) (Job, error) {
	if err := checkPDF(path); err != nil {
		return Job{}, err
	}
	if _, err := p.Status(ctx); err != nil {
		return Job{}, err
	}
	args := []string{"-d", p.queue}
	if o.Title != "" {
		args = append(args, "-t", o.Title)
	}
	if o.Copies > 1 {
		args = append(args, "-n", strconv.Itoa(o.Copies))
	}
	for k, v := range o.Options {
		args = append(args, "-o", k+"="+v)
	}
	args = append(args, "--", path)
	out, errOut, err := p.run(ctx, "lp", args...)
	if err != nil {
		switch {
		case strings.Contains(errOut, "does not exist"):
			return Job{}, ErrNoQueue
		case strings.Contains(errOut, "not accepting"):
			return Job{}, ErrRejecting
		case strings.Contains(errOut, "connect") || strings.Contains(errOut, "scheduler"):
			return Job{}, fmt.Errorf("%w: %s", ErrCUPSDown, errOut)
		}
		return Job{}, fmt.Errorf("a4: lp: %v: %s", err, errOut)
	}
	return parseRequestID(out)
}

func parseRequestID(out string) (Job, error) {
	m := requestID.FindStringSubmatch(out)
	if m == nil {
		return Job{}, fmt.Errorf("a4: lp gave no request id: %q", strings.TrimSpace(out))
	}
	n, err := strconv.Atoi(m[2])
	if err != nil {
		return Job{}, fmt.Errorf("a4: lp request id %q: %w", m[0], err)
	}
	return Job{ID: m[1] + "-" + m[2], Number: n}, nil
}

// checkPDF makes sure path is a readable PDF before CUPS sees it.
func checkPDF(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("a4: %w", err)
	}
	defer f.Close()
	head := make([]byte, 5)
	if _, err := io.ReadFull(f, head); err != nil || string(head) != "%PDF-" {
		return fmt.Errorf("%w: %s", ErrNotPDF, path)
	}
	return nil
}

// JobState is where a job is.
type JobState int

// The states Wait tells apart.
const (
	JobPending JobState = iota
	JobCompleted
	JobFailed
	JobUnknown
)

// State polls lpstat once for job: pending, completed, failed (with
// CUPS's reason) or unknown (not listed, e.g. purged from the history).
func (p *Printer) State(ctx context.Context, job Job) (JobState, string, error) {
	out, errOut, err := p.run(ctx, "lpstat", "-W", "not-completed", "-o", p.queue)
	if err != nil && errOut != "" {
		return JobUnknown, "", fmt.Errorf("a4: lpstat -W not-completed: %v: %s", err, errOut)
	}
	if listed(out, job.ID) {
		return JobPending, "", nil
	}
	out, errOut, err = p.run(ctx, "lpstat", "-l", "-W", "completed", "-o", p.queue)
	if err != nil && errOut != "" {
		return JobUnknown, "", fmt.Errorf("a4: lpstat -W completed: %v: %s", err, errOut)
	}
	st, why := completedState(out, job.ID)
	return st, why, nil
}

// listed reports whether an lpstat -o listing has a line for id.
func listed(out, id string) bool {
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 0 && f[0] == id {
			return true
		}
	}
	return false
}

// completedState reads the block of id in `lpstat -l -W completed`.
func completedState(out, id string) (JobState, string) {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if f := strings.Fields(l); len(f) == 0 || f[0] != id {
			continue
		}
		var status, alerts string
		for _, d := range lines[i+1:] {
			if !strings.HasPrefix(d, "\t") && !strings.HasPrefix(d, " ") {
				break
			}
			d = strings.TrimSpace(d)
			if v, ok := strings.CutPrefix(d, "Status:"); ok {
				status = strings.TrimSpace(v)
			}
			if v, ok := strings.CutPrefix(d, "Alerts:"); ok {
				alerts = strings.TrimSpace(v)
			}
		}
		for _, bad := range []string{"job-completed-with-errors", "aborted", "job-canceled-at-device"} {
			if strings.Contains(alerts, bad) {
				why := alerts
				if status != "" {
					why = status + " (" + alerts + ")"
				}
				return JobFailed, why
			}
		}
		return JobCompleted, ""
	}
	return JobUnknown, ""
}

// Wait polls until job completes, fails, or ctx ends; it also stops when
// the queue is stopped or CUPS goes down while the job waits. A job given
// up on is cancelled.
func (p *Printer) Wait(ctx context.Context, job Job) error {
	t := time.NewTicker(p.opts.PollInterval)
	defer t.Stop()
	for {
		st, why, err := p.State(ctx, job)
		switch {
		case ctx.Err() != nil:
			return p.giveUp(job, ctx.Err())
		case err != nil:
			p.opts.Logger.Warn("a4: poll job", "job", job.ID, "err", err)
		case st == JobCompleted:
			return nil
		case st == JobFailed:
			return fmt.Errorf("%w: %s: %s", ErrJobFailed, job.ID, why)
		case st == JobUnknown:
			p.opts.Logger.Warn("a4: job no longer listed, assuming it printed", "job", job.ID)
			return nil
		}
		if _, err := p.Status(ctx); errors.Is(err, ErrStopped) || errors.Is(err, ErrCUPSDown) || errors.Is(err, ErrNoQueue) {
			return p.giveUp(job, err)
		}
		select {
		case <-ctx.Done():
			return p.giveUp(job, ctx.Err())
		case <-t.C:
		}
	}
}

// giveUp cancels job (on a fresh short context: ctx may be done) and
// returns why.
func (p *Printer) giveUp(job Job, why error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.Cancel(ctx, job); err != nil {
		p.opts.Logger.Warn("a4: cancel job", "job", job.ID, "err", err)
	}
	if errors.Is(why, context.DeadlineExceeded) {
		why = ErrTimeout
	}
	return fmt.Errorf("a4: job %s cancelled: %w", job.ID, why)
}

// Cancel withdraws job.
func (p *Printer) Cancel(ctx context.Context, job Job) error {
	_, errOut, err := p.run(ctx, "cancel", job.ID)
	if err != nil {
		return fmt.Errorf("a4: cancel %s: %v: %s", job.ID, err, errOut)
	}
	return nil
}

// Print submits path and waits for the job to complete (bounded by
// Opts.Timeout). On failure the job is cancelled.
func (p *Printer) Print(ctx context.Context, path string, o JobOpts) (Job, error) {
	job, err := p.Submit(ctx, path, o)
	if err != nil {
		return Job{}, err
	}
	p.opts.Logger.Info("a4: job submitted", "job", job.ID)
	wctx, cancel := context.WithTimeout(ctx, p.opts.Timeout)
	defer cancel()
	if err := p.Wait(wctx, job); err != nil {
		p.opts.Logger.Warn("a4: job failed", "job", job.ID, "err", err)
		return job, err
	}
	return job, nil
}

// PrintPDF prints a PDF held in memory (e.g. from the portal): it is
// written to a private temporary file that is overwritten and removed as
// soon as CUPS has spooled it.
func (p *Printer) PrintPDF(ctx context.Context, pdf []byte, o JobOpts) (Job, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return Job{}, ErrNotPDF
	}
	f, err := os.CreateTemp("", "hallkiosk-a4-*.pdf")
	if err != nil {
		return Job{}, fmt.Errorf("a4: temp file: %w", err)
	}
	path := f.Name()
	defer func() {
		if g, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
			g.Write(make([]byte, len(pdf)))
			g.Close()
		}
		os.Remove(path)
	}()
	_, werr := f.Write(pdf)
	cerr := f.Close()
	if werr != nil || cerr != nil {
		return Job{}, fmt.Errorf("a4: temp file: %w", errors.Join(werr, cerr))
	}
	// CUPS copies the file into its spool at submission; it may be removed
	// right after lp returns.
	job, err := p.Submit(ctx, path, o)
	if err != nil {
		return Job{}, err
	}
	wctx, cancel := context.WithTimeout(ctx, p.opts.Timeout)
	defer cancel()
	return job, p.Wait(wctx, job)
}
