package pinyin

import (
	"slices"
	"strings"
	"testing"
)

// engineExtra adds to smallDict the words the engine tests compose from.
const engineExtra = `解放	jie fang	500
大街	da jie	300
大	da	9000
街	jie	800
建国	jian guo	400
路	lu	3000
缴费	jiao fei	1300
缴	jiao	400
费	fei	2000
住房	zhu fang	900
公积金	gong ji jin	800
提取	ti qu	600
周	zhou	6000
强	qiang	5000
墙	qiang	3000
秀	xiu	900
`

func smallEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := NewEngine(parseSmall(t, engineExtra))
	if err != nil {
		t.Fatal(err)
	}
	return e.WithCatalog([]string{"社保缴费", "住房公积金提取（购房）", "离职", "x"})
}

func TestKinds(t *testing.T) {
	tests := []struct {
		typ, prefill string
		want         Kind
	}{
		{"name", "", KindName},
		{"chinese_text", "card.name", KindName},
		{"address", "", KindAddress},
		{"chinese_text", "card.address", KindAddress},
		{"chinese_text", "", KindText},
		{"text", "card.id_number", KindText},
		{"", "", KindText},
	}
	for _, tt := range tests {
		if got := KindOf(tt.typ, tt.prefill); got != tt.want {
			t.Errorf("KindOf(%q, %q) = %v, want %v", tt.typ, tt.prefill, got, tt.want)
		}
	}
	for _, k := range []Kind{KindText, KindName, KindAddress} {
		if got, err := ParseKind(k.String()); err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k.String(), got, err)
		}
	}
	if _, err := ParseKind("phone"); err == nil || !strings.HasPrefix(err.Error(), "pinyin: ") {
		t.Errorf("ParseKind(phone) err = %v", err)
	}
}

// TestComposition checks the whole-input composition of other fields.
func TestComposition(t *testing.T) {
	e := smallEngine(t)
	tests := []struct {
		name  string
		kind  Kind
		input string
		first []string // the first candidates, in order
		not   []string
	}{
		{name: "two words", kind: KindText, input: "jiefangdajie", first: []string{"解放大街", "解放"}},
		{name: "word and character", kind: KindText, input: "jianguolu", first: []string{"建国路", "建国"}},
		{name: "three words", kind: KindText, input: "shenfenzhengbeijingshi", first: []string{"身份证北京市", "身份证"}},
		{name: "unfinished last syllable", kind: KindText, input: "jiefangdaj", first: []string{"解放大街"}},
		{name: "an exact word stays first", kind: KindText, input: "beijingshi", first: []string{"北京市", "北京"}},
		{name: "exact word then composition", kind: KindText, input: "xian", first: []string{"先", "西安"}},
		{name: "single characters are not composed", kind: KindText, input: "zhangsani", first: []string{"张"}, not: []string{"张撒你", "张三你"}},
		{name: "apostrophe", kind: KindText, input: "jie'fang'da'jie", first: []string{"解放大街"}},
		{name: "address from the division data", kind: KindAddress, input: "beijingshihaidianqu", first: []string{"北京市海淀区"}},
		{name: "initials are not composed", kind: KindText, input: "jfdj", not: []string{"解放大街"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(e.NewSession().Candidates(Field{Kind: tt.kind}, tt.input, 10))
			if len(got) < len(tt.first) || !slices.Equal(got[:len(tt.first)], tt.first) {
				t.Errorf("Candidates(%v, %q) = %v, want it to start %v", tt.kind, tt.input, got, tt.first)
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("Candidates(%v, %q) = %v, want no %s", tt.kind, tt.input, got, n)
				}
			}
		})
	}
}

// TestFieldKinds checks each kind's own sources.
func TestFieldKinds(t *testing.T) {
	e := smallEngine(t)
	tests := []struct {
		name   string
		field  Field
		input  string
		first  []string
		has    []string // among the first five
		useAll bool     // the first candidate uses the whole input
	}{
		{name: "name composed", field: Field{Kind: KindName}, input: "zhouqiang", first: []string{"周强"}, useAll: true},
		{name: "name in text field is not", field: Field{Kind: KindText}, input: "zhouqiang", first: []string{"周"}},
		{name: "two-character surname", field: Field{Kind: KindName}, input: "ouyangxiu", first: []string{"欧阳秀"}},
		{name: "surname first", field: Field{Kind: KindName}, input: "zhou", first: []string{"周"}},
		{name: "common surname before rare", field: Field{Kind: KindName}, input: "zhang", first: []string{"张", "章"}},
		{name: "given name after the surname", field: Field{Kind: KindName, Before: "周"}, input: "qiang", first: []string{"强"}},
		{name: "given name composed after the surname", field: Field{Kind: KindName, Before: "王"}, input: "jianguo", first: []string{"建国"}},
		{name: "name with an unfinished syllable", field: Field{Kind: KindName}, input: "zhouqia", first: []string{"周强"}},
		{name: "address division", field: Field{Kind: KindAddress}, input: "haidianqu", first: []string{"海淀区"}},
		{name: "address completion", field: Field{Kind: KindAddress}, input: "haidian", has: []string{"海淀区"}},
		{name: "catalog initials", field: Field{Kind: KindText}, input: "sbjf", first: []string{"社保缴费"}},
		{name: "catalog in full", field: Field{Kind: KindText}, input: "shebaojiaofei", first: []string{"社保缴费"}},
		{name: "catalog run split at punctuation", field: Field{Kind: KindText}, input: "zfgjjtq", first: []string{"住房公积金提取"}},
		{name: "catalog in a name field too", field: Field{Kind: KindName}, input: "sbjf", has: []string{"社保缴费"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands := e.NewSession().Candidates(tt.field, tt.input, 10)
			got := texts(cands)
			if len(got) < len(tt.first) || !slices.Equal(got[:len(tt.first)], tt.first) {
				t.Errorf("Candidates(%+v, %q) = %v, want it to start %v", tt.field, tt.input, got, tt.first)
			}
			for _, h := range tt.has {
				if i := slices.Index(got, h); i < 0 || i >= 5 {
					t.Errorf("Candidates(%+v, %q) = %v, want %s among the first five", tt.field, tt.input, got, h)
				}
			}
			if tt.useAll && (len(cands) == 0 || cands[0].Consumed != len(tt.input)) {
				t.Errorf("Candidates(%+v, %q) = %v, want the first to use all %d letters", tt.field, tt.input, cands, len(tt.input))
			}
		})
	}
}

// TestSessionMemory checks that committed words rank first in the same
// session only, and that Wipe forgets them.
func TestSessionMemory(t *testing.T) {
	e := smallEngine(t)
	text := Field{Kind: KindText}
	type step struct {
		commit string // commit this candidate of input, if set
		input  string
		first  string // then the first candidate of input
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{name: "a committed word first", steps: []step{
			{input: "xian", first: "先"},
			{input: "xian", commit: "西安", first: "西安"},
		}},
		{name: "by initials and unfinished", steps: []step{
			{input: "xian", commit: "西安"},
			{input: "xa", first: "西安"},
			{input: "xia", first: "西安"},
		}},
		{name: "newest first", steps: []step{
			{input: "fangan", commit: "反感"},
			{input: "fangan", commit: "方案", first: "方案"},
			{input: "fangan", commit: "反感", first: "反感"},
		}},
		{name: "a phrase built character by character", steps: []step{
			{input: "zhangsan", commit: "张"},
			{input: "san", commit: "三"},
			{input: "zhangsan", first: "张三"},
			{input: "zs", first: "张三"},
		}},
		{name: "a new input is a new phrase", steps: []step{
			{input: "zhangsan", commit: "张"},
			{input: "shenfen", commit: "身份"},
			{input: "zhangsan", first: "张"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := e.NewSession()
			for i, st := range tt.steps {
				if st.commit != "" {
					_, c := find(s.Candidates(text, st.input, 0), st.commit)
					if c.Text == "" {
						t.Fatalf("step %d: %s is no candidate of %q", i, st.commit, st.input)
					}
					s.Commit(text, st.input, c)
				}
				if st.first == "" {
					continue
				}
				if got := s.Candidates(text, st.input, 5); len(got) == 0 || got[0].Text != st.first {
					t.Errorf("step %d: Candidates(%q) = %v, want %s first", i, st.input, got, st.first)
				}
			}
			// Another citizen's session and the wiped one know nothing.
			for _, other := range []*Session{e.NewSession(), func() *Session { s.Wipe(); return s }()} {
				for _, st := range tt.steps {
					want := e.base.Candidates(st.input, 1)
					if got := other.Candidates(text, st.input, 1); len(want) > 0 && len(got) > 0 && got[0] != want[0] && !strings.Contains(st.input, "jie") {
						fresh := e.NewSession().Candidates(text, st.input, 1)
						if got[0] != fresh[0] {
							t.Errorf("after the session: Candidates(%q) = %v, want %v", st.input, got, fresh)
						}
					}
				}
			}
		})
	}
}

// TestWipe checks that Characters names what the citizen typed and their
// card's address, and that Wipe forgets committed words, phrases and the
// card.
func TestWipe(t *testing.T) {
	e := loadEngine(t)
	s := e.NewSession()
	addr := Field{Kind: KindAddress}
	text := Field{Kind: KindText}
	before := texts(s.Candidates(addr, "changan", 5))
	s.SetCardAddress("陕西省西安市长安区韦曲街道")
	if got := texts(s.Candidates(addr, "changan", 5)); len(got) == 0 || got[0] != "长安区" {
		t.Fatalf("with the card: Candidates(changan) = %v, want 长安区 first", got)
	}
	_, c := find(s.Candidates(text, "xian", 0), "西安")
	s.Commit(text, "xian", c)
	if got := s.Candidates(text, "xian", 1); got[0].Text != "西安" {
		t.Fatalf("after commit: %v", got)
	}
	chars := s.Characters()
	for _, r := range "西安长安区韦曲" {
		if _, ok := chars[r]; !ok {
			t.Errorf("Characters() lacks %c (typed, or the card's address)", r)
		}
	}
	s.Wipe()
	if got := s.Characters(); len(got) != 0 {
		t.Errorf("after Wipe: Characters() = %v", got)
	}
	if (*Session)(nil).Characters() != nil {
		t.Error("a nil Session has characters")
	}
	if s.memory != nil || s.card != nil || s.learned != nil || s.pending.text != "" || s.lastSyl != nil {
		t.Errorf("Wipe left memory %v, card %v, learned %v, pending %q", s.memory, s.card, s.learned, s.pending.text)
	}
	if got := texts(s.Candidates(addr, "changan", 5)); !slices.Equal(got, before) {
		t.Errorf("after Wipe: Candidates(changan) = %v, want %v as before the card", got, before)
	}
	if got, fresh := s.Candidates(text, "xian", 3), e.NewSession().Candidates(text, "xian", 3); !slices.Equal(got, fresh) {
		t.Errorf("after Wipe: Candidates(xian) = %v, want %v", got, fresh)
	}
}

func TestAddressWords(t *testing.T) {
	tests := []struct {
		addr string
		want []string
	}{
		{"北京市海淀区中关村大街27号院3号楼", []string{"北京市", "北京", "海淀区", "海淀", "中关村大街", "中关村", "号院", "号楼"}},
		{"广西壮族自治区南宁市青秀区", []string{"广西壮族自治区", "广西壮族", "南宁市", "南宁", "青秀区", "青秀"}},
		{"河北省石家庄市长安区建设北大街1号", []string{"河北省", "河北", "石家庄市", "石家庄", "长安区", "长安", "建设北大街", "建设北", "号"}},
		{"", nil},
		{"123 Main St.", nil},
		{"某地", []string{"某地"}},
	}
	for _, tt := range tests {
		if got := addressWords(tt.addr); !slices.Equal(got, tt.want) {
			t.Errorf("addressWords(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

func TestCardAddressFirst(t *testing.T) {
	e := loadEngine(t)
	s := e.NewSession()
	s.SetCardAddress("北京市海淀区中关村大街27号院3号楼")
	addr := Field{Kind: KindAddress}
	for _, tt := range []struct{ input, first string }{
		{"zhongguancundajie", "中关村大街"},
		{"zgcdj", "中关村大街"},
		{"haidian", "海淀区"},
		{"haohao", "号"}, // no card word: the usual ranking
	} {
		got := texts(s.Candidates(addr, tt.input, 5))
		if tt.input == "haohao" {
			if len(got) > 0 && (got[0] == "号院" || got[0] == "号楼") {
				t.Errorf("Candidates(%q) = %v: a card word that the input does not spell came first", tt.input, got)
			}
			continue
		}
		if len(got) == 0 || got[0] != tt.first {
			t.Errorf("Candidates(%q) = %v, want %s first", tt.input, got, tt.first)
		}
	}
	// Only address fields.
	if got := texts(s.Candidates(Field{Kind: KindText}, "zgcdj", 5)); slices.Contains(got, "中关村大街") && got[0] == "中关村大街" {
		t.Errorf("a text field ranks the card's address first: %v", got)
	}
}

// TestEmbeddedData checks the generated data parse whole.
func TestEmbeddedData(t *testing.T) {
	e, err := NewEngine(parseSmall(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []struct {
		name string
		d    *Dict
		min  int
	}{{"surnames", e.surnames, 500}, {"given", e.given, 400}, {"address", e.address, 30000}} {
		if d.d.Len() < d.min || d.d.Skipped() != 0 {
			t.Errorf("%s: Len, Skipped = %d, %d, want at least %d, 0", d.name, d.d.Len(), d.d.Skipped(), d.min)
		}
	}
	if f := e.footprint(); f > 5<<20 {
		t.Errorf("the field data's arrays hold %d bytes, want at most 5 MB", f)
	}
}

// TestHallWordsWithoutThemInTheCatalog: the hall's everyday words come by
// their initials even when the catalog names the affair officially
// (城乡居民养老保险缴费, not 社保缴费).
func TestHallWordsWithoutThemInTheCatalog(t *testing.T) {
	e, err := NewEngine(parseSmall(t, engineExtra))
	if err != nil {
		t.Fatal(err)
	}
	e = e.WithCatalog([]string{"城乡居民养老保险缴费"})
	for input, want := range map[string]string{"sbjf": "社保缴费", "shebaojiaofei": "社保缴费"} {
		got := texts(e.NewSession().Candidates(Field{Kind: KindText}, input, 5))
		if len(got) == 0 || got[0] != want {
			t.Errorf("%s → %v, want %s first", input, got, want)
		}
	}
}

// TestNamesVaryInTheGivenName: a name field offers the common surname with
// several given names before a rare surname of the same spelling.
func TestNamesVaryInTheGivenName(t *testing.T) {
	starts := []lstart{{pos: 2, cost: 1}, {pos: 2, cost: 1 + rareSurname + 0.5}, {pos: 2, cost: 1 + rareSurname - 0.5}, {pos: 4, cost: 9}}
	got := commonSurnames(starts)
	if len(got) != 3 || got[1].cost != 1+rareSurname-0.5 || got[2].pos != 4 {
		t.Fatalf("commonSurnames kept %+v", got)
	}
}
