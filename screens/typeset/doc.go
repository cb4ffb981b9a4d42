// Package typeset sets the kiosk's words on screen: the fonts it draws
// Chinese with, and the Text widget that lays a text out in them.
//
// # Fonts are cut
//
// Fyne parses every glyph of a font it draws with, about 1 KB of memory
// each, and a CJK font has tens of thousands. So the kiosk never hands Fyne
// its whole CJK font: LoadFonts cuts it in two and caches both cuts on disk.
// The screen font holds what the kiosk itself says (the characters of every
// string in its source, the screen charset below; the catalog; the hall
// name; ASCII and common punctuation), about 1 200 glyphs, always loaded.
// The citizen font holds the rest of GB2312, what a citizen's name, address
// or typed words may need; it is read on the first character that needs it
// and let go when the session ends (Fonts.DropCitizen), so an idle kiosk
// holds only the screen font. Latin letters, digits and punctuation are
// drawn with Fyne's Noto Sans, cut the same way to Latin. A warm start
// reads only the cached screen cut.
//
// # Runs, each with its font
//
// A Text draws each line as runs: stretches drawn by one font (Latin,
// screen or citizen). Each run carries its font as its own source instead
// of leaving the choice to the theme, for two reasons. Fyne then draws
// with that one face and looks up a system font only for a character none
// of the kiosk's fonts has (䶮 in a name); through the theme alone, Fyne
// also loads the system's font for the locale's language on the first text
// it measures, the very 4 MB font the cut saves. And a run in the citizen
// font is how that font gets loaded: only when a citizen's own words need
// it. Wrapping measures text the same way it is drawn, run by run; Chinese
// may break between any two characters, except before closing punctuation,
// and Latin words stay whole.
//
// # Arrows are lines
//
// Neither the CJK font nor the Latin cut has arrows. Fyne's symbol font
// has, but lacks a space, and Fyne shapes a space with every run's font:
// drawing arrows with it sent Fyne to scan every system font. So each of
// ← → ↑ ↓ in a text is a run of its own, drawn as three strokes in the
// text's colour, one em wide (IsArrow).
//
// # The screen charset
//
// screenChars, generated, is every non-ASCII character of every string and
// rune literal in the module's non-test code, the screens' texts among
// them. A test walks the source and fails when a text has a character the
// constant lacks; after changing texts, regenerate it:
//
//	go test ./screens/typeset -run TestScreenChars -update
//
// # Values, not globals
//
// A Text takes its zoom (which turns its logical wrap width into pixels)
// and its fonts as a Style value from the screen that makes it; this
// package reads neither from the app's theme nor from any global. Text
// sizes and colours are named theme sizes and colours, looked up in the
// widget's theme as Fyne widgets do.
package typeset
