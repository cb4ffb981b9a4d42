package speech_test

import (
	"encoding/binary"
	"testing"
	"time"

	"hallkiosk/speech"
)

func TestPCMDuration(t *testing.T) {
	p := speech.PCM{Format: speech.DefaultFormat(), Data: make([]byte, 22050*2)}
	if d := p.Duration(); d != time.Second {
		t.Errorf("Duration = %s, want 1s", d)
	}
	if err := (speech.PCM{Format: speech.DefaultFormat(), Data: []byte{1}}).Validate(); err == nil {
		t.Error("Validate accepted half a frame")
	}
}

func TestConvert(t *testing.T) {
	mono := speech.PCM{Format: speech.Format{SampleRate: 8000, Channels: 1}, Data: make([]byte, 8000*2)}
	binary.LittleEndian.PutUint16(mono.Data, 1000)
	stereo, err := speech.Convert(mono, speech.Format{SampleRate: 16000, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	if stereo.Frames() != 16000 || stereo.Duration() != time.Second {
		t.Errorf("converted to %d frames (%s), want 16000 (1s)", stereo.Frames(), stereo.Duration())
	}
	l, r := int16(binary.LittleEndian.Uint16(stereo.Data[0:])), int16(binary.LittleEndian.Uint16(stereo.Data[2:]))
	if l != 1000 || r != 1000 {
		t.Errorf("first frame = %d/%d, want 1000/1000", l, r)
	}
	back, err := speech.Convert(stereo, mono.Format)
	if err != nil {
		t.Fatal(err)
	}
	if back.Frames() != 8000 {
		t.Errorf("back to %d frames, want 8000", back.Frames())
	}
	same, _ := speech.Convert(mono, mono.Format)
	if &same.Data[0] != &mono.Data[0] {
		t.Error("Convert copied PCM that was already in the target format")
	}
}

func TestGain(t *testing.T) {
	if g := speech.Gain(speech.MaxVolume); g != 1 {
		t.Errorf("Gain(max) = %v, want 1", g)
	}
	prev := 0.0
	for step := speech.MinVolume; step <= speech.MaxVolume; step++ {
		g := speech.Gain(step)
		if g <= prev || g > 1 {
			t.Errorf("Gain(%d) = %v, not rising in (0, 1]", step, g)
		}
		prev = g
	}
	if speech.Gain(0) != speech.Gain(speech.MinVolume) || speech.Gain(99) != 1 {
		t.Error("Gain does not clamp its step")
	}
}
