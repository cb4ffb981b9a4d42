package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/devices"
	"hallkiosk/devices/idcard"
	"hallkiosk/devices/idcard/idcardsim"
	"hallkiosk/devices/receipt/receiptsim"
)

// doctorKiosk is a [kiosk] section of a kiosk in a hall (not the demo's).
const doctorKiosk = "[kiosk]\ndevice_id = \"HALL-0101-01\"\nmobile_app_url = \"https://zwfw.test.gov.cn/app\"\nprogress_url = \"https://zwfw.test.gov.cn/p\"\n"

func TestDoctorOneLinePerCheck(t *testing.T) {
	t.Setenv("DISPLAY", startXvfb(t))
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
		cfg := fmt.Sprintf(doctorKiosk+"[idcard]\nport = %q\n[receipt]\nport = %q\n[portal]\nurl = %q\ntoken = \"tok\"\n[a4]\nqueue = \"\"\n[camera]\ndevice = \"\"\n%s",
			cardPort, printer.Port(), srv.URL(), extra)
		if err := os.WriteFile(cfgPath, []byte(cfg), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig("")
	code, out, errOut := idcardRun(t, "--config", cfgPath, "--data", filepath.Join(dir, "data"), "doctor")
	t.Log(out)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, want := range []string{"config", "display", "state", "access", "font", "idcard", "receipt", "a4", "camera", "speech", "portal", "clock", "outbox"} {
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
	// A token every user may read fails the config line.
	os.Chmod(cfgPath, 0o644)
	if _, out, _ := idcardRun(t, "--config", cfgPath, "--data", filepath.Join(dir, "data"), "doctor"); !strings.Contains(out, "FAIL config") || !strings.Contains(out, "chmod 0640") {
		t.Errorf("world-readable token not reported:\n%s", out)
	}
	os.Chmod(cfgPath, 0o640)
	// The doctor creates nothing: no state directory, no outbox.
	if _, err := os.Stat(filepath.Join(dir, "data")); !os.IsNotExist(err) {
		t.Errorf("the doctor created the state directory (%v)", err)
	}

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

// TestDoctorJSONUnpluggedAndBesideAKiosk: --json; an unplugged reader
// fails its line with the reason; a reader a running kiosk holds is left
// alone (skipped, named), and the kiosk's reader reads on undisturbed.
func TestDoctorJSONUnpluggedAndBesideAKiosk(t *testing.T) {
	t.Setenv("DISPLAY", startXvfb(t))
	dir := t.TempDir()
	sim, cardPort := idcardSim(t, nil)
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
	cfg := fmt.Sprintf(doctorKiosk+"[idcard]\nport = %q\n[receipt]\nport = %q\n[portal]\nurl = %q\ntoken = \"tok\"\n[a4]\nqueue = \"\"\n[camera]\ndevice = \"\"\n",
		cardPort, printer.Port(), srv.URL())
	os.WriteFile(cfgPath, []byte(cfg), 0o640)
	type report struct {
		OK     bool `json:"ok"`
		Checks []struct{ Name, Result, Detail string }
	}
	doctor := func() (int, map[string][2]string) {
		code, out, errOut := idcardRun(t, "--config", cfgPath, "--data", filepath.Join(dir, "data"), "doctor", "--json")
		var r report
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("not one JSON object: %v\n%s\n%s", err, out, errOut)
		}
		if r.OK != (code == exitOK) {
			t.Errorf("ok %v with exit %d", r.OK, code)
		}
		m := map[string][2]string{}
		for _, c := range r.Checks {
			m[c.Name] = [2]string{c.Result, c.Detail}
		}
		return code, m
	}
	if _, m := doctor(); m["idcard"][0] != "ok" || m["receipt"][0] != "ok" || m["portal"][0] != "ok" || m["clock"][0] != "ok" {
		t.Fatalf("all plugged in: %v", m)
	}

	// Unplugged: that line fails, with why.
	sim.Unplug()
	code, m := doctor()
	if code != exitError || m["idcard"][0] != "fail" || !strings.Contains(m["idcard"][1], "no_device") || m["receipt"][0] != "ok" {
		t.Fatalf("unplugged reader: exit %d, %v", code, m)
	}
	sim.Replug()

	// Beside a running kiosk's reader (this process holds the port's lock).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reader, err := idcard.Open(ctx, cardPort, idcard.Opts{})
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	waitOnline := func() {
		for deadline := time.Now().Add(10 * time.Second); reader.Status().State != devices.Online; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the kiosk's reader is %v", reader.Status())
			}
		}
	}
	waitOnline()
	_, m = doctor()
	if m["idcard"][0] != "skip" || !strings.Contains(m["idcard"][1], "in use by process") {
		t.Fatalf("beside the kiosk: %v", m["idcard"])
	}
	// The kiosk's reader still reads a card.
	card := idcardsim.SampleCards()[0]
	sim.Place(card)
	for {
		select {
		case ev := <-reader.Events():
			if ev.Kind == idcard.CardRead {
				ev.Card.Wipe()
				return
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("the kiosk's reader read nothing after the doctor ran; %v", reader.Status())
		}
	}
}
