package screens

import (
	"testing"

	"fyne.io/fyne/v2/theme"

	"hallkiosk/screens/typeset"
)

func TestContrastOfEveryTextPair(t *testing.T) {
	for _, tc := range []struct {
		name string
		th   *Theme
		min  float64
	}{
		{"standard", NewTheme(nil, false, false, 1), 4.5},
		{"elder", NewTheme(nil, true, false, 1), 4.5},
		{"high contrast", NewTheme(nil, false, true, 1), 7},
	} {
		for _, p := range ContrastPairs() {
			c := Contrast(tc.th.Color(p.Text, theme.VariantLight), tc.th.Color(p.Back, theme.VariantLight))
			if c < tc.min {
				t.Errorf("%s: %s is %.2f:1, want ≥ %.1f:1", tc.name, p.Name, c, tc.min)
			}
		}
		// The focus ring's two bands stand out on every background (WCAG 1.4.11).
		for _, back := range []string{string(theme.ColorNameBackground), string(ColorNameCard), string(ColorNameHeader), string(ColorNameAccent)} {
			outer := Contrast(tc.th.Color(ColorNameFocusOuter, 0), tc.th.Color(fyneColor(back), 0))
			inner := Contrast(tc.th.Color(ColorNameFocusInner, 0), tc.th.Color(fyneColor(back), 0))
			if max(outer, inner) < 3 {
				t.Errorf("%s: focus ring on %s is %.2f/%.2f:1, want one band ≥ 3:1", tc.name, back, outer, inner)
			}
		}
	}
}

func TestElderSizes(t *testing.T) {
	std, elder := NewTheme(nil, false, false, 1), NewTheme(nil, true, false, 1)
	for _, n := range []string{string(theme.SizeNameText), string(theme.SizeNameHeadingText), string(theme.SizeNameSubHeadingText), string(theme.SizeNameCaptionText)} {
		if elder.Size(fyneSize(n)) < 1.5*std.Size(fyneSize(n)) {
			t.Errorf("%s: elder %.0f < 1.5 × %.0f", n, elder.Size(fyneSize(n)), std.Size(fyneSize(n)))
		}
	}
	if std.Size(theme.SizeNameText) < 22 {
		t.Errorf("standard body %.0f px < 22", std.Size(theme.SizeNameText))
	}
	if elder.Size(theme.SizeNameText) < 32 {
		t.Errorf("elder body %.0f px < 32", elder.Size(theme.SizeNameText))
	}
	if std.Size(SizeNameTarget) < 48 || elder.Size(SizeNameTarget) < 60 {
		t.Errorf("targets %.0f / %.0f, want ≥ 48 / ≥ 60", std.Size(SizeNameTarget), elder.Size(SizeNameTarget))
	}
	if typeset.LineHeightFactor < 1.3 {
		t.Errorf("line pitch %.2f < 1.3", typeset.LineHeightFactor)
	}
	if z := NewTheme(nil, false, false, 0.5); z.Size(theme.SizeNameText) != std.Size(theme.SizeNameText)/2 {
		t.Error("zoom does not scale sizes")
	}
}
