package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"hallkiosk/app/ask"
	"hallkiosk/app/portal"
)

func runAsk(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"ask"}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestAskCommand(t *testing.T) {
	needPinyinDict(t)
	code, out, errOut := runAsk(t, "--demo", "--json", "公积金多久到账？")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got []askAnswer
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not a JSON list: %v\n%s", err, out)
	}
	if len(got) == 0 || len(got) > ask.Shown || got[0].ID != "GJJ-02" || !got[0].Sure || got[0].ServiceCode != "GJJ-0301" {
		t.Fatalf("answers %+v, want GJJ-02 first and sure, at most three", got)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Score > got[i-1].Score {
			t.Errorf("not best first: %v", got)
		}
	}

	// A typo of a pinyin candidate, flags after the question, plain text.
	code, out, _ = runAsk(t, "身分证丢了怎么办", "--demo")
	if code != exitOK || !strings.HasPrefix(out, "1. [GA-01]") || !strings.Contains(out, "现在就办: 居民身份证补领预约") {
		t.Errorf("exit %d:\n%s", code, out)
	}

	if code, _, errOut := runAsk(t, "--demo"); code != exitUsage || errOut == "" {
		t.Errorf("no question: exit %d %q", code, errOut)
	}
	if code, out, _ := runAsk(t, "--demo", "xyzzy"); code != exitNothing || !strings.Contains(out, "12345") {
		t.Errorf("nothing found: exit %d %q", code, out)
	}
}

// TestAskCommandFromCache answers from the FAQ the kiosk cached in its state
// directory, and from the catalog alone when none is cached.
func TestAskCommandFromCache(t *testing.T) {
	needPinyinDict(t)
	dir := t.TempDir()
	code, out, errOut := runAsk(t, "--data", dir, "--json", "住房公积金提取要多久")
	if code != exitOK || !strings.Contains(errOut, "no FAQ cached") || !strings.Contains(out, `"GJJ-0301/time"`) {
		t.Fatalf("without a cache: exit %d %s\n%s", code, errOut, out)
	}
	faq := portal.FAQ{Version: "v9", Items: []portal.FAQItem{{ID: "OWN-1", Question: "大厅能借充电宝吗？", Answer: "服务台可以借。"}}}
	if err := ask.SaveCache(filepath.Join(dir, faqCacheFile), faq, `"v9"`); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runAsk(t, "--data", dir, "--json", "借个充电宝")
	if code != exitOK || !strings.Contains(out, `"OWN-1"`) {
		t.Fatalf("from the cache: exit %d %s\n%s", code, errOut, out)
	}
}

// TestAskCommandStats lists the kiosk's counts, masked.
func TestAskCommandStats(t *testing.T) {
	dir := t.TempDir()
	if code, _, _ := runAsk(t, "--data", dir, "--stats"); code != exitNothing {
		t.Errorf("no counts yet: exit %d", code)
	}
	c, err := ask.OpenCounter(filepath.Join(dir, "ask-counts.json"))
	if err != nil {
		t.Fatal(err)
	}
	c.Asked(ask.Mask(nil, "我的手机13812345678收不到短信"), "", false)
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runAsk(t, "--data", dir, "--stats")
	if code != exitOK || !strings.Contains(out, "没有答好") || !strings.Contains(out, "138****5678") || strings.Contains(out, "13812345678") {
		t.Errorf("exit %d %s\n%s", code, errOut, out)
	}
}
