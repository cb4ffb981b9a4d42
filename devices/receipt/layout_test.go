package receipt

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestCols(t *testing.T) {
	tests := map[string]int{
		"":           0,
		"abc":        3,
		"受理号":        6,
		"受理号：A-001":  13,
		"䶮㛃":         4,
		"😀":          2, // printed as □
		"\x1b":       1, // printed as ?
		"\xff":       1,
		"·":          2, // two-byte in GB18030, so full width on paper
		"12345 热线电话": 14,
	}
	for s, want := range tests {
		if got := Cols(s); got != want {
			t.Errorf("Cols(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestColsMatchBytes: on paper a character is as wide as its code is long
// (1 byte = 12 dots, 2 or 4 bytes = 24 dots); Cols must agree with what
// the Doc sends.
func TestColsMatchBytes(t *testing.T) {
	for _, s := range []string{"受理号：A-001", "刘䶮 王㛃", "a😀b\x1bc\xffd", "Ω é ¥ €"} {
		d := NewDoc(W80).Text(s)
		dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(d.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for _, r := range string(dec) {
			if r < 0x80 {
				want++
			} else {
				want += 2
			}
		}
		if got := Cols(s); got != want {
			t.Errorf("Cols(%q) = %d, printed %d columns", s, got, want)
		}
	}
}

func TestWrap(t *testing.T) {
	tests := []struct {
		in   string
		cols int
		want []string
	}{
		{"短", 10, []string{"短"}},
		{"", 10, []string{""}},
		{"一二三四五六", 8, []string{"一二三四", "五六"}},
		{"一二三，四五六", 8, []string{"一二三，", "四五六"}},
		{"一二三四，五六", 8, []string{"一二三", "四，五六"}},
		{"hello world again", 11, []string{"hello world", "again"}},
		{"受理号ABCDEFGH", 10, []string{"受理号", "ABCDEFGH"}},
		{"ABCDEFGHIJKLMN", 6, []string{"ABCDEF", "GHIJKL", "MN"}},
		{"第一行\n第二行", 20, []string{"第一行", "第二行"}},
		{"a 受理", 3, []string{"a", "受", "理"}},
	}
	for _, tt := range tests {
		got := Wrap(tt.in, tt.cols)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.in, tt.cols, got, tt.want)
		}
		for _, l := range got {
			if Cols(l) > tt.cols {
				t.Errorf("Wrap(%q, %d): line %q is %d columns", tt.in, tt.cols, l, Cols(l))
			}
		}
	}
}

func lines(d *Doc) []string {
	dec, _ := simplifiedchinese.GB18030.NewDecoder().Bytes(d.Bytes())
	return strings.Split(strings.TrimSuffix(string(dec), "\n"), "\n")
}

func TestFieldPairTableRule(t *testing.T) {
	d := NewDoc(W58) // 32 columns
	d.Field("受理事项：", "城乡居民养老保险参保登记（含个人信息变更）")
	d.Pair("办理时间", "2025-03-01 09:30")
	d.Table([]Column{{Width: 8}, {Width: 14}, {Width: 8, Align: Right}}, "事项", "社保卡补领申请表", "3份")
	d.Rule('-')
	d.Rule('═')
	want := []string{
		"受理事项：城乡居民养老保险参保登",
		"          记（含个人信息变更）",
		"办理时间        2025-03-01 09:30",
		"事项     社保卡补领申请      3份",
		"         表",
		strings.Repeat("-", 32),
		strings.Repeat("═", 16),
	}
	got := lines(d)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range got {
		if Cols(l) > 32 {
			t.Errorf("line %q is %d columns", l, Cols(l))
		}
	}
	// Double width halves the columns.
	if c := NewDoc(W80).Size(2, 2).Columns(); c != 24 {
		t.Errorf("80 mm double width: %d columns, want 24", c)
	}
}
