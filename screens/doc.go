// Package screens is the kiosk's Fyne user interface and nothing else: the
// theme (standard, 长辈版, high contrast) with an explicit CJK font, the
// screens, the frame around them (fixed header and footer), the idle
// warning, keyboard and keypad navigation with a thick focus ring, and the
// narration model every screen declares (title, step, instruction, and each
// focusable item's name, role, state and value).
//
// screens renders the app.Snapshot that the app.Session publishes and sends
// the citizen's intents back; it never talks to a device, and the rules of
// a citizen's journey (what is asked, what comes next, the slow work) are
// app/journey's. Each screen is one small type in its own file, in the way
// of rymdport's internal/ui: a struct with its dependencies (the UI, the
// journey it draws) and the citizen's input on it that no journey keeps (the
// pinyin typed, the rating chosen, the page of a list), a constructor, a
// build method returning a View, and onX methods its buttons call. The
// registry (registry.go) maps every screen to its constructor, so tests and
// the accessibility audit find every screen without a hand-kept list. The
// UI makes a screen's value when the screen is entered and keeps it while
// the screen stays, so a redraw builds the same value again; a list and the
// search keep their place for the session (placeKeeper). UI is the host:
// window, frame, theme and zoom, focus ring, narration, keypad navigation,
// the idle warning and the journeys hook.
//
// Words are set by screens/typeset: the CJK font cut into a screen font
// and a citizen font, and its Text widget, which draws each line as runs in
// those fonts. A Text takes its zoom and fonts as a typeset.Style value:
// the UI passes its own (UI.style, UI.text), and the small helpers that
// make texts and logical sizes (body, muted, heading, spacer, card0 …)
// take the style as a parameter. A new zoom or theme builds the view again.
//
// Views are also built only to read their texts (the speech warm-up,
// StaticPrompts): such a build gets throwaway journeys and never starts,
// ends or changes a citizen's journey.
//
// Only the Fyne main goroutine touches widgets: snapshots arriving from
// other goroutines are applied through fyne.Do.
package screens
