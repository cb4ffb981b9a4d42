package pinyin

import "testing"

func TestReadings(t *testing.T) {
	r := loadReal(t).Readings()
	for c, want := range map[rune]string{'积': "ji", '鸡': "ji", '社': "she", '保': "bao", '行': "xing", '证': "zheng"} {
		if got := r[c]; got != want {
			t.Errorf("reading of %c = %q, want %q", c, got, want)
		}
	}
	if len(r) < 10000 {
		t.Errorf("only %d characters have a reading", len(r))
	}
	if (*Dict)(nil).Readings() != nil {
		t.Error("a nil Dict has readings")
	}
}
