package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"hallkiosk/app/ask"
	"hallkiosk/app/catalog"
	"hallkiosk/app/kiosk"
	"hallkiosk/app/pinyin"
	"hallkiosk/app/portal"
)

const askUsage = `usage: hallkiosk ask [--demo] [--json] [--dict FILE] QUESTION | hallkiosk ask --stats [--json]`

// faqCacheFile is the FAQ cache in the state directory, beside catalog.json.
const faqCacheFile = kiosk.FAQCacheFile

// askAnswer is one answer as `hallkiosk ask --json` prints it.
type askAnswer struct {
	ask.Entry
	Score    float64 `json:"score"`
	Coverage float64 `json:"coverage"`
	// Sure is whether the kiosk would show it as found (the first answer
	// only; the others are never sure on their own).
	Sure bool `json:"sure"`
}

// cmdAsk runs `hallkiosk ask`: the kiosk's best answers (at most three, as
// the screen shows them) to QUESTION, from the FAQ and catalog cached in the
// state directory (the embedded demo catalog when none is cached, the
// catalog alone when no FAQ is), or with --demo from the demo catalog and
// FAQ that portalsim serves. With --json a JSON list, best first. Exit 0
// with answers, 3 when nothing answers the question, 1 error, 2 usage.
func cmdAsk(_ context.Context, e *env, args []string) int {
	fs := e.flags("ask")
	demo := fs.Bool("demo", false, "answer from the demo catalog and FAQ (those portalsim serves)")
	asJSON := fs.Bool("json", false, "print the answers as a JSON list, best first")
	dict := fs.String("dict", pinyin.DefaultPath, "the pinyin dictionary, for typos of the same sound (Debian package "+pinyin.DebianPackage+")")
	stats := fs.Bool("stats", false, "print the counts instead: the questions asked most and those left unanswered (masked)")
	words, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	question := strings.TrimSpace(strings.Join(words, " "))
	if *stats {
		return askStats(e, *asJSON)
	}
	if question == "" {
		fmt.Fprintf(e.stderr, "hallkiosk: ask: no QUESTION given\n%s\n", askUsage)
		return exitUsage
	}
	faq, cat, err := askKnowledge(e, *demo)
	if err != nil {
		return e.fail("ask: %v", err)
	}
	readings, err := ask.Readings(*dict)
	if err != nil {
		fmt.Fprintf(e.stderr, "hallkiosk: ask: %v; matching by characters alone\n", err)
	}
	ix := ask.Build(faq, cat, readings)
	res := ix.Search(question, ask.Shown)
	out := make([]askAnswer, 0, len(res))
	for i, r := range res {
		out = append(out, askAnswer{Entry: r.Entry, Score: round2(r.Score), Coverage: round2(r.Coverage),
			Sure: i == 0 && r.Coverage >= ask.MinCoverage})
	}
	if *asJSON {
		b, err := json.MarshalIndent(out, "", "  ")
		if err != nil {
			return e.fail("ask: %v", err)
		}
		fmt.Fprintln(e.stdout, string(b))
	} else {
		printAnswers(e, out)
	}
	if len(out) == 0 {
		return exitNothing
	}
	return exitOK
}

// askKnowledge returns the FAQ and catalog to answer from.
func askKnowledge(e *env, demo bool) (portal.FAQ, *catalog.Catalog, error) {
	var faq portal.FAQ
	var known portal.Catalog
	cached := false
	if demo {
		var err error
		if faq, err = ask.DemoFAQ(); err != nil {
			return faq, nil, err
		}
	} else {
		dir, err := e.data()
		if err != nil {
			return faq, nil, err
		}
		var ok bool
		if faq, _, ok = ask.LoadCache(filepath.Join(dir, faqCacheFile)); !ok {
			fmt.Fprintln(e.stderr, "hallkiosk: ask: no FAQ cached yet (the kiosk fetches it from the portal); answering from the catalog alone")
		}
		known, _, cached = catalog.LoadCache(filepath.Join(dir, "catalog.json"))
	}
	if !cached {
		var err error
		if known, err = catalog.Demo(); err != nil {
			return faq, nil, err
		}
	}
	cat, err := catalog.New(known, nil)
	if err != nil {
		return faq, nil, fmt.Errorf("catalog: %w", err)
	}
	return faq, cat, nil
}

// printAnswers prints the answers for a person at the terminal.
func printAnswers(e *env, out []askAnswer) {
	if len(out) == 0 {
		fmt.Fprintln(e.stdout, "没有找到。可以呼叫工作人员，或拨打政务服务便民热线12345。")
		return
	}
	if !out[0].Sure {
		fmt.Fprintln(e.stdout, "没有找到确切的答案，下面的可能有帮助（没有找到？呼叫工作人员或拨打12345）：")
	}
	for i, a := range out {
		fmt.Fprintf(e.stdout, "%d. [%s] %s  (score %.2f, coverage %.2f)\n", i+1, a.ID, a.Question, a.Score, a.Coverage)
		for _, line := range strings.Split(a.Answer, "\n") {
			fmt.Fprintf(e.stdout, "   %s\n", line)
		}
		if a.ServiceCode != "" {
			fmt.Fprintf(e.stdout, "   现在就办: %s (%s)\n", a.ServiceName, a.ServiceCode)
		}
		if a.MobileURL != "" {
			fmt.Fprintf(e.stdout, "   用手机办: %s\n", a.MobileURL)
		}
	}
}

// askStatsShown is how many questions --stats lists of each kind.
const askStatsShown = 20

// askStats prints the kiosk's counts of 智能客服 (ask-counts.json in the
// state directory): the questions asked most and those most often left
// without a sure or helpful answer, all masked as they were counted.
func askStats(e *env, asJSON bool) int {
	dir, err := e.data()
	if err != nil {
		return e.fail("ask: %v", err)
	}
	c, err := ask.OpenCounter(filepath.Join(dir, kiosk.AskCountsFile))
	if err != nil {
		return e.fail("ask: %v", err)
	}
	asked, unanswered := c.TopAsked(askStatsShown), c.TopUnanswered(askStatsShown)
	if asJSON {
		b, err := json.MarshalIndent(map[string][]ask.Ranked{"asked": asked, "unanswered": unanswered}, "", "  ")
		if err != nil {
			return e.fail("ask: %v", err)
		}
		fmt.Fprintln(e.stdout, string(b))
	} else {
		for _, part := range []struct {
			title string
			list  []ask.Ranked
		}{{"问得最多", asked}, {"没有答好", unanswered}} {
			fmt.Fprintln(e.stdout, part.title+":")
			for _, r := range part.list {
				fmt.Fprintf(e.stdout, "  %4d  %s\n", r.Count, r.Text)
			}
		}
	}
	if len(asked) == 0 {
		return exitNothing
	}
	return exitOK
}

func round2(f float64) float64 { return float64(int64(f*100+0.5)) / 100 }
