package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/devices/receipt/receiptsim"
)

func TestDoctorOneLinePerCheck(t *testing.T) {
	dir := t.TempDir()
	_, cardPort := idcardSim(t, nil)
	printer, err := receiptsim.Start(context.Background(), filepath.Join(dir, "ttyRECEIPT"), receiptsim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer printer.Close()
	srv, err := server.Start(context.Background(), server.Options{Addr: "127.0.0.1:0", Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cfgPath := filepath.Join(dir, "kiosk.toml")
	writeConfig := func(extra string) {
		cfg := fmt.Sprintf("[idcard]\nport = %q\n[receipt]\nport = %q\n[portal]\nurl = %q\ntoken = \"tok\"\n[a4]\nqueue = \"\"\n[camera]\ndevice = \"\"\n%s",
			cardPort, printer.Port(), srv.URL(), extra)
		if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig("")
	code, out, errOut := idcardRun(t, "--config", cfgPath, "--data", filepath.Join(dir, "data"), "doctor")
	t.Log(out)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, want := range []string{"config", "font", "idcard", "receipt", "a4", "camera", "speech", "portal", "outbox"} {
		found := false
		for _, l := range lines {
			if strings.Fields(l)[1] == want {
				found = true
			}
		}
		if !found {
			t.Errorf("no line for %s in\n%s", want, out)
		}
	}
	for _, l := range lines {
		name := strings.Fields(l)[1]
		if name == "speech" {
			continue // no sound card on the build machine
		}
		if strings.HasPrefix(l, "FAIL") {
			t.Errorf("unexpected failure: %s (%s)", l, errOut)
		}
	}
	_ = code

	// Paper out and a wrong token are reported, and the exit code says so.
	printer.SetCondition(receiptsim.PaperOut)
	writeConfig("")
	os.WriteFile(cfgPath, []byte(strings.Replace(mustRead(t, cfgPath), `token = "tok"`, `token = "wrong"`, 1)), 0o644)
	code, out, _ = idcardRun(t, "--config", cfgPath, "--data", filepath.Join(dir, "data"), "doctor")
	if code != exitError || !strings.Contains(out, "FAIL receipt") || !strings.Contains(out, "FAIL portal") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
