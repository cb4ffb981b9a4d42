package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestNoLocaleErrorUnderPOSIXLocale: under LANG=C, C.UTF-8 or POSIX (what a
// kiosk's unit and an installer's shell run with) no command prints Fyne's
// "Error parsing user locale C" before main could route its logs (our
// patch of Fyne, third_party/fyne/PATCHES.md), so stderr stays readable and
// journald gets no stray line.
func TestNoLocaleErrorUnderPOSIXLocale(t *testing.T) {
	for _, lang := range []string{"C", "C.UTF-8", "POSIX", ""} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, os.Args[0])
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LANG=" + lang,
			mainArgsEnv + "=--data|" + t.TempDir() + "|receipt|status"}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		cmd.Run() // no printer: the exit code is not what is tested
		cancel()
		if strings.Contains(stderr.String(), "user locale") {
			t.Errorf("LANG=%q: stderr speaks of the locale:\n%s", lang, stderr.String())
		}
		if !strings.Contains(stderr.String(), "no printer") && !strings.Contains(stderr.String(), "receipt") {
			t.Errorf("LANG=%q: the command did not run as expected; stderr:\n%s", lang, stderr.String())
		}
	}
}
