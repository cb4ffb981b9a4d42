package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"hallkiosk/devices/a4/cupstest"
)

func TestPrintPDFCommand(t *testing.T) {
	srv := cupstest.Start(t, "HKCLI")
	t.Setenv("CUPS_SERVER", srv.Socket)
	title := "hk-cli-" + time.Now().Format("150405.000000")
	doc := fpdf.New("P", "mm", "A4", "")
	doc.AddPage()
	doc.SetFont("Helvetica", "", 16)
	doc.Cell(0, 10, "hallkiosk print pdf")
	var b bytes.Buffer
	if err := doc.Output(&b); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	code, out, errOut := runCmd(t, "print", "pdf", "--file", file, "--queue", srv.Queue, "--title", title)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s\n%s", code, errOut, srv.ErrorLog())
	}
	var res map[string]string
	if err := json.Unmarshal([]byte(out), &res); err != nil || !strings.HasPrefix(res["job"], srv.Queue+"-") || res["state"] != "completed" {
		t.Errorf("out %q", out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n, _ := strconv.Atoi(strings.TrimPrefix(res["job"], srv.Queue+"-"))
	pdf, err := srv.OutputForJob(ctx, n, start)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(pdf)

	srv.Run(t, "cupsdisable", srv.Queue)
	code, _, errOut = runCmd(t, "print", "pdf", "--file", file, "--queue", srv.Queue)
	if code != exitError || !strings.Contains(errOut, "stopped") {
		t.Errorf("stopped queue: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runCmd(t, "print", "pdf", "--file", file, "--queue", "NO_SUCH_Q")
	if code != exitError || !strings.Contains(errOut, "no CUPS queue") {
		t.Errorf("missing queue: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := runCmd(t, "print", "pdf"); code != exitUsage {
		t.Errorf("no --file: exit %d", code)
	}
}
