package receipt

import (
	"context"
	"fmt"
	"time"
)

// How a status reply is told from noise. A printer answers DLE EOT n with
// exactly one byte that has the fixed bits (ValidStatusByte) and sends
// nothing else unasked, except two things a driver must let pass:
//
//   - XON/XOFF (0x11/0x13) on a serial line with software flow control;
//   - automatic status back (ASB, enabled by GS a): a block of 4 bytes, the
//     first with bits 0, 1 and 7 clear and bit 4 set (b&0x93 == 0x10), the
//     other three with bits 4 and 7 clear (b&0x90 == 0). Epson ESC/POS
//     command reference, GS a; neither shape passes ValidStatusByte, so an
//     ASB block is never taken for a reply.
//
// Everything else is noise: a byte that fails the fixed-bit check where a
// reply is due, a byte nobody asked for, or more bytes than a request can
// explain. The driver then reports ErrNoSensibleAnswer and never decodes a
// status from those bytes.
const (
	xon  = 0x11
	xoff = 0x13

	// maxSkip bounds the bytes let pass (flow control, ASB blocks) before
	// one reply: a stream of them is noise too.
	maxSkip = 16

	// settleQuiet is how long the line must stay quiet before a status
	// read that follows a failure or found bytes nobody asked for: a late
	// reply to an abandoned request must not be taken for the next one.
	settleQuiet = 50 * time.Millisecond

	// maxSettle bounds the bytes thrown away while waiting for the line to
	// go quiet (about a kernel tty buffer): an endless stream fails fast
	// instead of after the whole timeout.
	maxSettle = 4096
)

// asbHead and asbTail report whether b can be the first, or a later, byte of
// an automatic status back block.
func asbHead(b byte) bool { return b&0x93 == 0x10 }
func asbTail(b byte) bool { return b&0x90 == 0 }

// scanReply looks at the bytes that arrived after a DLE EOT request, in
// order. It returns the reply and the number of bytes used up to and with
// it (n > 0); or n == 0 and a nil error when the bytes so far are only
// flow control and whole or partial ASB blocks and more must be read; or
// an error matching ErrNoSensibleAnswer.
func scanReply(b []byte) (reply byte, n int, err error) {
	i := 0
	for i < len(b) {
		if i >= maxSkip {
			return 0, 0, fmt.Errorf("%d bytes before a status reply: %w", i, ErrNoSensibleAnswer)
		}
		c := b[i]
		switch {
		case ValidStatusByte(c):
			return c, i + 1, nil
		case c == xon || c == xoff:
			i++
		case asbHead(c):
			for k := 1; k < 4; k++ {
				if i+k >= len(b) {
					return 0, 0, nil
				}
				if !asbTail(b[i+k]) {
					return 0, 0, fmt.Errorf("byte %#02x after %#02x: %w", b[i+k], c, ErrNoSensibleAnswer)
				}
			}
			i += 4
		default:
			return 0, 0, fmt.Errorf("reply %#02x fails the fixed-bit check: %w", c, ErrNoSensibleAnswer)
		}
	}
	return 0, 0, nil
}

// checkUnasked returns an error matching ErrNoSensibleAnswer when b, bytes
// nobody asked for, holds more than flow control and ASB blocks.
func checkUnasked(b []byte) error {
	reply, n, err := scanReply(b)
	switch {
	case err != nil:
		return err
	case n > 0:
		return fmt.Errorf("unasked status-shaped byte %#02x: %w", reply, ErrNoSensibleAnswer)
	}
	return nil
}

// unread moves what the reader has handed over so far to c.pending,
// without waiting.
func (c *conn) unread() {
	for {
		select {
		case b := <-c.rx:
			c.pending = append(c.pending, b...)
		default:
			return
		}
	}
}

// settle throws away what the printer sent before the next request and,
// when anything came or the line is suspect (just opened, or the last
// read failed), waits until it has been quiet for settleQuiet. A line that
// does not go quiet within timeout, or sends more than maxSettle bytes
// meanwhile, does not answer sensibly.
func (c *conn) settle(ctx context.Context, timeout time.Duration) error {
	c.unread()
	got := len(c.pending)
	c.pending = c.pending[:0]
	if got == 0 && !c.dirty {
		return nil
	}
	start := time.Now()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	quiet := time.NewTimer(settleQuiet)
	defer quiet.Stop()
	for {
		select {
		case b := <-c.rx:
			got += len(b)
			if got > maxSettle {
				return fmt.Errorf("receipt: status: %d bytes nobody asked for in %v: %w",
					got, time.Since(start).Round(time.Millisecond), ErrNoSensibleAnswer)
			}
			quiet.Reset(settleQuiet)
		case <-quiet.C:
			c.dirty = false
			return nil
		case <-deadline.C:
			return fmt.Errorf("receipt: status: the line was not quiet for %v within %v (%d bytes): %w",
				settleQuiet, timeout, got, ErrNoSensibleAnswer)
		case err := <-c.errc:
			c.putBack(err)
			return fmt.Errorf("receipt: status: %w", err)
		case <-ctx.Done():
			return fmt.Errorf("receipt: status: %w", ctx.Err())
		}
	}
}

// putBack returns a port error to errc so the owner's loop also sees the
// loss.
func (c *conn) putBack(err error) {
	select {
	case c.errc <- err:
	default:
	}
}
