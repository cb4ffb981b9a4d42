package idcard

import (
	"context"
	"errors"
)

// retryable reports whether a failed read is worth repeating while the card
// stays selected: a broken frame, a garbled or unverifiable card text, or a
// reply that did not come.
func retryable(err error) bool {
	for _, target := range []error{ErrChecksum, ErrLength, ErrBadField, ErrCheckDigit, ErrUnexpected, ErrTimeout} {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// readOne runs find → select → read (→ appended address of a resident
// card), reading up to o.ReadAttempts times while the failure is
// retryable. found, if not nil, is called once the card is selected. It
// returns an error matching ErrNoCard when no card is in the field.
func readOne(ctx context.Context, c *Conn, o *Opts, found func()) (*Card, error) {
	if err := c.FindCard(ctx); err != nil {
		return nil, err
	}
	if err := c.SelectCard(ctx); err != nil {
		return nil, err
	}
	if found != nil {
		found()
	}
	var err error
	for range o.ReadAttempts {
		var card *Card
		card, err = c.ReadCard(ctx, o.Fingerprint)
		if err == nil && card.Type == Resident && !o.NoAppendedAddress {
			if card.AppendedAddress, err = c.ReadAppendedAddress(ctx); err != nil {
				card.Wipe()
			}
		}
		if err == nil {
			return card, nil
		}
		if !retryable(err) {
			return nil, err
		}
	}
	return nil, err
}
