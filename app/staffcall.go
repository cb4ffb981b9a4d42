package app

import (
	"context"
	"errors"
)

// ErrNoStaffLink reports that a staff call reached nobody: this kiosk has
// no link to the staff at the 网办优先窗口 (the hall bus does not exist
// yet, or it is down). The screens then send the citizen to the window or
// the hotline instead of saying that someone is coming.
var ErrNoStaffLink = errors.New("app: no link to the staff at the window")

// NoStaffLink is the staff call of a kiosk without a hall bus: it always
// returns ErrNoStaffLink.
func NoStaffLink(context.Context) error { return ErrNoStaffLink }
