package pinyin

import (
	"bytes"
	"os"
	"runtime"
	"testing"
)

// BenchmarkLoad loads the Debian dictionary from disk and reports the heap
// the result keeps (MB-heap).
func BenchmarkLoad(b *testing.B) {
	loadReal(b)
	b.ReportAllocs()
	var d *Dict
	for b.Loop() {
		var err error
		if d, err = Load(DefaultPath); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	d = nil
	before := heapInUse()
	d, _ = Load(DefaultPath)
	after := heapInUse()
	runtime.KeepAlive(d)
	b.ReportMetric(float64(int64(after)-int64(before))/(1<<20), "MB-heap")
}

// BenchmarkParse parses the dictionary from memory, leaving out the disk.
func BenchmarkParse(b *testing.B) {
	loadReal(b)
	data, err := os.ReadFile(DefaultPath)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCandidates is one keystroke: the candidate bar (limit 10) for a
// typical input on the real dictionary. The one-letter inputs are the worst
// cases: every word starting with s or zh competes.
func BenchmarkCandidates(b *testing.B) {
	d := loadReal(b)
	for _, input := range []string{
		"s", "zh", "a", "xian", "zhangsan", "shenfenzh", "sfz", "yxgs", "beijingshi",
		"youxiangongsi", "beijingshihaidianquzhongguancun",
	} {
		b.Run(input, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d.Candidates(input, 10)
			}
		})
	}
}

// BenchmarkTyping types a company name letter by letter, asking for the
// candidate bar and the split after each key; ns/op is per keystroke.
func BenchmarkTyping(b *testing.B) {
	d := loadReal(b)
	const name = "beijingshihaidianquyouxiangongsi"
	b.ReportAllocs()
	for b.Loop() {
		for i := 1; i <= len(name); i++ {
			d.Candidates(name[:i], 10)
			d.Syllables(name[:i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(name)), "ns/key")
}

// BenchmarkCandidatesAll asks for every candidate of a one-letter input,
// as a keyboard paging through the whole list would.
func BenchmarkCandidatesAll(b *testing.B) {
	d := loadReal(b)
	b.ReportAllocs()
	for b.Loop() {
		d.Candidates("s", 0)
	}
}
