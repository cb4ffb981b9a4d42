package speech

import (
	"encoding/binary"
	"fmt"
	"time"
)

// Format describes PCM audio: samples are always signed 16-bit little
// endian, interleaved when there is more than one channel.
type Format struct {
	// SampleRate is the number of frames per second, e.g. 22050.
	SampleRate int
	// Channels is 1 (mono) or 2 (stereo).
	Channels int
}

// DefaultFormat is what espeak-ng produces and what the Player opens the
// sound device with: 22050 Hz mono.
func DefaultFormat() Format { return Format{SampleRate: 22050, Channels: 1} }

// bytesPerSample is the size of one sample of one channel.
const bytesPerSample = 2

// Valid reports whether f can be played.
func (f Format) Valid() bool {
	return f.SampleRate >= 4000 && f.SampleRate <= 192000 && (f.Channels == 1 || f.Channels == 2)
}

// FrameSize is the number of bytes of one frame (one sample per channel).
func (f Format) FrameSize() int { return f.Channels * bytesPerSample }

// String formats f as "22050 Hz mono".
func (f Format) String() string {
	ch := "mono"
	if f.Channels == 2 {
		ch = "stereo"
	} else if f.Channels != 1 {
		ch = fmt.Sprintf("%d channels", f.Channels)
	}
	return fmt.Sprintf("%d Hz %s", f.SampleRate, ch)
}

// PCM is a piece of audio ready to play.
type PCM struct {
	Format Format
	// Data holds whole frames of signed 16-bit little-endian samples.
	Data []byte
}

// Frames is the number of frames in p.
func (p PCM) Frames() int {
	if !p.Format.Valid() {
		return 0
	}
	return len(p.Data) / p.Format.FrameSize()
}

// Duration is how long p plays.
func (p PCM) Duration() time.Duration {
	if !p.Format.Valid() {
		return 0
	}
	return time.Duration(p.Frames()) * time.Second / time.Duration(p.Format.SampleRate)
}

// Validate reports an error when p's format is unusable or its data does
// not hold whole frames.
func (p PCM) Validate() error {
	if !p.Format.Valid() {
		return fmt.Errorf("speech: pcm: unsupported format %s", p.Format)
	}
	if len(p.Data)%p.Format.FrameSize() != 0 {
		return fmt.Errorf("speech: pcm: %d bytes is not a whole number of %d-byte frames", len(p.Data), p.Format.FrameSize())
	}
	return nil
}

// Convert returns p in format to: channels are mixed down or duplicated and
// the sample rate is changed by linear interpolation. It returns p itself
// when the formats already match.
func Convert(p PCM, to Format) (PCM, error) {
	if err := p.Validate(); err != nil {
		return PCM{}, err
	}
	if !to.Valid() {
		return PCM{}, fmt.Errorf("speech: convert: unsupported target format %s", to)
	}
	if p.Format == to {
		return p, nil
	}
	mono := toMono(p)
	if p.Format.SampleRate != to.SampleRate {
		mono = resample(mono, p.Format.SampleRate, to.SampleRate)
	}
	out := make([]byte, len(mono)*to.Channels*bytesPerSample)
	for i, s := range mono {
		for c := 0; c < to.Channels; c++ {
			binary.LittleEndian.PutUint16(out[(i*to.Channels+c)*bytesPerSample:], uint16(s))
		}
	}
	return PCM{Format: to, Data: out}, nil
}

// toMono decodes p into one sample per frame, averaging the channels.
func toMono(p PCM) []int16 {
	n := p.Frames()
	ch := p.Format.Channels
	out := make([]int16, n)
	for i := 0; i < n; i++ {
		sum := 0
		for c := 0; c < ch; c++ {
			sum += int(int16(binary.LittleEndian.Uint16(p.Data[(i*ch+c)*bytesPerSample:])))
		}
		out[i] = int16(sum / ch)
	}
	return out
}

// resample changes the rate of mono samples by linear interpolation.
func resample(in []int16, from, to int) []int16 {
	if len(in) == 0 {
		return nil
	}
	n := int(int64(len(in)) * int64(to) / int64(from))
	out := make([]int16, n)
	for i := range out {
		pos := float64(i) * float64(from) / float64(to)
		j := int(pos)
		if j >= len(in)-1 {
			out[i] = in[len(in)-1]
			continue
		}
		frac := pos - float64(j)
		out[i] = int16(float64(in[j])*(1-frac) + float64(in[j+1])*frac)
	}
	return out
}
