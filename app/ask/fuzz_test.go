package ask

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzSearch: any question, however long or broken, is answered without a
// panic, with at most the answers asked for, and its counted form is
// bounded and holds no long run of digits.
func FuzzSearch(f *testing.F) {
	ix := NewIndex(bigKnowledge(f, 200), nil)
	for _, s := range []string{"公积金多久到账", "", "\xff\xfe", "１３８１２３４５６７８", strings.Repeat("社保", 500), "gjj tiqu 12345", "咋办咋办咋办"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		res := ix.Search(q, 3)
		if len(res) > 3 {
			t.Fatalf("%d answers", len(res))
		}
		for i := 1; i < len(res); i++ {
			if res[i].Score > res[i-1].Score {
				t.Fatal("not best first")
			}
		}
		m := Mask(nil, q)
		if utf8.RuneCountInString(m) > maxCountedRunes {
			t.Fatalf("counted %d runes", utf8.RuneCountInString(m))
		}
		digits := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				digits++
				if digits >= 7 {
					t.Fatalf("a run of digits is counted: %q", m)
				}
			} else if r != ' ' && r != '-' {
				digits = 0
			}
		}
	})
}

// FuzzFiles: a cache or counts file with any bytes is refused or read,
// never a panic.
func FuzzFiles(f *testing.F) {
	f.Add([]byte(`{"etag":"x","faq":{"version":"1","items":[{"id":"a","question":"q","answer":"a"}]}}`))
	f.Add([]byte(`{"questions":{"138 1234 5678":{"asked":1}},"entries":{"a":null}}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		LoadCache(path)
		c, _ := OpenCounter(path)
		for q := range c.Snapshot().Questions {
			if strings.Contains(q, "12345678") {
				t.Fatalf("a number read back unmasked: %q", q)
			}
		}
		c.Asked("q", "a", false)
		c.TopUnanswered(3)
	})
}
