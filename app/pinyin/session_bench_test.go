package pinyin

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// BenchmarkEval prints the evaluation set's top-5 share for the engine
// (share-new) next to the dictionary's ranking as it was before field
// kinds, composition and session memory (share-old, Dict.Candidates).
func BenchmarkEval(b *testing.B) {
	e := loadEngine(b)
	cases := loadEval(b)
	var share, old float64
	for b.Loop() {
		share, _ = topShare(cases, 5, newRanking(e))
	}
	old, _ = topShare(cases, 5, oldRanking(e.base))
	b.ReportMetric(100*share, "%top5-new")
	b.ReportMetric(100*old, "%top5-old")
}

// BenchmarkKeyPressWorst types every input of the evaluation set key by
// key into its field, asking for the candidate bar as the keyboard does
// (limit 11: two pages of five and one more). It reports the slowest key
// (worst-µs: the key whose fastest time over the runs is the longest, i.e.
// its own cost), the slowest single call seen (max-µs: that plus whatever
// the machine and the collector did meanwhile) and the mean (mean-µs).
func BenchmarkKeyPressWorst(b *testing.B) {
	e := loadEngine(b)
	cases := loadEval(b)
	var fastest []time.Duration
	var slowest, total time.Duration
	calls := 0
	for b.Loop() {
		s := e.NewSession()
		k := 0
		for _, c := range cases {
			f := Field{Kind: c.kind}
			for i := 1; i <= len(c.input); i++ {
				t0 := time.Now()
				s.Candidates(f, c.input[:i], 11)
				d := time.Since(t0)
				if k == len(fastest) {
					fastest = append(fastest, d)
				}
				fastest[k] = min(fastest[k], d)
				slowest = max(slowest, d)
				total += d
				calls++
				k++
			}
		}
	}
	b.ReportMetric(float64(slices.Max(fastest).Microseconds()), "worst-µs")
	b.ReportMetric(float64(slowest.Microseconds()), "max-µs")
	b.ReportMetric(float64(total.Microseconds())/float64(calls), "mean-µs")
}

// BenchmarkSessionCandidates is one key press in each kind of field for the
// inputs that make the most candidates compete.
func BenchmarkSessionCandidates(b *testing.B) {
	e := loadEngine(b)
	for _, k := range []Kind{KindText, KindName, KindAddress} {
		for _, input := range []string{"s", "zh", "x", "zhouqiang", "sbjf", "beijingshihaidianquzhongguancundajie", "shenfenzhengbeijingshihaidianqu"} {
			b.Run(k.String()+"/"+input, func(b *testing.B) {
				s := e.NewSession()
				b.ReportAllocs()
				for b.Loop() {
					s.Candidates(Field{Kind: k}, input, 11)
				}
			})
		}
	}
}

// BenchmarkEngineData measures what the field data add: the time to parse
// them when the keyboard first opens, and the heap they keep (MB-heap).
func BenchmarkEngineData(b *testing.B) {
	d := loadReal(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewEngine(d); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	before := heapInUse()
	e, err := NewEngine(d)
	if err != nil {
		b.Fatal(err)
	}
	after := heapInUse()
	runtime.KeepAlive(e)
	b.ReportMetric(float64(int64(after)-int64(before))/(1<<20), "MB-heap")
}

// TestEngineHeap checks the heap the field data keep, at most 5 MB.
func TestEngineHeap(t *testing.T) {
	d := loadReal(t)
	before := heapInUse()
	e, err := NewEngine(d)
	if err != nil {
		t.Fatal(err)
	}
	after := heapInUse()
	runtime.KeepAlive(e)
	kept := int64(after) - int64(before)
	t.Logf("the field data keep %.2f MB of heap (arrays: %.2f MB)", float64(kept)/(1<<20), float64(e.footprint())/(1<<20))
	if kept > 5<<20 {
		t.Errorf("the field data keep %d bytes of heap, want at most 5 MB", kept)
	}
}

// tapsFor counts the taps to type text into a field whose candidates come
// from cands (the keyboard: five words a page): the citizen types the
// pinyin of what is left, taps the longest start of it shown, turning
// pages when it is not on the first (one tap each), and goes on with the
// letters left over. With watch, they look at the first page after each
// letter and tap all that is left as soon as it shows. It returns -1 if
// the text cannot be typed so.
func tapsFor(cands func(before, input string) []Candidate, text string, syl []string, watch bool) int {
	const perPage = 5
	taps := 0
	done := ""
	for len(done) < len(text) {
		restSyl := syl[len([]rune(done)):]
		input := ""
		for _, s := range restSyl {
			input += s
		}
		rest := text[len(done):]
		typed := len(input)
		if watch {
			for i := 1; i < len(input); i++ {
				page := cands(done, input[:i])
				if j, _ := find(page[:min(perPage, len(page))], rest); j >= 0 {
					typed = i
					break
				}
			}
		}
		taps += typed
		input = input[:typed]
		for input != "" {
			all := cands(done, input)
			best, at := -1, -1
			for i, c := range all {
				r := []rune(c.Text)
				if len(r) > len([]rune(text))-len([]rune(done)) || string([]rune(text)[len([]rune(done)):len([]rune(done))+len(r)]) != c.Text {
					continue
				}
				if best < 0 || len(r) > len([]rune(all[best].Text)) {
					best, at = i, i
				}
			}
			if best < 0 {
				return -1
			}
			taps += at/perPage + 1 // page turns, then the word
			done += all[best].Text
			input = input[all[best].Consumed:]
		}
	}
	return taps
}

// TestTapsThreeCharacterName counts the taps to type three-character names
// that are in no dictionary, before (the dictionary's ranking) and after
// (a name field); README.md gives the figure for 周强华.
func TestTapsThreeCharacterName(t *testing.T) {
	e := loadEngine(t)
	for _, tt := range []struct {
		name string
		syl  []string
	}{
		{"周强华", []string{"zhou", "qiang", "hua"}},
		{"周强伟", []string{"zhou", "qiang", "wei"}},
		{"胡琳娜", []string{"hu", "lin", "na"}},
		{"刘建国", []string{"liu", "jian", "guo"}},
	} {
		old := func(_, in string) []Candidate { return e.base.Candidates(in, 0) }
		s := e.NewSession()
		nameField := func(done, in string) []Candidate {
			return s.Candidates(Field{Kind: KindName, Before: done}, in, 0)
		}
		for _, watch := range []bool{false, true} {
			before, after := tapsFor(old, tt.name, tt.syl, watch), tapsFor(nameField, tt.name, tt.syl, watch)
			t.Logf("%s (watching the candidates: %t): %d taps before, %d after", tt.name, watch, before, after)
			if after < 0 || (before >= 0 && after > before) {
				t.Errorf("%s (watching: %t): %d taps before, %d after", tt.name, watch, before, after)
			}
		}
	}
}
