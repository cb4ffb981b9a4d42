package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/devices/receipt"
	"hallkiosk/devices/receipt/receiptsim"
)

func receiptSim(t *testing.T, w receipt.Width) *receiptsim.Sim {
	t.Helper()
	sim, err := receiptsim.Start(context.Background(), filepath.Join(t.TempDir(), "ttyRCPT"), receiptsim.Options{Width: w})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestReceiptStatusJSON(t *testing.T) {
	sim := receiptSim(t, receipt.W80)
	tests := []struct {
		cond receiptsim.Condition
		want string
	}{
		{receiptsim.OK, `{"state":"online","paper":"ok","cover_open":false,"cutter_error":false}`},
		{receiptsim.NearEnd, `{"state":"online","paper":"near_end","cover_open":false,"cutter_error":false}`},
		{receiptsim.PaperOut, `{"state":"user_error","paper":"out","cover_open":false,"cutter_error":false}`},
		{receiptsim.CoverOpen, `{"state":"user_error","paper":"ok","cover_open":true,"cutter_error":false}`},
		{receiptsim.CutterError, `{"state":"hardware_error","paper":"ok","cover_open":false,"cutter_error":true}`},
	}
	for _, tt := range tests {
		sim.SetCondition(tt.cond)
		code, out, errOut := runCmd(t, "receipt", "status", "--port", sim.Port())
		if code != exitOK || strings.TrimSpace(out) != tt.want {
			t.Errorf("%s: exit %d, out %s, stderr %s", tt.cond, code, out, errOut)
		}
	}
	code, out, errOut := runCmd(t, "receipt", "status", "--port", filepath.Join(t.TempDir(), "none"), "--timeout", "5s")
	var st map[string]any
	if code != exitError || json.Unmarshal([]byte(out), &st) != nil || st["state"] != "no_device" || !strings.Contains(errOut, "no printer on") {
		t.Errorf("missing printer: exit %d, out %q, stderr %q", code, out, errOut)
	}
}

func TestReceiptTestPage(t *testing.T) {
	for _, w := range []receipt.Width{receipt.W58, receipt.W80} {
		sim := receiptSim(t, w)
		code, out, errOut := runCmd(t, "receipt", "test", "--port", sim.Port(), "--width", strings.TrimSuffix(w.String(), "mm"))
		if code != exitOK || !strings.Contains(out, "test page printed") {
			t.Fatalf("%s: exit %d, out %q, stderr %q", w, code, out, errOut)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		pr, err := sim.Wait(ctx)
		cancel()
		if err != nil || !pr.Cut || pr.Image.Bounds().Dx() != w.PaperDots() {
			t.Errorf("%s: receipt %+v, %v", w, pr, err)
		}
	}
}

func TestReceiptTestRefusesWithoutPaper(t *testing.T) {
	sim := receiptSim(t, receipt.W80)
	sim.SetCondition(receiptsim.PaperOut)
	code, out, errOut := runCmd(t, "receipt", "test", "--port", sim.Port(), "--width", "80")
	if code != exitError || out != "" || !strings.Contains(errOut, "paper out") || !strings.Contains(errOut, "nothing was printed") {
		t.Errorf("exit %d, out %q, stderr %q", code, out, errOut)
	}
	if n := sim.Stats().PrintBytes(); n != 0 {
		t.Errorf("%d bytes sent to a printer without paper", n)
	}
}

func TestReceiptUsage(t *testing.T) {
	for _, args := range [][]string{
		{"receipt"},
		{"receipt", "jam"},
		{"receipt", "test", "--port", "/dev/null", "--width", "57"},
		{"receipt", "status", "--port", ""},
		{"receipt", "status", "extra"},
	} {
		if code, _, _ := runCmd(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestReceiptNoSensibleAnswer: garbage or an endless byte stream on the
// port is reported as such (exit 1 within the timeout, the baud rate hint),
// never as a printer state made up from the noise, and the test page is
// not sent.
func TestReceiptNoSensibleAnswer(t *testing.T) {
	const hint = "printer does not answer sensibly — check the baud rate"
	for _, cond := range []receiptsim.Condition{receiptsim.Garbled, receiptsim.Babble} {
		t.Run(cond.String(), func(t *testing.T) {
			sim := receiptSim(t, receipt.W80)
			sim.SetCondition(cond)
			start := time.Now()
			code, out, errOut := runCmd(t, "receipt", "status", "--port", sim.Port(), "--timeout", "5s")
			var st map[string]any
			if err := json.Unmarshal([]byte(out), &st); err != nil {
				t.Fatalf("status output %q: %v", out, err)
			}
			if code != exitError || !strings.Contains(errOut, hint) {
				t.Errorf("status: exit %d, out %q, stderr %q", code, out, errOut)
			}
			if st["state"] != "offline" || st["paper"] == "out" || st["cover_open"] == true || st["cutter_error"] == true {
				t.Errorf("status made up from noise: %s", out)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("status took %v with --timeout 5s", d)
			}

			start = time.Now()
			code, out, errOut = runCmd(t, "receipt", "test", "--port", sim.Port(), "--width", "80", "--timeout", "5s")
			if code != exitError || out != "" || !strings.Contains(errOut, hint) || !strings.Contains(errOut, "nothing was printed") {
				t.Errorf("test: exit %d, out %q, stderr %q", code, out, errOut)
			}
			if strings.Contains(errOut, "hardware error") || strings.Contains(errOut, "paper out") {
				t.Errorf("test page refused for a made-up reason: %q", errOut)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("test took %v with --timeout 5s", d)
			}
			if n := sim.Stats().PrintBytes(); n != 0 {
				t.Errorf("%d bytes of the test page sent", n)
			}
		})
	}
}
