package screens

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/screens/typeset"
)

// Custom theme names used by the kiosk's own widgets.
const (
	ColorNameAccent     fyne.ThemeColorName = "kioskAccent"     // main action of a screen
	ColorNameOnAccent   fyne.ThemeColorName = "kioskOnAccent"   // text on the main action
	ColorNameHeader     fyne.ThemeColorName = "kioskHeader"     // fixed header bar
	ColorNameOnHeader   fyne.ThemeColorName = "kioskOnHeader"   // text on the header
	ColorNameCard       fyne.ThemeColorName = "kioskCard"       // service tiles and panels
	ColorNameMuted      fyne.ThemeColorName = "kioskMuted"      // secondary text on cards
	ColorNameFocusOuter fyne.ThemeColorName = "kioskFocusOuter" // outer band of the focus ring
	ColorNameFocusInner fyne.ThemeColorName = "kioskFocusInner" // inner band of the focus ring

	SizeNameTarget    fyne.ThemeSizeName = "kioskTarget"    // smallest touch target side
	SizeNameTitle     fyne.ThemeSizeName = "kioskTitle"     // screen titles
	SizeNameFocusRing fyne.ThemeSizeName = "kioskFocusRing" // width of one focus ring band
)

// palette is one set of colours.
type palette map[fyne.ThemeColorName]color.NRGBA

func hex(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xFF}
}

// standardPalette: calm government blue, a warm accent for the main action,
// white cards on a light grey ground.
func standardPalette() palette {
	return palette{
		theme.ColorNameBackground:          hex(0xF3F5F8),
		theme.ColorNameForeground:          hex(0x1A2433),
		theme.ColorNameButton:              hex(0xFFFFFF),
		theme.ColorNameDisabledButton:      hex(0xE5E7EB),
		theme.ColorNameDisabled:            hex(0x4B5563),
		theme.ColorNamePrimary:             hex(0x0B4EA2),
		theme.ColorNameForegroundOnPrimary: hex(0xFFFFFF),
		theme.ColorNameInputBackground:     hex(0xFFFFFF),
		theme.ColorNameInputBorder:         hex(0x6B7280),
		theme.ColorNamePlaceHolder:         hex(0x5B6472),
		theme.ColorNameHover:               hex(0xE8EEF8),
		theme.ColorNamePressed:             hex(0xC9D8EE),
		theme.ColorNameFocus:               hex(0xC9D8EE),
		theme.ColorNameSelection:           hex(0xC9D8EE),
		theme.ColorNameSeparator:           hex(0xD1D5DB),
		theme.ColorNameShadow:              color.NRGBA{A: 0x33},
		theme.ColorNameError:               hex(0xB42318),
		theme.ColorNameForegroundOnError:   hex(0xFFFFFF),
		theme.ColorNameSuccess:             hex(0x067647),
		theme.ColorNameForegroundOnSuccess: hex(0xFFFFFF),
		theme.ColorNameWarning:             hex(0x8A4B00),
		theme.ColorNameForegroundOnWarning: hex(0xFFFFFF),
		theme.ColorNameHyperlink:           hex(0x0B4EA2),
		theme.ColorNameHeaderBackground:    hex(0x0B4EA2),
		theme.ColorNameMenuBackground:      hex(0xFFFFFF),
		theme.ColorNameOverlayBackground:   hex(0xFFFFFF),
		theme.ColorNameScrollBar:           hex(0x9CA3AF),
		theme.ColorNameScrollBarBackground: hex(0xE5E7EB),
		ColorNameAccent:                    hex(0xB93C0A),
		ColorNameOnAccent:                  hex(0xFFFFFF),
		ColorNameHeader:                    hex(0x0B4EA2),
		ColorNameOnHeader:                  hex(0xFFFFFF),
		ColorNameCard:                      hex(0xFFFFFF),
		ColorNameMuted:                     hex(0x4B5563),
		ColorNameFocusOuter:                hex(0x111111),
		ColorNameFocusInner:                hex(0xFFD400),
	}
}

// highContrastPalette: white and yellow on black, every text pair ≥ 7:1.
func highContrastPalette() palette {
	return palette{
		theme.ColorNameBackground:          hex(0x000000),
		theme.ColorNameForeground:          hex(0xFFFFFF),
		theme.ColorNameButton:              hex(0x1A1A1A),
		theme.ColorNameDisabledButton:      hex(0x1A1A1A),
		theme.ColorNameDisabled:            hex(0xC8C8C8),
		theme.ColorNamePrimary:             hex(0xFFD400),
		theme.ColorNameForegroundOnPrimary: hex(0x000000),
		theme.ColorNameInputBackground:     hex(0x000000),
		theme.ColorNameInputBorder:         hex(0xFFFFFF),
		theme.ColorNamePlaceHolder:         hex(0xD0D0D0),
		theme.ColorNameHover:               hex(0x333333),
		theme.ColorNamePressed:             hex(0x4D4D4D),
		theme.ColorNameFocus:               hex(0x4D4D4D),
		theme.ColorNameSelection:           hex(0x4D4D4D),
		theme.ColorNameSeparator:           hex(0xFFFFFF),
		theme.ColorNameShadow:              color.NRGBA{A: 0x00},
		theme.ColorNameError:               hex(0xFF9C94),
		theme.ColorNameForegroundOnError:   hex(0x000000),
		theme.ColorNameSuccess:             hex(0x7CFC9A),
		theme.ColorNameForegroundOnSuccess: hex(0x000000),
		theme.ColorNameWarning:             hex(0xFFD400),
		theme.ColorNameForegroundOnWarning: hex(0x000000),
		theme.ColorNameHyperlink:           hex(0xFFD400),
		theme.ColorNameHeaderBackground:    hex(0x000000),
		theme.ColorNameMenuBackground:      hex(0x000000),
		theme.ColorNameOverlayBackground:   hex(0x000000),
		theme.ColorNameScrollBar:           hex(0xFFFFFF),
		theme.ColorNameScrollBarBackground: hex(0x333333),
		ColorNameAccent:                    hex(0xFFD400),
		ColorNameOnAccent:                  hex(0x000000),
		ColorNameHeader:                    hex(0x000000),
		ColorNameOnHeader:                  hex(0xFFD400),
		ColorNameCard:                      hex(0x1A1A1A),
		ColorNameMuted:                     hex(0xE0E0E0),
		ColorNameFocusOuter:                hex(0xFFFFFF),
		ColorNameFocusInner:                hex(0x0050FF),
	}
}

// sizes is one set of sizes at zoom 1 (1920x1080 logical).
type sizes map[fyne.ThemeSizeName]float32

// standardSizes: body 24 px (DESIGN asks ≥ 22), 48 px targets.
func standardSizes() sizes {
	return sizes{
		theme.SizeNameText:               24,
		theme.SizeNameHeadingText:        40,
		theme.SizeNameSubHeadingText:     30,
		theme.SizeNameCaptionText:        20,
		theme.SizeNamePadding:            8,
		theme.SizeNameInnerPadding:       12,
		theme.SizeNameLineSpacing:        8,
		theme.SizeNameInlineIcon:         28,
		theme.SizeNameInputBorder:        2,
		theme.SizeNameInputRadius:        8,
		theme.SizeNameSelectionRadius:    6,
		theme.SizeNameSeparatorThickness: 1,
		theme.SizeNameScrollBar:          16,
		theme.SizeNameScrollBarSmall:     8,
		theme.SizeNameScrollBarRadius:    8,
		SizeNameTarget:                   48,
		SizeNameTitle:                    48,
		SizeNameFocusRing:                4,
	}
}

// elderSizes: 长辈版, text 1.5× standard (body 36 px ≥ 32), 64 px targets.
func elderSizes() sizes {
	s := standardSizes()
	for _, k := range []fyne.ThemeSizeName{theme.SizeNameText, theme.SizeNameHeadingText,
		theme.SizeNameSubHeadingText, theme.SizeNameCaptionText, theme.SizeNameLineSpacing,
		theme.SizeNameInlineIcon, theme.SizeNamePadding, theme.SizeNameInnerPadding, SizeNameTitle} {
		s[k] *= 1.5
	}
	s[SizeNameTarget] = 64
	s[SizeNameFocusRing] = 5
	return s
}

// Theme is the kiosk's Fyne theme: one of three looks, with the CJK font set
// explicitly and every size multiplied by a zoom that fits the 1920x1080
// logical layout to the window.
type Theme struct {
	fonts   *typeset.Fonts // nil: Fyne's default fonts
	elder   bool
	hc      bool
	zoom    float32
	colors  palette
	metrics sizes
}

// NewTheme returns the theme for a mode at a zoom (1 = 1920x1080 logical).
func NewTheme(fonts *typeset.Fonts, elder, highContrast bool, zoom float32) *Theme {
	if zoom <= 0 {
		zoom = 1
	}
	t := &Theme{fonts: fonts, elder: elder, hc: highContrast, zoom: zoom}
	if highContrast {
		t.colors = highContrastPalette()
	} else {
		t.colors = standardPalette()
	}
	if elder {
		t.metrics = elderSizes()
	} else {
		t.metrics = standardSizes()
	}
	return t
}

var _ fyne.Theme = (*Theme)(nil)

// Elder reports whether this is the 长辈版 look.
func (t *Theme) Elder() bool { return t.elder }

// HighContrast reports whether this is the high-contrast look.
func (t *Theme) HighContrast() bool { return t.hc }

// Zoom is the factor every size is multiplied by.
func (t *Theme) Zoom() float32 { return t.zoom }

// Color returns the palette colour; the light/dark variant is ignored, the
// kiosk's look is chosen by its mode, not by the desktop.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if c, ok := t.colors[n]; ok {
		return c
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Font returns the CJK screen font for every style.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if f := t.fonts.Screen(); f != nil {
		return f
	}
	return theme.DefaultTheme().Font(s)
}

// Icon returns Fyne's icons.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(n)
}

// Size returns the size for n, zoomed.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	if v, ok := t.metrics[n]; ok {
		return v * t.zoom
	}
	return theme.DefaultTheme().Size(n) * t.zoom
}

// BaseSize returns the size for n at zoom 1.
func (t *Theme) BaseSize(n fyne.ThemeSizeName) float32 {
	return t.Size(n) / t.zoom
}

// ContrastPair is a text colour on a background colour the UI uses.
type ContrastPair struct {
	Name       string
	Text, Back fyne.ThemeColorName
}

// ContrastPairs lists every text/background pair the screens draw, for the
// accessibility audit.
func ContrastPairs() []ContrastPair {
	return []ContrastPair{
		{"body text", theme.ColorNameForeground, theme.ColorNameBackground},
		{"text on cards", theme.ColorNameForeground, ColorNameCard},
		{"text on buttons", theme.ColorNameForeground, theme.ColorNameButton},
		{"muted text on cards", ColorNameMuted, ColorNameCard},
		{"muted text on background", ColorNameMuted, theme.ColorNameBackground},
		{"primary button", theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
		{"main action", ColorNameOnAccent, ColorNameAccent},
		{"header", ColorNameOnHeader, ColorNameHeader},
		{"input text", theme.ColorNameForeground, theme.ColorNameInputBackground},
		{"placeholder", theme.ColorNamePlaceHolder, theme.ColorNameInputBackground},
		{"disabled text", theme.ColorNameDisabled, theme.ColorNameDisabledButton},
		{"error text", theme.ColorNameError, theme.ColorNameBackground},
		{"error on cards", theme.ColorNameError, ColorNameCard},
		{"success text", theme.ColorNameSuccess, ColorNameCard},
		{"warning text", theme.ColorNameWarning, ColorNameCard},
		{"link", theme.ColorNameHyperlink, ColorNameCard},
	}
}

// Contrast is the WCAG 2 contrast ratio of two colours (1 to 21).
func Contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xFFFF
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}
