package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCameraCommands(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := idcardRun(t, "camera", "list")
	if code != exitOK {
		t.Fatalf("camera list: exit %d: %s", code, errOut)
	}
	var infos []map[string]any
	if err := json.Unmarshal([]byte(out), &infos); err != nil {
		t.Fatalf("camera list is not a JSON list: %v\n%s", err, out)
	}
	jpg := filepath.Join(dir, "x.jpg")
	code, _, errOut = idcardRun(t, "camera", "snap", "--device", filepath.Join(dir, "video-none"), "--out", jpg, "--timeout", "2s")
	if code != exitNothing || !strings.Contains(errOut, "no camera") {
		t.Errorf("snap of a missing camera: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat(jpg); err == nil {
		t.Error("a picture was written without a camera")
	}
	for _, args := range [][]string{
		{"camera"}, {"camera", "nope"}, {"camera", "snap", "--out", jpg},
		{"camera", "snap", "--device", "/dev/video0", "--out", jpg, "--size", "big"},
		{"camera", "list", "extra"},
	} {
		if code, _, _ := idcardRun(t, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

func TestDoctorCameraLine(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "kiosk.toml")
	os.WriteFile(cfg, []byte("[camera]\ndevice = \""+filepath.Join(dir, "video-none")+"\"\ndocument_device = \"No Such Camera\"\n"), 0o644)
	_, out, _ := idcardRun(t, "--config", cfg, "--data", filepath.Join(dir, "data"), "doctor", "--timeout", "2s")
	var cam, doc string
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[1] == "camera" {
			cam = l
		} else if len(f) > 1 && f[1] == "doccamera" {
			doc = l
		}
	}
	if !strings.HasPrefix(cam, "FAIL") || !strings.Contains(cam, "no camera") {
		t.Errorf("camera line: %q\n%s", cam, out)
	}
	if !strings.HasPrefix(doc, "FAIL") || !strings.Contains(doc, "No Such Camera") {
		t.Errorf("document camera line: %q\n%s", doc, out)
	}
	if strings.Contains(out, "no V4L2 driver") {
		t.Error("the old skip line is still there")
	}
}
