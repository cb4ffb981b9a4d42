// Package a4 prints PDFs on the kiosk's A4 printer through CUPS, with the
// command-line clients every CUPS install has: `lp` submits a job to the
// configured queue and prints its id ("request id is KIOSK_A4-12 (1
// file(s))"), `lpstat` tells whether the scheduler runs (-r), whether the
// queue exists, is enabled (-p) and accepts jobs (-a), and whether a job is
// still pending (-W not-completed) or done (-W completed, with its state
// reasons under -l), and `cancel` withdraws a job the kiosk gave up on.
//
// The clients run with LC_ALL=C so their messages can be parsed, and with
// CUPS_SERVER set when Opts.Server names a scheduler (a host or a domain
// socket path), which is how the tests talk to a private cupsd.
//
// Problems come back as the common device status and as sentinel errors:
// no such queue → no_device (ErrNoQueue); queue stopped (cupsdisable) or
// rejecting jobs (cupsreject) → offline (ErrStopped, ErrRejecting);
// scheduler not running → offline (ErrCUPSDown). Print checks the status
// before submitting, so a job is never left waiting on a stopped queue, and
// a job that times out or whose context ends is cancelled: a document with
// a citizen's data must not come out of the printer after they left.
//
// Limitation: lpstat does not tell a job cancelled by staff from one that
// completed (both are "completed" with no error reason); a job CUPS marks
// job-completed-with-errors or aborted is reported as ErrJobFailed.
//
// Sources: CUPS man pages lp(1), lpstat(1), cancel(1), cupsd.conf(5),
// cups-files.conf(5); shared/research/platform-notes.md (A4 printing).
package a4
