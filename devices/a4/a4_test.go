package a4_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"hallkiosk/devices"
	"hallkiosk/devices/a4"
	"hallkiosk/devices/a4/cupstest"
	"hallkiosk/devices/pdfrender"
)

func testPDF(t *testing.T, text string) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 20)
	p.Cell(0, 12, text)
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writePDF(t *testing.T, text string) string {
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, testPDF(t, text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func unique(prefix string) string { return fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano()) }

// TestPrintThroughCUPS prints a PDF on a cups-pdf queue of a private cupsd
// and checks the PDF that comes out carries the text.
func TestPrintThroughCUPS(t *testing.T) {
	srv := cupstest.Start(t, "HKTEST")
	p, err := a4.New(srv.Queue, a4.Opts{Server: srv.Socket, PollInterval: 100 * time.Millisecond, Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	st, err := p.Status(ctx)
	if err != nil || st.State != devices.Online {
		t.Fatalf("status = %v, %v", st, err)
	}
	title := unique("hk-a4-test")
	text := "Electronic licence " + title
	job, err := p.Print(ctx, writePDF(t, text), a4.JobOpts{Title: title, Options: map[string]string{"TitlePref": "1"}})
	if err != nil {
		t.Fatalf("Print: %v\n%s", err, srv.ErrorLog())
	}
	if !strings.HasPrefix(job.ID, srv.Queue+"-") || job.Number <= 0 {
		t.Errorf("job = %+v", job)
	}
	out, err := srv.Output(ctx, title)
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(out)
	d, err := pdfrender.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	got, err := d.Text(0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, text) {
		t.Errorf("printed PDF says %q, want %q", got, text)
	}

	// From memory, as the portal hands PDFs over.
	title2 := unique("hk-a4-mem")
	if _, err := p.PrintPDF(ctx, testPDF(t, title2), a4.JobOpts{Title: title2, Options: map[string]string{"TitlePref": "1"}}); err != nil {
		t.Fatal(err)
	}
	out2, err := srv.Output(ctx, title2)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(out2)
}

// TestQueueProblems: stopped, rejecting, missing queue and CUPS down are
// reported as device status and refuse the job before it is submitted.
func TestQueueProblems(t *testing.T) {
	srv := cupstest.Start(t, "HKPROB")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	opts := a4.Opts{Server: srv.Socket, PollInterval: 100 * time.Millisecond}
	p, _ := a4.New(srv.Queue, opts)
	pdf := writePDF(t, "problem")
	jobs := func() string { return srv.Run(t, "lpstat", "-W", "not-completed", "-o", srv.Queue) }

	srv.Run(t, "cupsdisable", "-r", "paper jam", srv.Queue)
	st, err := p.Status(ctx)
	if !errors.Is(err, a4.ErrStopped) || st.State != devices.Offline || !strings.Contains(st.Detail, "paper jam") {
		t.Errorf("stopped: %v, %v", st, err)
	}
	if _, err := p.Print(ctx, pdf, a4.JobOpts{Title: "x"}); !errors.Is(err, a4.ErrStopped) {
		t.Errorf("Print on a stopped queue = %v", err)
	}
	if j := jobs(); strings.TrimSpace(j) != "" {
		t.Errorf("a job was queued on a stopped queue: %q", j)
	}
	srv.Run(t, "cupsenable", srv.Queue)

	srv.Run(t, "cupsreject", srv.Queue)
	if st, err := p.Status(ctx); !errors.Is(err, a4.ErrRejecting) || st.State != devices.Offline {
		t.Errorf("rejecting: %v, %v", st, err)
	}
	srv.Run(t, "cupsaccept", srv.Queue)

	missing, _ := a4.New("NO_SUCH_QUEUE", opts)
	if st, err := missing.Status(ctx); !errors.Is(err, a4.ErrNoQueue) || st.State != devices.NoDevice {
		t.Errorf("missing queue: %v, %v", st, err)
	}
	if _, err := missing.Print(ctx, pdf, a4.JobOpts{}); !errors.Is(err, a4.ErrNoQueue) {
		t.Errorf("Print on a missing queue = %v", err)
	}

	// A held job that never completes is cancelled at the deadline.
	short, cancelShort := context.WithTimeout(ctx, 2*time.Second)
	_, err = p.Print(short, pdf, a4.JobOpts{Title: "held", Options: map[string]string{"job-hold-until": "indefinite"}})
	cancelShort()
	if !errors.Is(err, a4.ErrTimeout) {
		t.Errorf("held job: %v", err)
	}
	if j := jobs(); strings.TrimSpace(j) != "" {
		t.Errorf("the timed-out job is still queued: %q", j)
	}

	if _, err := p.Print(ctx, filepath.Join(t.TempDir(), "none.pdf"), a4.JobOpts{}); err == nil {
		t.Error("missing file accepted")
	}
	notPDF := filepath.Join(t.TempDir(), "x.pdf")
	os.WriteFile(notPDF, []byte("hello"), 0o600)
	if _, err := p.Print(ctx, notPDF, a4.JobOpts{}); !errors.Is(err, a4.ErrNotPDF) {
		t.Errorf("not a PDF: %v", err)
	}

	srv.Stop()
	if st, err := p.Status(ctx); !errors.Is(err, a4.ErrCUPSDown) || st.State != devices.Offline {
		t.Errorf("CUPS down: %v, %v", st, err)
	}
	if _, err := p.Print(ctx, pdf, a4.JobOpts{}); !errors.Is(err, a4.ErrCUPSDown) {
		t.Errorf("Print with CUPS down = %v", err)
	}
}

func TestNew(t *testing.T) {
	if _, err := a4.New("", a4.Opts{}); !errors.Is(err, a4.ErrNoPrinter) {
		t.Errorf("empty queue: %v", err)
	}
	if _, err := a4.New("a b", a4.Opts{}); err == nil {
		t.Error("queue with a space accepted")
	}
}
