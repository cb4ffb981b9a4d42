package cache

import (
	"testing"

	"fyne.io/fyne/v2"
)

// forgetTestCanvas is a canvas for the cache's bookkeeping only.
type forgetTestCanvas struct{ fyne.Canvas }

// TestForgetAllButKeepsTheTextsItIsTold: ForgetAllBut frees the text
// textures of its canvas whose text keepText refuses, keeps the rest and
// every other canvas's, and with no keepText frees them all (hallkiosk
// patch 7).
func TestForgetAllButKeepsTheTextsItIsTold(t *testing.T) {
	mine, other := &forgetTestCanvas{}, &forgetTestCanvas{}
	freed := map[string]bool{}
	set := func(c fyne.Canvas, text string) FontCacheEntry {
		ent := FontCacheEntry{fontSizeEntry: fontSizeEntry{Text: text, Size: 20}, Canvas: c}
		SetTextTexture(ent, TextureType(len(freed)+1), c, func() { freed[text] = true })
		return ent
	}
	defer textTextures.Clear()
	own, masked, elsewhere := set(mine, "确认提交"), set(mine, "王*兰"), set(other, "王*兰 elsewhere")
	ForgetAllBut(mine, nil, func(fyne.CanvasObject) {}, func(text string) bool { return text == "确认提交" })
	if _, ok := GetTextTexture(own); !ok || freed["确认提交"] {
		t.Error("a text it was told to keep was freed")
	}
	if _, ok := GetTextTexture(masked); ok || !freed["王*兰"] {
		t.Error("a text it was not told to keep stayed")
	}
	if _, ok := GetTextTexture(elsewhere); !ok {
		t.Error("another canvas's text was freed")
	}
	ForgetAllBut(mine, nil, func(fyne.CanvasObject) {}, nil)
	if _, ok := GetTextTexture(own); ok || !freed["确认提交"] {
		t.Error("with no keepText, a text stayed")
	}
}
