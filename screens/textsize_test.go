package screens

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// monoTheme draws every text in the monospace font.
type monoTheme struct{ fyne.Theme }

func (monoTheme) Font(fyne.TextStyle) fyne.Resource { return theme.DefaultTextMonospaceFont() }

// The patched Fyne's canvas.Text remembers its measured size (PATCHES.md,
// patch 6): it must measure again when its text, size, style or font
// changes, and when the theme's font changes.
func TestTextMeasuresAgainWhenItChanges(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	txt := canvas.NewText("iiii", color.Black)
	txt.TextSize = 20
	first := txt.MinSize()
	if again := txt.MinSize(); again != first {
		t.Fatalf("the same text measured %v, then %v", first, again)
	}
	txt.Text = "iiiiiiii"
	wider := txt.MinSize()
	if wider.Width <= first.Width {
		t.Errorf("a longer text is %v wide, the shorter %v", wider.Width, first.Width)
	}
	txt.TextSize = 40
	if big := txt.MinSize(); big.Height <= wider.Height {
		t.Errorf("text size 40 is %v high, size 20 %v", big.Height, wider.Height)
	}
	txt.TextSize = 20
	txt.TextStyle = fyne.TextStyle{Monospace: true}
	if mono := txt.MinSize(); mono.Width <= wider.Width {
		t.Errorf("monospace i's are %v wide, proportional ones %v", mono.Width, wider.Width)
	}
	txt.TextStyle = fyne.TextStyle{}
	txt.FontSource = theme.DefaultTextMonospaceFont()
	if mono := txt.MinSize(); mono.Width <= wider.Width {
		t.Errorf("with a monospace font source the text is %v wide, without %v", mono.Width, wider.Width)
	}
	txt.FontSource = nil
	if back := txt.MinSize(); back != wider {
		t.Errorf("back to the theme's font the text measures %v, before %v", back, wider)
	}
	a.Settings().SetTheme(monoTheme{theme.DefaultTheme()})
	if themed := txt.MinSize(); themed.Width <= wider.Width {
		t.Errorf("under a monospace theme the text is %v wide, before %v", themed.Width, wider.Width)
	}
}
