package pinyin

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzCandidates(f *testing.F) {
	for _, s := range []string{
		"zhangsan", "shenfenzh", "sfz", "yxgs", "xi'an", "lv", "lü", "lve", "ZhangSan",
		"", "'", "123", "张三", "\xff", "zhangsanq", "n", "nvel", "iu",
	} {
		f.Add(s, 10)
	}
	d := parseSmall(f, zhangsanLine)
	f.Fuzz(func(t *testing.T, input string, limit int) {
		limit %= 64
		got := d.Candidates(input, limit)
		if limit > 0 && len(got) > limit {
			t.Fatalf("Candidates(%q, %d) gave %d", input, limit, len(got))
		}
		seen := map[string]bool{}
		for _, c := range got {
			if c.Consumed < 1 || c.Consumed > len(input) || !utf8.ValidString(input[:c.Consumed]) {
				t.Fatalf("Candidates(%q) = %v: %s uses %d", input, got, c.Text, c.Consumed)
			}
			if seen[c.Text] {
				t.Fatalf("Candidates(%q) = %v: %s twice", input, got, c.Text)
			}
			seen[c.Text] = true
		}
		if again := d.Candidates(input, limit); !slices.Equal(again, got) {
			t.Fatalf("Candidates(%q) gave %v, then %v", input, got, again)
		}
		syl := d.Syllables(input)
		if (syl != nil) != validInput(input) {
			t.Fatalf("Syllables(%q) = %q, but the input is valid: %t", input, syl, validInput(input))
		}
		if !validInput(input) && got != nil {
			t.Fatalf("Candidates(%q) = %v for an invalid input", input, got)
		}
		if syl != nil {
			letters := strings.Map(func(r rune) rune {
				switch {
				case r == '\'':
					return -1
				case r == 'ü' || r == 'Ü':
					return 'v'
				}
				return r
			}, strings.ToLower(input))
			joined := strings.Join(syl, "")
			if len(joined) != len(letters) {
				t.Fatalf("Syllables(%q) = %q, letters %q", input, syl, letters)
			}
		}
	})
}

// validInput reports whether Candidates accepts input at all.
func validInput(s string) bool {
	letter := false
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == 'ü', r == 'Ü':
			letter = true
		case r == '\'':
		default:
			return false
		}
	}
	return letter
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(smallDict))
	f.Add([]byte("张\tzhang\t5\n"))
	f.Add([]byte("---\n...\n张三\tzhang san\n"))
	f.Add([]byte("\ufeff张\tlve\t99999999999\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(bytes.NewReader(data))
		if err != nil {
			if d != nil || !strings.HasPrefix(err.Error(), "pinyin: ") {
				t.Fatalf("Parse = %v, %v", d, err)
			}
			return
		}
		if d.Len() == 0 {
			t.Fatal("Parse succeeded with no entries")
		}
		for e := range d.Len() {
			if len(d.entrySyl(e)) != utf8.RuneCountInString(d.entryText(e)) {
				t.Fatalf("entry %d: %q with %d syllables", e, d.entryText(e), len(d.entrySyl(e)))
			}
		}
		for _, input := range []string{"a", "zh", "sfz", "zhangsan"} {
			for _, c := range d.Candidates(input, 5) {
				if c.Consumed < 1 || c.Consumed > len(input) {
					t.Fatalf("Candidates(%q) = %+v", input, c)
				}
			}
		}
	})
}

// FuzzSession types any input into any kind of field, commits the first
// candidate and checks the engine's promises: within the limit, each text
// once, letters used within the input, the same answer twice, nothing for
// an input the dictionary refuses.
func FuzzSession(f *testing.F) {
	for _, s := range []string{"zhouqiang", "jiefangdajie", "sbjf", "xi'an", "zhang", "haidianqu", "", "'", "张三", "\xff", "nve", "ouyangxiu"} {
		f.Add(s, uint8(0), "", 10)
		f.Add(s, uint8(1), "周", 5)
		f.Add(s, uint8(2), "", 0)
	}
	e, err := NewEngine(parseSmall(f, zhangsanLine+engineExtra))
	if err != nil {
		f.Fatal(err)
	}
	e = e.WithCatalog([]string{"社保缴费", "住房公积金提取"})
	f.Fuzz(func(t *testing.T, input string, kind uint8, before string, limit int) {
		limit %= 64
		fd := Field{Kind: Kind(kind % 3), Before: before}
		s := e.NewSession()
		s.SetCardAddress(before)
		got := s.Candidates(fd, input, limit)
		if limit > 0 && len(got) > limit {
			t.Fatalf("Candidates(%q, %d) gave %d", input, limit, len(got))
		}
		seen := map[string]bool{}
		for _, c := range got {
			if c.Consumed < 1 || c.Consumed > len(input) || !utf8.ValidString(input[:c.Consumed]) {
				t.Fatalf("Candidates(%q) = %v: %s uses %d", input, got, c.Text, c.Consumed)
			}
			if seen[c.Text] {
				t.Fatalf("Candidates(%q) = %v: %s twice", input, got, c.Text)
			}
			seen[c.Text] = true
		}
		if !validInput(input) && got != nil {
			t.Fatalf("Candidates(%q) = %v for an invalid input", input, got)
		}
		if again := s.Candidates(fd, input, limit); !slices.Equal(again, got) {
			t.Fatalf("Candidates(%q) gave %v, then %v", input, got, again)
		}
		if len(got) > 0 {
			s.Commit(fd, input, got[0])
			if more := s.Candidates(fd, input, 1); len(more) == 0 || more[0] != got[0] {
				t.Fatalf("after committing %v for %q the first is %v", got[0], input, more)
			}
		}
		s.Wipe()
	})
}
