package camera

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
)

// MaxFrameBytes bounds one frame as it comes from a camera: a 1920x1080
// YUYV frame is 4 MB; a document camera's 3264x2448 MJPEG frame is well
// under it.
const MaxFrameBytes = 16 << 20

// MaxPixels bounds the frame size a decoder accepts (13 megapixels, a
// 4208x3120 document camera).
const MaxPixels = 13_200_000

// ErrBadFrame reports a frame that is truncated or corrupt. A camera sends
// one now and then (a USB packet lost); the driver drops it and waits for
// the next.
var ErrBadFrame = errors.New("camera: bad frame")

// JPEG markers this file relies on (ITU-T T.81, table B.1).
const (
	markerSOI = 0xD8
	markerEOI = 0xD9
	markerSOS = 0xDA
	markerDHT = 0xC4
)

// huffSpec is one Huffman table of ITU-T T.81 Annex K.3: the count of codes
// of each length 1..16 and the values in code order.
type huffSpec struct {
	class, id byte // class 0 = DC, 1 = AC
	bits      [16]byte
	vals      []byte
}

// standardHuffman are the "typical" tables of T.81 section K.3 (tables
// K.3-K.6). UVC cameras send MJPEG frames without a DHT segment and expect
// the decoder to use these (the UVC payload format for MJPEG, and
// Microsoft's AVI1 "MJPEG" definition, say the same).
var standardHuffman = []huffSpec{
	{0, 0, [16]byte{0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
		[]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
	{1, 0, [16]byte{0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 125}, []byte{
		0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
		0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
		0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
		0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
		0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
		0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
		0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
		0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
		0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
		0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
		0xf9, 0xfa}},
	{0, 1, [16]byte{0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0},
		[]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
	{1, 1, [16]byte{0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 119}, []byte{
		0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
		0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
		0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
		0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
		0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
		0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
		0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
		0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
		0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
		0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
		0xf9, 0xfa}},
}

// standardDHT is one DHT segment (marker included) holding the four
// standard tables.
var standardDHT = func() []byte {
	var body []byte
	for _, h := range standardHuffman {
		body = append(body, h.class<<4|h.id)
		body = append(body, h.bits[:]...)
		body = append(body, h.vals...)
	}
	n := len(body) + 2
	return append([]byte{0xFF, markerDHT, byte(n >> 8), byte(n)}, body...)
}()

// FixMJPEG returns frame as a complete JPEG: when the frame has no DHT
// segment before its first scan (as UVC cameras send it), the standard
// tables are inserted before the SOS marker; a frame that has its own
// tables is returned as is (not copied). It walks the marker segments
// only, never the entropy-coded data, and fails with ErrBadFrame on a
// frame that does not start with SOI, whose segments run past its end,
// or that has no scan.
func FixMJPEG(frame []byte) ([]byte, error) {
	if len(frame) > MaxFrameBytes {
		return nil, fmt.Errorf("%w: %d bytes", ErrBadFrame, len(frame))
	}
	if len(frame) < 4 || frame[0] != 0xFF || frame[1] != markerSOI {
		return nil, fmt.Errorf("%w: no JPEG start marker", ErrBadFrame)
	}
	i := 2
	for {
		// Fill bytes (0xFF repeated) may precede a marker (T.81 B.1.1.2).
		for i+1 < len(frame) && frame[i] == 0xFF && frame[i+1] == 0xFF {
			i++
		}
		if i+4 > len(frame) {
			return nil, fmt.Errorf("%w: truncated before the scan", ErrBadFrame)
		}
		if frame[i] != 0xFF {
			return nil, fmt.Errorf("%w: no marker at byte %d", ErrBadFrame, i)
		}
		m := frame[i+1]
		switch {
		case m == markerDHT:
			return frame, nil
		case m == markerSOS:
			out := make([]byte, 0, len(frame)+len(standardDHT))
			out = append(out, frame[:i]...)
			out = append(out, standardDHT...)
			return append(out, frame[i:]...), nil
		case m == markerEOI, m == markerSOI, m >= 0xD0 && m <= 0xD7, m == 0x01:
			// Markers without a length where a segment must be.
			return nil, fmt.Errorf("%w: marker %#02x before the scan", ErrBadFrame, m)
		}
		n := int(frame[i+2])<<8 | int(frame[i+3])
		if n < 2 || i+2+n > len(frame) {
			return nil, fmt.Errorf("%w: segment %#02x runs past the frame", ErrBadFrame, m)
		}
		i += 2 + n
	}
}

// DecodeMJPEG decodes one MJPEG frame (tables inserted when missing). A
// frame larger than MaxPixels is refused before its pixels are decoded.
func DecodeMJPEG(frame []byte) (image.Image, error) {
	full, err := FixMJPEG(frame)
	if err != nil {
		return nil, err
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(full))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadFrame, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return nil, fmt.Errorf("%w: %dx%d", ErrBadFrame, cfg.Width, cfg.Height)
	}
	img, err := jpeg.Decode(bytes.NewReader(full))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadFrame, err)
	}
	return img, nil
}

// YUYVToRGBA converts one YUYV 4:2:2 frame (V4L2_PIX_FMT_YUYV: Y0 U Y1 V
// for each pair of pixels, ITU-R BT.601 limited range as UVC cameras send
// it) of w x h pixels to RGBA. The width must be even; a frame shorter
// than w*h*2 bytes is ErrBadFrame (a longer one, padded by the driver, is
// fine).
func YUYVToRGBA(frame []byte, w, h int) (*image.RGBA, error) {
	if w <= 0 || h <= 0 || w%2 != 0 || w*h > MaxPixels {
		return nil, fmt.Errorf("%w: YUYV size %dx%d", ErrBadFrame, w, h)
	}
	if len(frame) < w*h*2 {
		return nil, fmt.Errorf("%w: YUYV frame of %d bytes, want %d", ErrBadFrame, len(frame), w*h*2)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	pix := img.Pix
	src := frame[:w*h*2]
	for s, d := 0, 0; s+3 < len(src); s, d = s+4, d+8 {
		u := int32(src[s+1]) - 128
		v := int32(src[s+3]) - 128
		// BT.601, limited range, in 16.16 fixed point.
		rv := 104597 * v
		gu := 25674 * u
		gv := 53278 * v
		bu := 132201 * u
		for k := 0; k < 2; k++ {
			y := (int32(src[s+2*k]) - 16) * 76309
			p := pix[d+4*k : d+4*k+4 : d+4*k+4]
			p[0] = clamp8((y + rv + 32768) >> 16)
			p[1] = clamp8((y - gu - gv + 32768) >> 16)
			p[2] = clamp8((y + bu + 32768) >> 16)
			p[3] = 0xFF
		}
	}
	return img, nil
}

func clamp8(x int32) uint8 {
	switch {
	case x < 0:
		return 0
	case x > 255:
		return 255
	}
	return uint8(x)
}
