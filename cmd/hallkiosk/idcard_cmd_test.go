package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hallkiosk/devices/idcard"
	"hallkiosk/devices/idcard/idcardsim"
)

// idcardSim starts the ID-card simulator on a PTY for the command tests.
func idcardSim(t *testing.T, card *idcard.Card) (*idcardsim.Sim, string) {
	t.Helper()
	link := filepath.Join(t.TempDir(), "ttyIDCARD")
	sim, err := idcardsim.Start(context.Background(), link, idcardsim.Options{Card: card})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim, link
}

func idcardRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestIDCardReadMasked(t *testing.T) {
	card := idcardsim.SampleCards()[1]
	_, link := idcardSim(t, card)
	code, out, errOut := idcardRun(t, "idcard", "read", "--port", link, "--timeout", "10s")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	if strings.Count(out, "\n") != 1 {
		t.Fatalf("want one JSON line, got %q", out)
	}
	var got map[string]string
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"card_type": "resident", "name": "阿******提", "sex": "女", "nation": "维吾尔",
		"birth": "1962-03-08", "address": "新疆乌鲁木齐****", "id_number": "650102********024" + card.IDNumber[17:],
		"authority": "乌鲁木齐市公安局天山区分局", "valid_from": "2012-05-20", "valid_to": "长期",
		"photo_wlt_sha256": card.PhotoSHA256(),
	}
	if len(got) != len(want) {
		t.Errorf("keys %v, want %v", keys(got), keys(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	for _, secret := range []string{card.IDNumber, card.Name, card.Address} {
		if strings.Contains(out+errOut, secret) {
			t.Fatalf("masked output leaks %q", secret)
		}
	}
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func TestIDCardReadUnmaskedEveryLayout(t *testing.T) {
	for _, card := range idcardsim.SampleCards() {
		t.Run(string(card.Type), func(t *testing.T) {
			_, link := idcardSim(t, card)
			code, out, errOut := idcardRun(t, "idcard", "read", "--port", link, "--baud", "115200", "--unmasked")
			if code != exitOK {
				t.Fatalf("exit %d, stderr %s", code, errOut)
			}
			var got idcard.View
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if want := card.View(); got != want {
				t.Fatalf("got  %+v\nwant %+v", got, want)
			}
			var raw map[string]any
			json.Unmarshal([]byte(out), &raw)
			switch card.Type {
			case idcard.ForeignPermanent:
				for _, k := range []string{"name_en", "nationality"} {
					if _, ok := raw[k]; !ok {
						t.Errorf("foreign card without %s", k)
					}
				}
				if _, ok := raw["nation"]; ok {
					t.Error("foreign card with a nation")
				}
			case idcard.HMTResidence:
				if raw["pass_number"] != card.PassNumber || raw["issue_count"] != card.IssueCount {
					t.Errorf("permit fields %v %v", raw["pass_number"], raw["issue_count"])
				}
			}
		})
	}
}

func TestIDCardReadNoCard(t *testing.T) {
	_, link := idcardSim(t, nil)
	code, out, errOut := idcardRun(t, "idcard", "read", "--port", link, "--timeout", "300ms")
	if code != exitNothing || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	t.Logf("stderr: %s", errOut)
	if !strings.Contains(errOut, "no card") {
		t.Fatalf("stderr %q", errOut)
	}
}

func TestIDCardReadErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "ttyNONE")
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no subcommand", []string{"idcard"}, exitUsage, "usage"},
		{"unknown subcommand", []string{"idcard", "write"}, exitUsage, "usage"},
		{"no port", []string{"idcard", "read"}, exitUsage, "--port is required"},
		{"bad timeout", []string{"idcard", "read", "--port", missing, "--timeout", "0s"}, exitUsage, "positive"},
		{"bad flag", []string{"idcard", "read", "--colour"}, exitUsage, "colour"},
		{"extra argument", []string{"idcard", "read", "--port", missing, "now"}, exitUsage, "unexpected argument"},
		{"missing device", []string{"idcard", "read", "--port", missing, "--timeout", "5s"}, exitError, "hallkiosk: idcard:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := idcardRun(t, tc.args...)
			t.Logf("stderr: %s", errOut)
			if code != tc.code || out != "" || !strings.Contains(errOut, tc.msg) {
				t.Fatalf("exit %d (want %d), stdout %q, stderr %q (want %q)", code, tc.code, out, errOut, tc.msg)
			}
		})
	}
}

func TestIDCardReadDeviceErrors(t *testing.T) {
	t.Run("unsupported 2023 card", func(t *testing.T) {
		sim, link := idcardSim(t, nil)
		sim.PlaceRaw(idcardsim.Sample2023Text(), nil)
		code, _, errOut := idcardRun(t, "idcard", "read", "--port", link)
		t.Logf("stderr: %s", errOut)
		if code != exitError || !strings.Contains(errOut, "unsupported card layout Y") {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
	})
	t.Run("bad check character", func(t *testing.T) {
		bad := idcardsim.SampleCards()[0]
		good := bad.IDNumber
		bad.IDNumber = good[:17] + map[bool]string{true: "1", false: "0"}[good[17] == '0']
		text, err := idcard.EncodeText(bad)
		if err != nil {
			t.Fatal(err)
		}
		sim, link := idcardSim(t, nil)
		sim.PlaceRaw(text, nil)
		code, _, errOut := idcardRun(t, "idcard", "read", "--port", link)
		t.Logf("stderr: %s", errOut)
		if code != exitError || !strings.Contains(errOut, "check character") || strings.Contains(errOut, good[:17]) {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
	})
	t.Run("broken SAM", func(t *testing.T) {
		sim, link := idcardSim(t, idcardsim.SampleCards()[0])
		sim.SetFaults(idcardsim.Faults{SAMStatus: 0x60})
		code, _, errOut := idcardRun(t, "idcard", "read", "--port", link)
		t.Logf("stderr: %s", errOut)
		if code != exitError || !strings.Contains(errOut, "SAM self-test failed") {
			t.Fatalf("exit %d, stderr %q", code, errOut)
		}
	})
}
