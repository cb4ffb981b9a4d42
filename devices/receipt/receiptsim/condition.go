package receiptsim

import (
	"fmt"
	"strings"

	"hallkiosk/devices"
)

// Condition is what the simulated printer reports to DLE EOT and whether it
// prints.
type Condition struct {
	// Paper is ok (also the zero value), near_end or out.
	Paper devices.Paper
	// CoverOpen: the paper cover is open.
	CoverOpen bool
	// CutterError: the autocutter is jammed.
	CutterError bool
	// Silent: the printer answers no status request (switched off behind a
	// live USB-serial adapter).
	Silent bool
	// Garbled: every status request is answered with one to three bytes
	// that fail the DLE EOT fixed-bit check, as a printer set to another
	// baud rate answers.
	Garbled bool
	// Babble: an endless stream of bytes comes down the line, asked or not
	// (another device on the port, a printer dumping its buffer). Half of
	// the bytes pass the fixed-bit check, so only a driver that knows one
	// request gets one byte can tell it from replies.
	Babble bool
}

// Named conditions, as ParseCondition accepts them.
var (
	OK          = Condition{Paper: devices.PaperOK}
	NearEnd     = Condition{Paper: devices.PaperNearEnd}
	PaperOut    = Condition{Paper: devices.PaperOut}
	CoverOpen   = Condition{Paper: devices.PaperOK, CoverOpen: true}
	CutterError = Condition{Paper: devices.PaperOK, CutterError: true}
	Silent      = Condition{Paper: devices.PaperOK, Silent: true}
	Garbled     = Condition{Paper: devices.PaperOK, Garbled: true}
	Babble      = Condition{Paper: devices.PaperOK, Babble: true}
)

// ParseCondition reads "ok", "near_end", "out" (or "paper_out"),
// "cover_open", "cutter_error", "silent", "garbled" or "babble"; several
// may be joined with '+', e.g. "near_end+cover_open".
func ParseCondition(s string) (Condition, error) {
	c := OK
	for _, part := range strings.Split(s, "+") {
		switch strings.TrimSpace(part) {
		case "ok", "":
		case "near_end":
			c.Paper = devices.PaperNearEnd
		case "out", "paper_out":
			c.Paper = devices.PaperOut
		case "cover_open":
			c.CoverOpen = true
		case "cutter_error":
			c.CutterError = true
		case "silent":
			c.Silent = true
		case "garbled":
			c.Garbled = true
		case "babble":
			c.Babble = true
		default:
			return OK, fmt.Errorf("receiptsim: condition %q: want ok, near_end, out, cover_open, cutter_error, silent, garbled or babble", part)
		}
	}
	return c, nil
}

// String is the ParseCondition form.
func (c Condition) String() string {
	var parts []string
	switch c.Paper {
	case devices.PaperNearEnd:
		parts = append(parts, "near_end")
	case devices.PaperOut:
		parts = append(parts, "out")
	}
	if c.CoverOpen {
		parts = append(parts, "cover_open")
	}
	if c.CutterError {
		parts = append(parts, "cutter_error")
	}
	if c.Silent {
		parts = append(parts, "silent")
	}
	if c.Garbled {
		parts = append(parts, "garbled")
	}
	if c.Babble {
		parts = append(parts, "babble")
	}
	if len(parts) == 0 {
		return "ok"
	}
	return strings.Join(parts, "+")
}

// CanPrint reports whether paper moves in this condition.
func (c Condition) CanPrint() bool {
	return c.Paper != devices.PaperOut && !c.CoverOpen && !c.CutterError
}

// reply is the byte a printer in condition c sends for DLE EOT n, following
// the bit layout in shared/research/devices.md §2. ok is false when it
// sends nothing.
func (c Condition) reply(n int) (b byte, ok bool) {
	if c.Silent || n < 1 || n > 4 {
		return 0, false
	}
	b = 0x12
	out := c.Paper == devices.PaperOut
	switch n {
	case 1:
		if !c.CanPrint() {
			b |= 0x08
		}
	case 2:
		if c.CoverOpen {
			b |= 0x04
		}
		if out {
			b |= 0x20
		}
		if c.CutterError {
			b |= 0x40
		}
	case 3:
		if c.CutterError {
			b |= 0x08
		}
	case 4:
		switch c.Paper {
		case devices.PaperNearEnd:
			b |= 0x0C
		case devices.PaperOut:
			b |= 0x6C
		}
	}
	return b, true
}
