// Package screens is the kiosk's Fyne user interface and nothing else: the
// theme (standard, 长辈版, high contrast) with an explicit CJK font, the
// screens, the frame around them (fixed header and footer), the idle
// warning, keyboard and keypad navigation with a thick focus ring, and the
// narration model every screen declares (title, step, instruction, and each
// focusable item's name, role, state and value).
//
// screens renders the app.Snapshot that the app.Session publishes and sends
// the citizen's intents back; it never talks to a device. Each screen is a
// builder in the registry (registry.go) returning a View, so tests and the
// accessibility audit find every screen without a hand-kept list.
//
// Only the Fyne main goroutine touches widgets: snapshots arriving from
// other goroutines are applied through fyne.Do.
package screens
