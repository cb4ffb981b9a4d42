package speech

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// ErrBadWAV is wrapped by every error of ParseWAV.
var ErrBadWAV = errors.New("not a usable WAV file")

// streamedSize is the smallest chunk size that means "length unknown":
// programs writing WAV to a pipe (espeak-ng --stdout writes 0x7ffff000)
// cannot seek back to fill in the real sizes.
const streamedSize = 0x7fff0000

// ParseWAV reads a RIFF/WAVE file of 16-bit PCM (mono or stereo) and
// returns its samples. It validates the header and accepts the "unknown
// length" sizes of a streamed WAV (as espeak-ng --stdout writes them), in
// which case the data runs to the end of b.
func ParseWAV(b []byte) (PCM, error) {
	bad := func(format string, args ...any) (PCM, error) {
		return PCM{}, fmt.Errorf("speech: wav: %s: %w", fmt.Sprintf(format, args...), ErrBadWAV)
	}
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return bad("no RIFF/WAVE header")
	}
	riffSize := binary.LittleEndian.Uint32(b[4:8])
	if riffSize < 4 {
		return bad("RIFF size %d too small", riffSize)
	}
	if uint64(riffSize)+8 < uint64(len(b)) && riffSize < streamedSize {
		b = b[:riffSize+8] // ignore trailing bytes after the RIFF chunk
	}
	var (
		f       Format
		haveFmt bool
	)
	rest := b[12:]
	for len(rest) >= 8 {
		id := string(rest[0:4])
		size := binary.LittleEndian.Uint32(rest[4:8])
		body := rest[8:]
		streamed := false
		if uint64(size) > uint64(len(body)) {
			if size < streamedSize {
				return bad("chunk %q truncated: %d of %d bytes", printable(id), len(body), size)
			}
			streamed = true
			size = uint32(len(body))
		}
		chunk := body[:size]
		switch id {
		case "fmt ":
			if len(chunk) < 16 {
				return bad("fmt chunk of %d bytes", len(chunk))
			}
			tag := binary.LittleEndian.Uint16(chunk[0:2])
			channels := int(binary.LittleEndian.Uint16(chunk[2:4]))
			rate := int(binary.LittleEndian.Uint32(chunk[4:8]))
			byteRate := binary.LittleEndian.Uint32(chunk[8:12])
			align := int(binary.LittleEndian.Uint16(chunk[12:14]))
			bits := binary.LittleEndian.Uint16(chunk[14:16])
			if tag == 0xFFFE && len(chunk) >= 26 { // WAVE_FORMAT_EXTENSIBLE: the subformat's tag
				tag = binary.LittleEndian.Uint16(chunk[24:26])
			}
			if tag != 1 {
				return bad("format tag %d is not integer PCM", tag)
			}
			if bits != 16 {
				return bad("%d bits per sample, want 16", bits)
			}
			f = Format{SampleRate: rate, Channels: channels}
			if !f.Valid() {
				return bad("unsupported format %s", f)
			}
			if align != f.FrameSize() || byteRate != uint32(rate*f.FrameSize()) {
				return bad("inconsistent block align %d or byte rate %d", align, byteRate)
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return bad("data chunk before fmt chunk")
			}
			n := len(chunk) / f.FrameSize() * f.FrameSize()
			if n != len(chunk) && !streamed {
				return bad("data of %d bytes is not whole %d-byte frames", len(chunk), f.FrameSize())
			}
			return PCM{Format: f, Data: chunk[:n:n]}, nil
		}
		if streamed {
			break
		}
		skip := uint64(size) + uint64(size&1) // chunks are padded to even sizes
		if skip > uint64(len(body)) {
			skip = uint64(len(body))
		}
		rest = body[skip:]
	}
	if !haveFmt {
		return bad("no fmt chunk")
	}
	return bad("no data chunk")
}

// printable keeps a chunk id readable in an error message.
func printable(id string) string {
	return string(bytes.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '?'
		}
		return r
	}, []byte(id)))
}

// EncodeWAV returns p as a canonical 44-byte-header WAV file.
func EncodeWAV(p PCM) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(44 + len(p.Data))
	if err := WriteWAV(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteWAV writes p to w as a canonical WAV file.
func WriteWAV(w io.Writer, p PCM) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if uint64(len(p.Data)) > streamedSize-36 {
		return fmt.Errorf("speech: wav: %d bytes of audio is too long for a WAV file", len(p.Data))
	}
	var h [44]byte
	copy(h[0:4], "RIFF")
	binary.LittleEndian.PutUint32(h[4:8], uint32(36+len(p.Data)))
	copy(h[8:16], "WAVEfmt ")
	binary.LittleEndian.PutUint32(h[16:20], 16)
	binary.LittleEndian.PutUint16(h[20:22], 1)
	binary.LittleEndian.PutUint16(h[22:24], uint16(p.Format.Channels))
	binary.LittleEndian.PutUint32(h[24:28], uint32(p.Format.SampleRate))
	binary.LittleEndian.PutUint32(h[28:32], uint32(p.Format.SampleRate*p.Format.FrameSize()))
	binary.LittleEndian.PutUint16(h[32:34], uint16(p.Format.FrameSize()))
	binary.LittleEndian.PutUint16(h[34:36], 16)
	copy(h[36:40], "data")
	binary.LittleEndian.PutUint32(h[40:44], uint32(len(p.Data)))
	if _, err := w.Write(h[:]); err != nil {
		return fmt.Errorf("speech: wav: write header: %w", err)
	}
	if _, err := w.Write(p.Data); err != nil {
		return fmt.Errorf("speech: wav: write data: %w", err)
	}
	return nil
}
