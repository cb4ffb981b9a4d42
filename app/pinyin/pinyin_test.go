package pinyin

import (
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// smallDict is a tiny dictionary in the Debian file's format, with weights
// taken from it, and seven malformed lines.
const smallDict = `# Rime dictionary
# encoding: utf-8

---
name: small
version: "0.1"
sort: by_weight
...

张	zhang	27300
章	zhang	5000
三	san	20000
散	san	3000
身	shen	9000
深	shen	8000
份	fen	4000
分	fen	30000
证	zheng	6000
身份	shen fen	2000
身份证	shen fen zheng	3572
身份证明	shen fen zheng ming	147
十分钟	shi fen zhong	881
社保	she bao	1176
社	she	3000
保	bao	9000
北	bei	5000
京	jing	6000
市	shi	10000
北京	bei jing	8000
北京市	bei jing shi	4805
背景色	bei jing se	118
半决赛	ban jue sai	532
有限公司	you xian gong si	10602
有	you	90000
先	xian	84326
西安	xi an	5095
西	xi	9000
安	an	7000
绿	lv	4675
绿	lu	35
旅	lv	1081
率	lv	6211
略	lue	2038
嗯	n	31982
嗯	ng	31982
你	ni	100000
方案	fang an	900
反感	fan gan	300
户口	hu kou	2658
坏行没有制表符
字	zzz	1
两字	liang	5
字	zi	abc
字	zi	-5
	zi	5
字	zi	99999999999
`

const smallMalformed = 7

// zhangsanLine is added to smallDict where a test needs the word 张三.
const zhangsanLine = "张三\tzhang san\t361\n"

func parseSmall(t testing.TB, extra string) *Dict {
	t.Helper()
	d, err := Parse(strings.NewReader(smallDict + extra))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func texts(cs []Candidate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Text)
	}
	return out
}

func find(cs []Candidate, text string) (int, Candidate) {
	for i, c := range cs {
		if c.Text == text {
			return i, c
		}
	}
	return -1, Candidate{}
}

func TestParseSmall(t *testing.T) {
	d := parseSmall(t, "")
	if got, want := d.Len(), 40; got != want {
		t.Errorf("Len = %d, want %d", got, want)
	}
	if got := d.Skipped(); got != smallMalformed {
		t.Errorf("Skipped = %d, want %d", got, smallMalformed)
	}
	if d.maxSyl != 4 {
		t.Errorf("maxSyl = %d, want 4", d.maxSyl)
	}
}

func TestParseFormats(t *testing.T) {
	tests := []struct {
		name          string
		data          string
		len, skipped  int
		wantErr       error
		firstSyllable string
	}{
		{name: "no header", data: "张\tzhang\t5\n三\tsan\t4\n", len: 2},
		{name: "no weight", data: "张\tzhang\n", len: 1},
		{name: "crlf and bom", data: "\ufeff---\r\nname: x\r\n...\r\n张\tzhang\t5\r\n", len: 1},
		{name: "comments and blanks", data: "# c\n\n张\tzhang\t5\n\n# d\n", len: 1},
		{name: "lve spelling", data: "略\tlve\t5\n", len: 1},
		{name: "no final newline", data: "张\tzhang\t5", len: 1},
		{name: "long line skipped", data: "张\tzhang\t5\n" + strings.Repeat("字", 40000) + "\tzi\t1\n三\tsan\t4\n", len: 2, skipped: 1},
		{name: "too many syllables", data: "一二三四五六七八九\tyi er san si wu liu qi ba jiu\t1\n张\tzhang\t5\n", len: 1, skipped: 1},
		{name: "double space", data: "张三\tzhang  san\t1\n张\tzhang\t5\n", len: 1, skipped: 1},
		{name: "extra field", data: "张\tzhang\t5\tx\n张\tzhang\t5\n", len: 1, skipped: 1},
		{name: "empty", data: "", wantErr: ErrNoEntries},
		{name: "header only", data: "---\nname: x\n...\n", wantErr: ErrNoEntries},
		{name: "unterminated header", data: "---\n张\tzhang\t5\n", wantErr: ErrNoEntries},
		{name: "all malformed", data: "x\n", wantErr: ErrNoEntries},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(strings.NewReader(tt.data))
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.HasPrefix(err.Error(), "pinyin: ") {
					t.Fatalf("err = %v, want %v prefixed pinyin:", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Len() != tt.len || d.Skipped() != tt.skipped {
				t.Errorf("Len, Skipped = %d, %d, want %d, %d", d.Len(), d.Skipped(), tt.len, tt.skipped)
			}
		})
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "pinyin_simp.dict.yaml"))
	if err == nil {
		t.Fatal("Load of a missing file succeeded")
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "pinyin: ") || !strings.Contains(msg, "rime-data-pinyin-simp") {
		t.Errorf("err = %q, want it prefixed pinyin: and naming the Debian package", msg)
	}
}

func TestCandidatesSmall(t *testing.T) {
	d := parseSmall(t, zhangsanLine)
	tests := []struct {
		input string
		first []Candidate // the first candidates, in order
		has   []Candidate // candidates anywhere in the list
		not   []string    // texts that must not appear
	}{
		{input: "zhangsan", first: []Candidate{{"张三", 8}}, has: []Candidate{{"张", 5}, {"章", 5}}},
		{input: "shenfenzh", first: []Candidate{{"身份证", 9}, {"身份证明", 9}, {"身份", 7}}, has: []Candidate{{"身", 4}}},
		{input: "shenfen", first: []Candidate{{"身份", 7}, {"身份证", 7}, {"身份证明", 7}}},
		{input: "sfz", first: []Candidate{{"身份证", 3}, {"十分钟", 3}, {"身份证明", 3}}},
		{input: "yxgs", first: []Candidate{{"有限公司", 4}}},
		{input: "yxg", first: []Candidate{{"有限公司", 3}}},
		{input: "beijingshi", first: []Candidate{{"北京市", 10}, {"北京", 7}, {"北", 3}}},
		{input: "bjs", first: []Candidate{{"北京市", 3}, {"半决赛", 3}, {"背景色", 3}}},
		{input: "shebao", first: []Candidate{{"社保", 6}, {"社", 3}}},
		{input: "lv", first: []Candidate{{"率", 2}, {"绿", 2}, {"旅", 2}}, not: []string{"略"}},
		{input: "lü", first: []Candidate{{"率", 3}, {"绿", 3}, {"旅", 3}}},
		{input: "lu", first: []Candidate{{"绿", 2}}},
		{input: "lve", first: []Candidate{{"略", 3}}},
		{input: "lue", first: []Candidate{{"略", 3}}},
		{input: "xian", first: []Candidate{{"先", 4}, {"西安", 4}}, not: []string{"西"}},
		{input: "xi'an", first: []Candidate{{"西安", 5}, {"西", 3}}, not: []string{"先"}},
		{input: "xi'", first: []Candidate{{"西", 3}, {"西安", 3}}, not: []string{"先"}},
		{input: "fangan", has: []Candidate{{"方案", 6}, {"反感", 6}}},
		{input: "n", first: []Candidate{{"你", 1}, {"嗯", 1}}},
		{input: "ng", first: []Candidate{{"嗯", 2}}},
		{input: "huk", first: []Candidate{{"户口", 3}}},
		{input: "ZhangSan", first: []Candidate{{"张三", 8}}},
		{input: "zhangsani", first: []Candidate{{"张", 5}}, not: []string{"张三"}}, // zhang sa ni
		{input: "zhangsanq", first: []Candidate{{"张三", 8}, {"张", 5}}},
	}
	for _, tt := range tests {
		t.Run(tt.input, func(t *testing.T) {
			got := d.Candidates(tt.input, 0)
			if len(got) < len(tt.first) || !slices.Equal(got[:len(tt.first)], tt.first) {
				t.Errorf("Candidates(%q) = %v, want it to start %v", tt.input, got, tt.first)
			}
			for _, c := range tt.has {
				if _, g := find(got, c.Text); g != c {
					t.Errorf("Candidates(%q) = %v, want %v in it", tt.input, got, c)
				}
			}
			for _, text := range tt.not {
				if i, _ := find(got, text); i >= 0 {
					t.Errorf("Candidates(%q) = %v, want no %s", tt.input, got, text)
				}
			}
		})
	}
}

// TestZhangsanCharByChar checks that without the word 张三 the input is
// built character by character: 张 uses zhang, then san gives 三.
func TestZhangsanCharByChar(t *testing.T) {
	d := parseSmall(t, "")
	input := "zhangsan"
	got := d.Candidates(input, 5)
	if len(got) == 0 || got[0] != (Candidate{"张", 5}) {
		t.Fatalf("Candidates(%q) = %v, want 张 using 5 first", input, got)
	}
	rest := input[got[0].Consumed:]
	if rest != "san" {
		t.Fatalf("rest = %q, want san", rest)
	}
	got = d.Candidates(rest, 5)
	if len(got) == 0 || got[0] != (Candidate{"三", 3}) {
		t.Fatalf("Candidates(%q) = %v, want 三 using 3 first", rest, got)
	}
}

func TestApostropheConsumed(t *testing.T) {
	d := parseSmall(t, "")
	input := "xi'an"
	_, c := find(d.Candidates(input, 0), "西")
	if c.Consumed != 3 || input[c.Consumed:] != "an" {
		t.Fatalf("西 uses %d of %q, want 3 leaving an", c.Consumed, input)
	}
}

func TestSyllables(t *testing.T) {
	d := parseSmall(t, "")
	tests := []struct {
		input string
		want  []string
	}{
		{"shenfenzh", []string{"shen", "fen", "zh"}},
		{"sfz", []string{"s", "f", "z"}},
		{"yxgs", []string{"y", "x", "g", "s"}},
		{"xian", []string{"xian"}},
		{"xi'an", []string{"xi", "an"}},
		{"zhangsan", []string{"zhang", "san"}},
		{"beijingshi", []string{"bei", "jing", "shi"}},
		{"fangan", []string{"fang", "an"}},
		{"tiananmen", []string{"tian", "an", "men"}},
		{"zhongguo", []string{"zhong", "guo"}},
		{"lve", []string{"lue"}},
		{"lü", []string{"lv"}},
		{"ZhangSan", []string{"zhang", "san"}},
		{"zhangi", []string{"zhang", "i"}},
		{"iu", []string{"i", "u"}},
		{"n", []string{"n"}},
		{"", nil},
		{"'", nil},
		{"123", nil},
		{"zhang san", nil},
		{"张三", nil},
	}
	for _, tt := range tests {
		if got := d.Syllables(tt.input); !slices.Equal(got, tt.want) {
			t.Errorf("Syllables(%q) = %q, want %q", tt.input, got, tt.want)
		}
	}
}

func TestGarbageInput(t *testing.T) {
	d := parseSmall(t, zhangsanLine)
	for _, input := range []string{
		"", "'", "'''", "123", "zhang3", "zhang san", "张三", "\xff\xfe", "zh\x00", "-",
		"iiii", "uuu", "vvv", // letters no syllable starts with
	} {
		got := d.Candidates(input, 10)
		if len(got) != 0 {
			t.Errorf("Candidates(%q) = %v, want none", input, got)
		}
	}
	long := strings.Repeat("zhang", 2000)
	if got := d.Candidates(long, 3); len(got) == 0 || got[0] != (Candidate{"张", 5}) {
		t.Errorf("Candidates(10000 letters) = %v, want 张 using 5 first", got)
	}
	if got, want := d.Candidates("ZHANGSAN", 3), d.Candidates("zhangsan", 3); !slices.Equal(got, want) {
		t.Errorf("upper case gives %v, lower case %v", got, want)
	}
	var nilDict *Dict
	if got := nilDict.Candidates("zhang", 3); got != nil {
		t.Errorf("nil Dict gives %v", got)
	}
}

func TestLimitAndDuplicates(t *testing.T) {
	d := parseSmall(t, zhangsanLine)
	for _, input := range []string{"l", "s", "zhangsan", "x", "n", "b"} {
		all := d.Candidates(input, 0)
		if !slices.Equal(d.Candidates(input, -1), all) {
			t.Errorf("%q: limit -1 differs from limit 0", input)
		}
		seen := map[string]bool{}
		for _, c := range all {
			if seen[c.Text] {
				t.Errorf("%q: %s twice in %v", input, c.Text, all)
			}
			seen[c.Text] = true
		}
		for limit := 1; limit <= len(all)+1; limit++ {
			got := d.Candidates(input, limit)
			want := all[:min(limit, len(all))]
			if !slices.Equal(got, want) {
				t.Errorf("Candidates(%q, %d) = %v, want %v", input, limit, got, want)
			}
		}
	}
	// 绿 has two readings, lv and lu: "l" finds it twice but shows it once,
	// and a limit still fills up.
	if got := d.Candidates("l", 2); len(got) != 2 {
		t.Errorf(`Candidates("l", 2) = %v, want 2`, got)
	}
}

func TestConcurrent(t *testing.T) {
	d := parseSmall(t, zhangsanLine)
	want := d.Candidates("shenfenzh", 5)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				if got := d.Candidates("shenfenzh", 5); !slices.Equal(got, want) {
					t.Errorf("concurrent Candidates = %v, want %v", got, want)
					return
				}
				d.Syllables("xi'an")
			}
		})
	}
	wg.Wait()
}

func TestSpellingTable(t *testing.T) {
	for i, s := range spellings {
		if i > 0 && spellings[i-1] >= s {
			t.Errorf("spellings not sorted at %q", s)
		}
		if len(s) > maxSpelling {
			t.Errorf("%q is longer than maxSpelling", s)
		}
		if id, ok := syllableID([]byte(s)); !ok || id != i {
			t.Errorf("syllableID(%q) = %d, %t, want %d", s, id, ok, i)
		}
	}
	for _, p := range []string{"a", "zh", "s", "x", "lv", "zhuang", "b", "q"} {
		lo, hi := prefixRange([]byte(p))
		var want []string
		for _, s := range spellings {
			if strings.HasPrefix(s, p) {
				want = append(want, s)
			}
		}
		if got := spellings[lo:hi]; !slices.Equal(got, want) {
			t.Errorf("prefixRange(%q) = %q, want %q", p, got, want)
		}
	}
	for _, p := range []string{"", "i", "u", "v", "zhuangg", "A", "zh'"} {
		if lo, hi := prefixRange([]byte(p)); lo != hi {
			t.Errorf("prefixRange(%q) = %q, want none", p, spellings[lo:hi])
		}
	}
}
