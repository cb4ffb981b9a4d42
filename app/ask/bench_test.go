package ask

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// bigKnowledge is a knowledge of n entries made from the demo's: each
// demo entry again for other districts, with a sentence of another answer
// added, so the index holds as many distinct words as a city's FAQ would.
func bigKnowledge(tb testing.TB, n int) []Entry {
	tb.Helper()
	base := demoIndex(tb).Entries()
	places := []string{"东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "门头沟区", "房山区", "通州区", "顺义区",
		"昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区", "经开区", "滨海新区"}
	out := make([]Entry, 0, n)
	for i := 0; len(out) < n; i++ {
		e := base[i%len(base)]
		if i >= len(base) {
			other := base[(i*7+3)%len(base)].Answer
			first, _, _ := strings.Cut(other, "。")
			place := places[(i/len(base))%len(places)]
			e.ID = fmt.Sprintf("%s#%d", e.ID, i)
			e.Question = place + e.Question
			e.Answer = place + "：" + e.Answer + first + "。"
		}
		out = append(out, e)
	}
	return out
}

// BenchmarkSearch2000 ranks one question over 2,000 entries (target ≤ 20 ms).
func BenchmarkSearch2000(b *testing.B) {
	ix := NewIndex(bigKnowledge(b, 2000), readings(b))
	cases := loadEval(b)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix.Search(cases[i%len(cases)].question, 3)
	}
}

// BenchmarkBuild2000 builds the index of 2,000 entries, the characters'
// readings given (target ≤ 500 ms, with BenchmarkReadings).
func BenchmarkBuild2000(b *testing.B) {
	entries := bigKnowledge(b, 2000)
	r := readings(b)
	for b.Loop() {
		NewIndex(entries, r)
	}
}

// BenchmarkBuildDemo builds the demo's index (65 FAQ items, 16 services).
func BenchmarkBuildDemo(b *testing.B) {
	faqIx := demoIndex(b)
	r := readings(b)
	for b.Loop() {
		NewIndex(faqIx.Entries(), r)
	}
}

// BenchmarkIndexMemory reports the heap an index of 2,000 entries holds,
// with the readings of its characters, in MB (target ≤ 10 MB).
func BenchmarkIndexMemory(b *testing.B) {
	entries := bigKnowledge(b, 2000)
	for b.Loop() {
		mb := indexHeapMB(b, entries)
		b.ReportMetric(mb, "heap-MB")
	}
}

// indexHeapMB is the live heap an index of entries adds, the pinyin
// readings included (the texts of the entries, which the knowledge holds
// anyway, are not counted).
func indexHeapMB(tb testing.TB, entries []Entry) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, err := loadReadings("")
	if err != nil {
		tb.Skip(err)
	}
	ix := NewIndex(entries, r)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(ix)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
}

// TestIndexMemory keeps an index of 2,000 entries and its readings within
// 10 MB of heap.
func TestIndexMemory(t *testing.T) {
	readings(t) // skips without the dictionary
	entries := bigKnowledge(t, 2000)
	mb := indexHeapMB(t, entries)
	t.Logf("index of %d entries: %.1f MB", len(entries), mb)
	if mb > 10 {
		t.Errorf("index of 2,000 entries holds %.1f MB, want ≤ 10 MB", mb)
	}
}

// BenchmarkReadings loads the pinyin dictionary and keeps its characters'
// readings: the part of the index build that comes before NewIndex.
func BenchmarkReadings(b *testing.B) {
	readings(b)
	for b.Loop() {
		if _, err := loadReadings(""); err != nil {
			b.Fatal(err)
		}
	}
}
