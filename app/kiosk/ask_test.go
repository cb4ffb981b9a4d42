package kiosk

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAskInTheDemoKiosk: the kiosk fetches the portal's FAQ, caches it,
// answers from it, prints an answer (read back from the simulated printer:
// its text and its QR code) and saves the counts, masked, when the
// citizen's session ends.
func TestAskInTheDemoKiosk(t *testing.T) {
	k := startDemoKiosk(t)
	k.waitFor(t, "the FAQ from the portal", func() bool {
		a := k.Ask.Ask("公积金多久到账")
		return len(a.Results) > 0 && a.Results[0].Entry.ID == "GJJ-02"
	})
	if _, err := os.Stat(filepath.Join(k.DataDir, FAQCacheFile)); err != nil {
		t.Errorf("the FAQ is not cached: %v", err)
	}
	k.Session.Start()
	a := k.Ask.Ask("身份证11010519491231002X丢了怎么补办")
	if len(a.Results) == 0 || a.Results[0].Entry.ID != "GA-01" {
		t.Fatalf("answers %+v", a.Results)
	}
	e := a.Results[0].Entry
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := k.Printing.PrintAnswer(ctx, e.Question, e.Answer, e.ServiceName, e.MobileURL); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-k.demo.Printer.Printed():
		if text := flat(p.Text); !strings.Contains(text, "身份证丢了怎么补办") || !strings.Contains(text, "居民身份证补领预约") {
			t.Errorf("the slip says %q", p.Text)
		}
		if got := readQR(t, p.Image); got != e.MobileURL {
			t.Errorf("QR %q, want %q", got, e.MobileURL)
		}
	case <-ctx.Done():
		t.Fatal("nothing printed")
	}
	k.Session.Cancel()
	path := filepath.Join(k.DataDir, AskCountsFile)
	k.waitFor(t, "the counts saved", func() bool { _, err := os.Stat(path); return err == nil })
	data, _ := os.ReadFile(path)
	if strings.Contains(string(data), "11010519491231002X") || !strings.Contains(string(data), "GA-01") {
		t.Errorf("counts: %s", data)
	}
}
