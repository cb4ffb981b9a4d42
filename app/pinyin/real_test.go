package pinyin

import (
	"errors"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// realDict loads the Debian dictionary once for the tests and benchmarks
// that use it, skipping them if the package is not installed.
var realDict = sync.OnceValues(func() (*Dict, error) { return Load(DefaultPath) })

func loadReal(tb testing.TB) *Dict {
	tb.Helper()
	d, err := realDict()
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("%s is absent (install the Debian package %s): %v", DefaultPath, DebianPackage, err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestRealDict(t *testing.T) {
	d := loadReal(t)
	if d.Len() < 60000 || d.Skipped() != 0 {
		t.Errorf("Len, Skipped = %d, %d, want over 60000, 0", d.Len(), d.Skipped())
	}
	if f := d.footprint(); f > 10<<20 {
		t.Errorf("dictionary arrays hold %d bytes, want at most 10 MB", f)
	}
	tests := []struct {
		input string
		text  string
		rank  int // the text is among the first rank candidates
		used  int
	}{
		{"shenfenzh", "身份证", 1, 9},
		{"shenfenzheng", "身份证", 1, 12},
		{"sfz", "身份证", 1, 3},
		{"yxgs", "有限公司", 1, 4},
		{"youxiangongsi", "有限公司", 1, 13},
		{"beijingshi", "北京市", 1, 10},
		{"bjs", "北京市", 1, 3},
		{"shebao", "社保", 1, 6},
		{"zhangsan", "张三", 1, 8},
		{"zhangsan", "张", 10, 5},
		{"lv", "绿", 3, 2},
		{"lv", "旅", 8, 2},
		{"hukou", "户口", 1, 5},
		{"huk", "户口", 1, 3},
		{"yingyezhizhao", "营业执照", 1, 13},
		{"yyzz", "营业执照", 1, 4},
		{"xi'an", "西安", 1, 5},
		{"xian", "西安", 10, 4},
	}
	for _, tt := range tests {
		got := d.Candidates(tt.input, tt.rank)
		if i, c := find(got, tt.text); i < 0 || c.Consumed != tt.used {
			t.Errorf("Candidates(%q, %d) = %v, want %s using %d", tt.input, tt.rank, got, tt.text, tt.used)
		}
	}
}

// TestRealHeap measures the heap the loaded dictionary keeps.
func TestRealHeap(t *testing.T) {
	loadReal(t) // skips if the file is absent
	before := heapInUse()
	d, err := Load(DefaultPath)
	if err != nil {
		t.Fatal(err)
	}
	after := heapInUse()
	runtime.KeepAlive(d)
	kept := int64(after) - int64(before)
	t.Logf("the loaded dictionary keeps %.2f MB of heap (arrays: %.2f MB)", float64(kept)/(1<<20), float64(d.footprint())/(1<<20))
	if kept > 10<<20 {
		t.Errorf("the loaded dictionary keeps %d bytes of heap, want at most 10 MB", kept)
	}
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func TestSpellReadsByWords(t *testing.T) {
	d := loadReal(t)
	got := d.Spell([]string{"中国银行", "行政许可", "重新办理", "住房公积金提取", "A4打印", "䶮"})
	want := [][]string{
		{"zhong", "guo", "yin", "hang"},
		{"xing", "zheng", "xu", "ke"},
		{"chong", "xin", "ban", "li"},
		{"zhu", "fang", "gong", "ji", "jin", "ti", "qu"},
		{"", "", "da", "yin"},
		{""}, // too rare for the dictionary
	}
	for i := range want {
		if strings.Join(got[i], " ") != strings.Join(want[i], " ") {
			t.Errorf("Spell #%d = %q, want %q", i, got[i], want[i])
		}
	}
}

func BenchmarkSpellCatalog(b *testing.B) {
	d := loadReal(b)
	names := []string{"企业开办", "城乡居民养老保险缴费", "住房公积金提取", "不动产登记信息查询", "养老金领取资格认证",
		"养老保险关系转移接续", "居民身份证补领预约", "个人社保参保证明打印", "医保异地就医备案", "居住证办理"}
	for b.Loop() {
		d.Spell(names)
	}
}
