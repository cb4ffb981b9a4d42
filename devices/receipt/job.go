package receipt

import (
	"context"
	"fmt"
	"time"

	"hallkiosk/devices"
)

// runJob sends one job with status checks before, between pieces and after.
func (p *Printer) runJob(ctx context.Context, c *conn, j *job) (*conn, error) {
	j.started.Store(true)
	if err := j.ctx.Err(); err != nil {
		return c, fmt.Errorf("receipt: print: %w", err)
	}
	c, st, err := p.refresh(ctx, c)
	if err != nil {
		return c, fmt.Errorf("receipt: print: %w", err)
	}
	if err := st.Err(); err != nil {
		p.opts.Logger.Warn("receipt job refused", "port", p.name, "status", st.String())
		return c, err
	}
	sent := 0
	fail := func(cause error) error {
		p.opts.Logger.Warn("receipt job incomplete", "port", p.name, "sent", sent, "total", len(j.data), "err", cause)
		return &JobError{Sent: sent, Total: len(j.data), Err: cause}
	}
	for _, end := range pieces(len(j.data), j.marks, p.opts.ChunkSize) {
		if sent > 0 {
			c, st, err = p.refresh(ctx, c)
			if err != nil {
				return c, fail(err)
			}
			if err := st.Err(); err != nil {
				return c, fail(err)
			}
		}
		if err := firstErr(j.ctx, ctx); err != nil {
			return c, fail(err)
		}
		n, err := c.p.Write(j.data[sent:end])
		sent += n
		if err != nil {
			c.close()
			p.set(Status{State: devices.NoDevice, Detail: "unplugged"})
			return nil, fail(fmt.Errorf("%w: %v", ErrNoDevice, err))
		}
	}
	c, st, err = p.refresh(ctx, c)
	if err != nil {
		return c, fail(err)
	}
	if err := st.Err(); err != nil {
		return c, fail(err)
	}
	return c, nil
}

func firstErr(ctxs ...context.Context) error {
	for _, c := range ctxs {
		if err := c.Err(); err != nil {
			return err
		}
	}
	return nil
}

// pieces splits n bytes into pieces of about chunk bytes that end on
// command boundaries (marks), returning the end offset of each piece.
func pieces(n int, marks []int, chunk int) []int {
	var ends []int
	start := 0
	for _, m := range marks {
		if m-start >= chunk {
			ends = append(ends, m)
			start = m
		}
	}
	if start < n || len(ends) == 0 {
		ends = append(ends, n)
	}
	return ends
}

// readStatus asks DLE EOT 1, 2, 3 and 4 and decodes the replies. Each
// request must get exactly one status byte (see reply.go): stale bytes are
// thrown away before the first request, and noise, bytes nobody asked for
// between two requests or after the last one, or a line that never goes
// quiet end the read with ErrNoSensibleAnswer, so no status is made up
// from them. Any failure leaves the line suspect for the next read.
func (p *Printer) readStatus(ctx context.Context, c *conn) (st Status, err error) {
	defer func() {
		if err != nil {
			c.dirty = true
		}
	}()
	if err := c.settle(ctx, p.opts.StatusTimeout); err != nil {
		return Status{}, err
	}
	var replies [4]byte
	for n := 1; n <= 4; n++ {
		b, err := p.query(ctx, c, byte(n))
		if err != nil {
			return Status{}, err
		}
		replies[n-1] = b
	}
	c.unread()
	if err := checkUnasked(c.pending); err != nil {
		return Status{}, fmt.Errorf("receipt: after DLE EOT 4: %w", err)
	}
	return DecodeStatus(replies)
}

// query sends DLE EOT n and waits for its one-byte reply. Bytes still at
// hand from before the request must be flow control or ASB blocks; the
// first byte after them is the reply and must pass the fixed-bit check.
// The wait is bounded by StatusTimeout and, through scanReply, in bytes.
func (p *Printer) query(ctx context.Context, c *conn, n byte) (byte, error) {
	c.unread()
	if err := checkUnasked(c.pending); err != nil {
		return 0, fmt.Errorf("receipt: before DLE EOT %d: %w", n, err)
	}
	if _, err := c.p.Write([]byte{dle, eot, n}); err != nil {
		return 0, fmt.Errorf("receipt: DLE EOT %d: %w", n, err)
	}
	timer := time.NewTimer(p.opts.StatusTimeout)
	defer timer.Stop()
	for {
		b, used, err := scanReply(c.pending)
		if err != nil {
			return 0, fmt.Errorf("receipt: DLE EOT %d: %w", n, err)
		}
		if used > 0 {
			c.pending = c.pending[used:]
			return b, nil
		}
		select {
		case b := <-c.rx:
			c.pending = append(c.pending, b...)
		case err := <-c.errc:
			c.putBack(err)
			return 0, fmt.Errorf("receipt: DLE EOT %d: %w", n, err)
		case <-timer.C:
			if len(c.pending) > 0 {
				return 0, fmt.Errorf("receipt: DLE EOT %d: %d bytes but no status reply within %v: %w",
					n, len(c.pending), p.opts.StatusTimeout, ErrNoSensibleAnswer)
			}
			return 0, fmt.Errorf("receipt: DLE EOT %d: %w", n, ErrNoReply)
		case <-ctx.Done():
			return 0, fmt.Errorf("receipt: DLE EOT %d: %w", n, ctx.Err())
		}
	}
}
