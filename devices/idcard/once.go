package idcard

import (
	"context"
	"fmt"
)

// ReadOnce reads one card from the reader at path, for the command line:
// it opens the port, checks the SAM, polls find → select → read every
// PollInterval until a card is read, and closes the port. Bound it with a
// deadline on ctx. When ctx ends before a card arrived, the error matches
// both ErrNoCard and ctx.Err(). A card that cannot be read or verified
// after the configured attempts, an unsupported layout, and every device
// error are returned at once.
func ReadOnce(ctx context.Context, path string, opts Opts) (*Card, error) {
	o := opts.withDefaults()
	port, err := o.OpenPort(path, o.Baud)
	if err != nil {
		return nil, fmt.Errorf("idcard: %w", err)
	}
	defer port.Close()
	c := NewConn(port, o.Baud)
	c.SetModuleTime(o.ModuleTime)
	defer c.Wipe()
	if err := c.SAMStatus(ctx); err != nil {
		if ctx.Err() != nil {
			return nil, noCard(ctx)
		}
		return nil, err
	}
	for {
		card, err := readOne(ctx, c, &o, nil)
		switch {
		case err == nil:
			return card, nil
		case ctx.Err() != nil:
			return nil, noCard(ctx)
		case !cardGone(err):
			return nil, err
		}
		if o.Sleep(ctx, o.PollInterval) != nil {
			return nil, noCard(ctx)
		}
	}
}

func noCard(ctx context.Context) error {
	return fmt.Errorf("idcard: %w before the deadline: %w", ErrNoCard, ctx.Err())
}
