package pinyin

import (
	"bufio"
	"os"
	"strings"
	"sync"
	"testing"

	"hallkiosk/app/catalog"
)

// evalCase is one line of testdata/eval.tsv: an input typed into a field
// of a kind, and the word the citizen means.
type evalCase struct {
	group string
	kind  Kind
	input string
	word  string
}

func loadEval(tb testing.TB) []evalCase {
	tb.Helper()
	f, err := os.Open("testdata/eval.tsv")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []evalCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "\t")
		if len(p) != 4 {
			tb.Fatalf("eval.tsv: bad line %q", line)
		}
		k, err := ParseKind(p[1])
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, evalCase{group: p[0], kind: k, input: p[2], word: p[3]})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// realEngine is the engine on the Debian dictionary with the demo
// catalog's words, made once.
var realEngine = sync.OnceValues(func() (*Engine, error) {
	d, err := realDict()
	if err != nil {
		return nil, err
	}
	e, err := NewEngine(d)
	if err != nil {
		return nil, err
	}
	demo, err := catalog.Demo()
	if err != nil {
		return nil, err
	}
	cat, err := catalog.New(demo, nil)
	if err != nil {
		return nil, err
	}
	return e.WithCatalog(cat.Words()), nil
})

func loadEngine(tb testing.TB) *Engine {
	tb.Helper()
	loadReal(tb) // skips if the dictionary is absent
	e, err := realEngine()
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// topShare returns the share of cases whose word is among the first n
// candidates of rank, and the cases that missed.
func topShare(cases []evalCase, n int, rank func(evalCase) []Candidate) (float64, []evalCase) {
	var miss []evalCase
	for _, c := range cases {
		if i, _ := find(rank(c), c.word); i < 0 || i >= n {
			miss = append(miss, c)
		}
	}
	return 1 - float64(len(miss))/float64(len(cases)), miss
}

// newRanking is the engine's ranking, a fresh session per input.
func newRanking(e *Engine) func(evalCase) []Candidate {
	return func(c evalCase) []Candidate {
		return e.NewSession().Candidates(Field{Kind: c.kind}, c.input, 5)
	}
}

// oldRanking is the dictionary's ranking as it was before field kinds,
// composition and session memory.
func oldRanking(d *Dict) func(evalCase) []Candidate {
	return func(c evalCase) []Candidate { return d.Candidates(c.input, 5) }
}

// TestEvalTop5 fails when fewer than 90% of the evaluation set's intended
// words are among the first five candidates.
func TestEvalTop5(t *testing.T) {
	e := loadEngine(t)
	cases := loadEval(t)
	if len(cases) < 300 {
		t.Fatalf("eval.tsv has %d inputs, want at least 300", len(cases))
	}
	share, miss := topShare(cases, 5, newRanking(e))
	old, _ := topShare(cases, 5, oldRanking(e.base))
	t.Logf("top-5 share: %.1f%% (before: %.1f%%) of %d inputs", 100*share, 100*old, len(cases))
	groups := map[string][2]int{}
	for _, c := range cases {
		g := groups[c.group]
		g[1]++
		groups[c.group] = g
	}
	for _, c := range miss {
		g := groups[c.group]
		g[0]++
		groups[c.group] = g
		t.Logf("miss %-8s %-7s %-24s %s: %v", c.group, c.kind, c.input, c.word, texts(e.NewSession().Candidates(Field{Kind: c.kind}, c.input, 5)))
	}
	for g, n := range groups {
		t.Logf("group %-8s missed %d of %d", g, n[0], n[1])
	}
	if share < 0.90 {
		t.Errorf("top-5 share %.1f%%, want at least 90%%", 100*share)
	}
}
