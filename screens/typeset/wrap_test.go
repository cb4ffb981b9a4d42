package typeset

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestWrapBreaksChineseAnywhereButKeepsWordsAndPunctuation(t *testing.T) {
	test.NewTempApp(t)
	lines := wrap(nil, "选择提取原因、填写金额和本人银行卡号。Pay by WeChat please。", 24, fyne.TextStyle{}, 24*8)
	if len(lines) < 3 {
		t.Fatalf("not wrapped: %q", lines)
	}
	for _, l := range lines {
		if strings.HasPrefix(l, "。") || strings.HasPrefix(l, "、") {
			t.Errorf("line starts with closing punctuation: %q", l)
		}
	}
	if !strings.Contains(strings.Join(lines, "|"), "WeChat") {
		t.Errorf("a Latin word was split: %q", lines)
	}
}
