package hall

import (
	"errors"
	"fmt"
	"regexp"
)

// Role is what a terminal is in the hall.
type Role string

// The roles of a hall terminal.
const (
	// RoleKiosk is a self-service terminal in the experience zone.
	RoleKiosk Role = "kiosk"
	// RoleWindow is the staff's terminal at the 网办优先窗口.
	RoleWindow Role = "window"
)

// ParseRole checks a role named in the configuration or on the command
// line.
func ParseRole(s string) (Role, error) {
	switch Role(s) {
	case RoleKiosk, RoleWindow:
		return Role(s), nil
	}
	return "", fmt.Errorf("hall: role %q is neither kiosk nor window", s)
}

// The subjects of the hall bus. Every subject names the kiosk it is about
// as its last token, so the server's permissions can let a kiosk publish
// only as itself and hear only what is meant for it (docs/hall.md).
const (
	// Prefix starts every subject of the hall bus.
	Prefix = "hall"

	// KindStatus: a terminal's status (Status), every status interval.
	KindStatus = "status"
	// KindCall: a kiosk's call to the staff (Call), a request the window
	// answers with a CallAck once it has stored the call.
	KindCall = "call"
	// KindCallState: the window tells a kiosk what became of its call
	// (CallUpdate: accepted, closed).
	KindCallState = "callstate"
	// KindWatch: the window asks a kiosk for its live view (Watch), a
	// request the kiosk answers with its LiveView now; the kiosk then
	// publishes every change on KindSnap while the watch lasts.
	KindWatch = "watch"
	// KindSnap: a kiosk's live view (LiveView) after each change.
	KindSnap = "snap"
	// KindHint: the window points at an item on a kiosk's screen (Hint).
	KindHint = "hint"
	// KindEvent: a kiosk's usage events, for the figures (reserved).
	KindEvent = "event"

	// SubjectDirectory is a request every directory (the window, `hall
	// serve`) answers with the terminals it has seen (Directory).
	SubjectDirectory = Prefix + ".directory"
	// SubjectHot: the hall's hot list (app/hotbus.Ranking), which only the
	// window publishes and every kiosk reads: services by the hall's
	// submissions of the last 30 days.
	SubjectHot = Prefix + ".hot"
)

// Subject is the subject of kind about terminal id: hall.<kind>.<id>.
func Subject(kind, id string) string { return Prefix + "." + kind + "." + id }

// All is the wildcard subject of kind about every terminal.
func All(kind string) string { return Prefix + "." + kind + ".*" }

// InboxPrefix is where a terminal's replies come: its own inbox, which no
// other kiosk may read.
func InboxPrefix(id string) string { return "_INBOX." + id }

// ErrBadTerminalID reports a terminal id that cannot be a subject token.
var ErrBadTerminalID = errors.New("hall: a terminal id is 1 to 64 letters, digits, '-' or '_'")

var terminalID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// CheckTerminalID reports whether id can name a terminal on the bus: one
// subject token, no wildcard, no dot.
func CheckTerminalID(id string) error {
	if !terminalID.MatchString(id) {
		return fmt.Errorf("%w: %q", ErrBadTerminalID, id)
	}
	return nil
}
