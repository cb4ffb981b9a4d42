package typeset

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
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

// TestTextWrapsAtItsStylesZoom: a Text's logical wrap width is turned into
// pixels by the zoom of the Style it was made with, whatever the app's theme.
func TestTextWrapsAtItsStylesZoom(t *testing.T) {
	test.NewTempApp(t)
	const words = "选择提取原因、填写金额和本人银行卡号，再核对一遍。"
	lines := func(zoom float32) int {
		tx := NewText(Style{Zoom: zoom}, words, theme.SizeNameText, "")
		tx.WrapWidth = 160
		return len(tx.lines())
	}
	if one, two := lines(1), lines(2); two >= one {
		t.Errorf("at zoom 2 the text takes %d lines, at zoom 1 %d: the style's zoom is not used", two, one)
	}
	if lines(0) != lines(1) {
		t.Error("zoom 0 is not zoom 1")
	}
}
