package camera

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"os"
	"time"
)

// NewSim returns the real driver (Dev) over a UVC camera simulated in
// process: it offers MJPEG at w x h only and sends fps frames a second,
// each a JPEG without its Huffman tables, as UVC cameras send them. The
// frames (the fake face camera's picture with its moving light band) are
// encoded once here: a camera encodes in hardware, so what the kiosk pays
// per frame is what it pays with a real camera — restoring the tables,
// decoding, and drawing. For benchmarks and the demo; opts as New's
// (their Width and Height are taken from w and h).
func NewSim(w, h, fps int, opts *Opts) (*Dev, error) {
	if fps <= 0 || fps > 60 {
		return nil, fmt.Errorf("camera: sim: %d fps", fps)
	}
	frames, err := simFrames(w, h, 16)
	if err != nil {
		return nil, err
	}
	var o Opts
	if opts != nil {
		o = *opts
	}
	o.Width, o.Height = w, h
	o.open = func(string) (stream, error) {
		return &simStream{frames: frames, w: w, h: h, every: time.Second / time.Duration(fps)}, nil
	}
	// Any node that exists: the simulated camera is never unplugged.
	return New(os.DevNull, &o), nil
}

// simFrames encodes n frames of the fake face camera's picture at w x h,
// without their Huffman tables.
func simFrames(w, h, n int) ([][]byte, error) {
	f := &Fake{w: w, h: h}
	out := make([][]byte, 0, n)
	for range n {
		img, err := f.frame(context.Background())
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
			return nil, fmt.Errorf("camera: sim: %w", err)
		}
		out = append(out, stripDHT(buf.Bytes()))
	}
	return out, nil
}

// stripDHT drops a JPEG's Huffman tables (DHT segments) before its scan,
// as a UVC camera sends its MJPEG frames; FixMJPEG puts the standard ones
// back. A frame it cannot walk is returned as it is.
func stripDHT(b []byte) []byte {
	if len(b) < 4 || b[0] != 0xFF || b[1] != markerSOI {
		return b
	}
	out := append([]byte(nil), b[:2]...)
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			return b
		}
		m := b[i+1]
		if m == markerSOS {
			return append(out, b[i:]...)
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if n < 2 || i+2+n > len(b) {
			return b
		}
		if m != markerDHT {
			out = append(out, b[i:i+2+n]...)
		}
		i += 2 + n
	}
	return b
}

// simStream is the simulated camera's side of the ioctl layer.
type simStream struct {
	frames [][]byte
	w, h   int
	every  time.Duration
	next   time.Time
	i      int
}

func (s *simStream) Name() string { return "Simulated UVC camera" }

func (s *simStream) Formats() map[uint32]string {
	return map[uint32]string{FormatMJPEG: FourCC(FormatMJPEG)}
}

func (s *simStream) Sizes(format uint32) []Size {
	if format != FormatMJPEG {
		return nil
	}
	return []Size{{MinW: s.w, MaxW: s.w, MinH: s.h, MaxH: s.h}}
}

func (s *simStream) SetFormat(uint32, int, int) (uint32, int, int, error) {
	return FormatMJPEG, s.w, s.h, nil
}

func (s *simStream) Start() error {
	s.next = time.Now().Add(s.every)
	return nil
}

// Wait sleeps until the next frame is due, or d.
func (s *simStream) Wait(d time.Duration) error {
	left := time.Until(s.next)
	if left > d {
		time.Sleep(d)
		return errFrameWait
	}
	if left > 0 {
		time.Sleep(left)
	}
	return nil
}

func (s *simStream) Frame() ([]byte, error) {
	f := s.frames[s.i%len(s.frames)]
	s.i++
	s.next = s.next.Add(s.every)
	if now := time.Now(); s.next.Before(now) { // a slow reader skips frames
		s.next = now.Add(s.every)
	}
	return append([]byte(nil), f...), nil
}

func (s *simStream) Close() error { return nil }
