package idcard

import (
	"context"
	"errors"
	"io"
	"time"
)

// DefaultBaud is the line speed of every SAM module found (YinanSoft
// SerialReader, speedata ID2ActBack; research §1 "Baud").
const DefaultBaud = 115200

// DefaultModuleTime is how long a module may think before its reply starts
// arriving, on top of the reply's line time.
const DefaultModuleTime = time.Second

// Conn runs one command at a time over an open serial line, as the module
// expects: write the request, read until the response frame is complete.
// It returns as soon as the frame is complete and never sleeps on that
// path. The caller opens and closes the line; a Conn is not safe for
// concurrent use (the Reader's goroutine owns it).
type Conn struct {
	rw         io.ReadWriter
	baud       int
	moduleTime time.Duration
	dec        Decoder
	rbuf       []byte
	wbuf       []byte
}

// NewConn returns a Conn over rw at baud (DefaultBaud if 0). rw.Read should
// return within a short timeout when nothing arrives (serialport.Open does,
// with (0, nil)) so that ctx is honoured between reads.
func NewConn(rw io.ReadWriter, baud int) *Conn {
	if baud <= 0 {
		baud = DefaultBaud
	}
	return &Conn{rw: rw, baud: baud, moduleTime: DefaultModuleTime, rbuf: make([]byte, 4096)}
}

// SetModuleTime sets how long the module may take before replying, on top
// of the reply's line time (DefaultModuleTime).
func (c *Conn) SetModuleTime(d time.Duration) {
	if d > 0 {
		c.moduleTime = d
	}
}

// LineTime is how long n bytes take on a line at baud with 8N1 framing
// (ten bit times per byte).
func LineTime(n, baud int) time.Duration {
	return time.Duration(n) * 10 * time.Second / time.Duration(baud)
}

// timeout bounds one exchange: the module's thinking time plus twice the
// line time of the largest reply the command can get.
func (c *Conn) timeout(cmd Command) time.Duration {
	reply := FrameLen(3 + 16)
	switch cmd {
	case CmdReadText:
		reply = FrameLen(3 + 4 + TextLen + PhotoLen)
	case CmdReadFingerprint:
		reply = FrameLen(MaxPayload)
	case CmdReadAppended:
		reply = FrameLen(3 + TextLen)
	}
	return c.moduleTime + 2*LineTime(reply, c.baud)
}

// Do sends cmd with data and waits for the response. A module status other
// than success comes back as a *StatusError together with the response.
// The response data stays valid until the next call on c.
func (c *Conn) Do(ctx context.Context, cmd Command, data []byte) (Response, error) {
	if err := ctx.Err(); err != nil {
		return Response{}, wrap(cmd.String(), err)
	}
	c.dec.Reset()
	c.wbuf = AppendRequest(c.wbuf[:0], cmd, data)
	if _, err := c.rw.Write(c.wbuf); err != nil {
		return Response{}, wrap(cmd.String()+": write", err)
	}
	deadline := time.Now().Add(c.timeout(cmd))
	quick := 0
	for {
		f, ok, err := c.dec.Next()
		if err != nil {
			c.drain(ctx)
			return Response{}, wrap(cmd.String(), err)
		}
		if ok {
			resp, err := f.Response()
			if err != nil {
				return Response{}, wrap(cmd.String(), err)
			}
			return resp, resp.Err(cmd)
		}
		if err := ctx.Err(); err != nil {
			return Response{}, wrap(cmd.String(), err)
		}
		if time.Now().After(deadline) {
			return Response{}, wrap(cmd.String(), ErrTimeout)
		}
		start := time.Now()
		n, err := c.rw.Read(c.rbuf)
		if err != nil {
			return Response{}, wrap(cmd.String()+": read", err)
		}
		if n == 0 {
			// A live serial line waits for its read timeout before it
			// returns nothing; a hung-up one returns at once, forever.
			if time.Since(start) < time.Millisecond {
				if quick++; quick > 16 {
					return Response{}, wrap(cmd.String(), ErrHangup)
				}
			} else {
				quick = 0
			}
			continue
		}
		quick = 0
		c.dec.Write(c.rbuf[:n])
	}
}

// drain reads and drops what is still arriving after a broken frame, until
// one read comes back empty, so the rest of it cannot pass for the reply to
// the next command. It gives up after the line time of the largest frame.
func (c *Conn) drain(ctx context.Context) {
	limit := time.Now().Add(2*LineTime(FrameLen(MaxPayload), c.baud) + 100*time.Millisecond)
	for ctx.Err() == nil && time.Now().Before(limit) {
		n, err := c.rw.Read(c.rbuf)
		if err != nil || n == 0 {
			break
		}
	}
	c.dec.Reset()
}

// Wipe zeroes the receive buffers, which may hold a card's text and photo.
func (c *Conn) Wipe() {
	clear(c.rbuf)
	c.dec.Reset()
}

// ResetSAM resets the SAM (10 FF).
func (c *Conn) ResetSAM(ctx context.Context) error {
	_, err := c.Do(ctx, CmdResetSAM, nil)
	return err
}

// SAMStatus checks the SAM (11 FF): nil when it answers 90.
func (c *Conn) SAMStatus(ctx context.Context) error {
	_, err := c.Do(ctx, CmdSAMStatus, nil)
	return err
}

// SAMID reads the SAM's management number (12 FF).
func (c *Conn) SAMID(ctx context.Context) (string, error) {
	resp, err := c.Do(ctx, CmdSAMID, nil)
	if err != nil {
		return "", err
	}
	return SAMID(resp.Data)
}

// FindCard looks for a card (20 01): nil when one is there, an error
// matching ErrNoCard when none is.
func (c *Conn) FindCard(ctx context.Context) error {
	_, err := c.Do(ctx, CmdFindCard, nil)
	return err
}

// SelectCard selects the card found (20 02).
func (c *Conn) SelectCard(ctx context.Context) error {
	_, err := c.Do(ctx, CmdSelectCard, nil)
	return err
}

// ReadCard reads and decodes the selected card: 30 01, or 30 10 with
// fingerprint. The receive buffers are wiped afterwards.
func (c *Conn) ReadCard(ctx context.Context, fingerprint bool) (*Card, error) {
	cmd := CmdReadText
	if fingerprint {
		cmd = CmdReadFingerprint
	}
	defer c.Wipe()
	resp, err := c.Do(ctx, cmd, nil)
	if err != nil {
		return nil, err
	}
	card, err := ParseCard(resp.Data, fingerprint)
	if err != nil {
		return nil, err
	}
	return card, nil
}

// ReadAppendedAddress reads the appended address of the selected card
// (30 03): "" when it has none (an empty reply or status 91). Vendor SDKs
// also use it to tell whether the card is still on the reader.
func (c *Conn) ReadAppendedAddress(ctx context.Context) (string, error) {
	resp, err := c.Do(ctx, CmdReadAppended, nil)
	if errors.Is(err, ErrItemEmpty) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return ParseAppendedAddress(resp.Data)
}
