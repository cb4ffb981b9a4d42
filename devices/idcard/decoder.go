package idcard

import (
	"bytes"
	"fmt"
)

// Frame is the payload of one frame whose length and checksum were
// verified: the bytes between the length field and the checksum. In a
// response it is SW1 SW2 SW3 data, in a request CMD PARA data.
type Frame []byte

// Response splits a response frame into its status bytes and data. Data
// aliases the frame.
func (f Frame) Response() (Response, error) {
	if len(f) < 3 {
		return Response{}, fmt.Errorf("idcard: response of %d bytes has no status: %w", len(f), ErrLength)
	}
	return Response{SW1: f[0], SW2: f[1], SW3: f[2], Data: f[3:]}, nil
}

// Request splits a request frame into its command and data (for
// simulators). Data aliases the frame.
func (f Frame) Request() (Command, []byte, error) {
	if len(f) < 2 {
		return Command{}, nil, fmt.Errorf("idcard: request of %d bytes has no command: %w", len(f), ErrLength)
	}
	return Command{f[0], f[1]}, f[2:], nil
}

// Response is a decoded module response. SW1 and SW2 are 00 on every module
// seen; the result is in SW3 (research/devices.md §1 "Status").
type Response struct {
	SW1, SW2, SW3 byte
	Data          []byte
}

// Err returns nil when the response reports success for cmd (9F for find
// card, 90 otherwise) and a *StatusError otherwise.
func (r Response) Err(cmd Command) error {
	switch {
	case r.SW3 == SWSuccess:
		return nil
	case r.SW3 == SWFound && cmd == CmdFindCard:
		return nil
	}
	return &StatusError{Cmd: cmd, SW1: r.SW1, SW2: r.SW2, SW3: r.SW3}
}

// Decoder reassembles frames from a byte stream that may arrive in pieces
// and carry line noise. Write appends what the line delivered; Next returns
// the next complete frame whose length and checksum check out. Bytes before
// a preamble are skipped; a frame with a bad length or checksum is dropped
// by skipping one byte, so a real preamble inside it is still found.
//
// The zero Decoder is ready to use. Frames returned by Next alias the
// decoder's buffer and stay valid until the next Write or Reset.
type Decoder struct {
	buf   []byte
	off   int
	noise int
}

// Write appends p to the pending bytes. It never fails.
func (d *Decoder) Write(p []byte) (int, error) {
	if d.off > 0 {
		n := copy(d.buf, d.buf[d.off:])
		d.buf = d.buf[:n]
		d.off = 0
	}
	d.buf = append(d.buf, p...)
	return len(p), nil
}

// Reset drops every pending byte, zeroes the buffer (it may have held card
// data) and keeps it for reuse.
func (d *Decoder) Reset() {
	clear(d.buf[:cap(d.buf)])
	d.buf = d.buf[:0]
	d.off = 0
}

// Buffered is the number of bytes waiting for the rest of a frame.
func (d *Decoder) Buffered() int { return len(d.buf) - d.off }

// Skipped is the number of noise bytes skipped so far.
func (d *Decoder) Skipped() int { return d.noise }

// Next returns the next complete frame. ok is false when more bytes are
// needed. A non-nil error (wrapping ErrLength or ErrChecksum) reports a
// frame that was dropped; call Next again to continue after it.
func (d *Decoder) Next() (f Frame, ok bool, err error) {
	b := d.buf[d.off:]
	i := bytes.Index(b, preamble[:])
	if i < 0 {
		// Keep a tail that may be the start of a preamble.
		drop := len(b) - min(len(b), len(preamble)-1)
		d.off += drop
		d.noise += drop
		return nil, false, nil
	}
	d.off += i
	d.noise += i
	b = b[i:]
	if len(b) < headerLen {
		return nil, false, nil
	}
	n := int(b[5])<<8 | int(b[6]) // bytes after the length field, checksum included
	if n < 3 || n > MaxPayload+1 {
		d.off++
		return nil, false, fmt.Errorf("idcard: frame length %d out of range: %w", n, ErrLength)
	}
	if len(b) < headerLen+n {
		return nil, false, nil
	}
	end := headerLen + n - 1
	if sum := Checksum(b[len(preamble):end]); sum != b[end] {
		d.off++
		return nil, false, fmt.Errorf("idcard: frame checksum %02X, want %02X: %w", b[end], sum, ErrChecksum)
	}
	d.off += headerLen + n
	return Frame(b[headerLen:end]), true, nil
}
