package ask

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"strings"
	"sync"
	"testing"

	"hallkiosk/app/catalog"
	"hallkiosk/app/pinyin"
)

// realReadings loads the Debian pinyin dictionary's readings once.
var realReadings = sync.OnceValues(func() (map[rune]string, error) {
	d, err := pinyin.Load(pinyin.DefaultPath)
	if err != nil {
		return nil, err
	}
	return d.Readings(), nil
})

func readings(tb testing.TB) map[rune]string {
	tb.Helper()
	r, err := realReadings()
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("%s is absent (install the Debian package %s): %v", pinyin.DefaultPath, pinyin.DebianPackage, err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// demoIndex is the index of the demo FAQ and catalog.
func demoIndex(tb testing.TB) *Index {
	tb.Helper()
	faq, err := DemoFAQ()
	if err != nil {
		tb.Fatal(err)
	}
	c, err := catalog.Demo()
	if err != nil {
		tb.Fatal(err)
	}
	cat, err := catalog.New(c, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return NewIndex(Knowledge(faq, cat), readings(tb))
}

type evalCase struct {
	question string
	want     []string
	note     string
}

func loadEval(tb testing.TB) []evalCase { return loadEvalFile(tb, "testdata/eval.tsv") }

func loadEvalFile(tb testing.TB, path string) []evalCase {
	tb.Helper()
	f, err := os.Open(path)
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
		cols := strings.Split(line, "\t")
		if len(cols) < 2 {
			tb.Fatalf("bad line %q", line)
		}
		c := evalCase{question: cols[0], want: strings.Split(cols[1], "|")}
		if len(cols) > 2 {
			c.note = cols[2]
		}
		out = append(out, c)
	}
	return out
}

// TestEvaluation ranks the questions of testdata/eval.tsv, asked as people
// ask them (colloquial words, typos of pinyin candidates), and requires
// the right entry first for at least 85% and among the first three for at
// least 95%.
func TestEvaluation(t *testing.T) {
	ix := demoIndex(t)
	cases := loadEval(t)
	if len(cases) < 100 {
		t.Fatalf("only %d questions in the evaluation set", len(cases))
	}
	for _, c := range cases {
		for _, id := range c.want {
			if _, ok := ix.Get(id); !ok {
				t.Fatalf("%q expects %s, which is no entry", c.question, id)
			}
		}
	}
	first, top3 := 0, 0
	for _, c := range cases {
		res := ix.Search(c.question, 3)
		rank := -1
		for i, r := range res {
			for _, id := range c.want {
				if r.Entry.ID == id && rank < 0 {
					rank = i
				}
			}
		}
		switch {
		case rank == 0:
			first++
			top3++
		case rank > 0:
			top3++
			t.Logf("second or third: %q (%s) → %s", c.question, c.note, ids(res))
		default:
			t.Logf("MISSED: %q (%s) want %v → %s", c.question, c.note, c.want, ids(res))
		}
	}
	n := float64(len(cases))
	t.Logf("%d questions: first %.1f%%, top three %.1f%%", len(cases), 100*float64(first)/n, 100*float64(top3)/n)
	if float64(first)/n < 0.85 {
		t.Errorf("right entry first for %.1f%%, want ≥ 85%%", 100*float64(first)/n)
	}
	if float64(top3)/n < 0.95 {
		t.Errorf("right entry in the top three for %.1f%%, want ≥ 95%%", 100*float64(top3)/n)
	}
}

func ids(res []Result) string {
	var s []string
	for _, r := range res {
		s = append(s, r.Entry.ID)
	}
	return strings.Join(s, " ")
}

// TestHeldOut ranks testdata/heldout.tsv, questions written after the
// ranking was tuned and never tuned on. It reports the figures and fails
// only far below the evaluation set's bar (first 70%, top three 85%), as a
// guard against a change that overfits eval.tsv.
func TestHeldOut(t *testing.T) {
	ix := demoIndex(t)
	cases := loadEvalFile(t, "testdata/heldout.tsv")
	first, top3 := 0, 0
	for _, c := range cases {
		res := ix.Search(c.question, 3)
		rank := -1
		for i, r := range res {
			for _, id := range c.want {
				if r.Entry.ID == id && rank < 0 {
					rank = i
				}
			}
		}
		switch {
		case rank == 0:
			first++
			top3++
		case rank > 0:
			top3++
			t.Logf("second or third: %q (%s) → %s", c.question, c.note, ids(res))
		default:
			t.Logf("MISSED: %q (%s) want %v → %s", c.question, c.note, c.want, ids(res))
		}
	}
	n := float64(len(cases))
	t.Logf("held out, %d questions: first %.1f%%, top three %.1f%%", len(cases), 100*float64(first)/n, 100*float64(top3)/n)
	if float64(first)/n < 0.70 || float64(top3)/n < 0.85 {
		t.Errorf("held-out set: first %.1f%%, top three %.1f%%", 100*float64(first)/n, 100*float64(top3)/n)
	}
}
