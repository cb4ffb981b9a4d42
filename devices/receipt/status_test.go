package receipt

import (
	"encoding/json"
	"errors"
	"testing"

	"hallkiosk/devices"
)

// ok is the reply of a healthy printer to every DLE EOT n: only the fixed
// bits 1 and 4.
const ok = 0x12

// TestEveryStatusByte walks all 256 values of each DLE EOT reply and checks
// each flag against its bit.
func TestEveryStatusByte(t *testing.T) {
	for n := 1; n <= 4; n++ {
		for v := 0; v < 256; v++ {
			b := byte(v)
			var s Status
			err := s.ApplyStatusByte(n, b)
			if b&0x93 != 0x12 {
				if !errors.Is(err, ErrBadReply) {
					t.Fatalf("n=%d b=%#02x: err = %v, want ErrBadReply", n, b, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("n=%d b=%#02x: %v", n, b, err)
			}
			bit := func(m byte) bool { return b&m != 0 }
			switch n {
			case 1:
				if s.Offline != bit(0x08) {
					t.Errorf("n=1 b=%#02x: offline = %v", b, s.Offline)
				}
			case 2:
				if s.CoverOpen != bit(0x04) || s.FeedButton != bit(0x08) || s.PaperStop != bit(0x20) || s.ErrorOccurred != bit(0x40) {
					t.Errorf("n=2 b=%#02x: %+v", b, s)
				}
			case 3:
				if s.Mechanical != bit(0x04) || s.CutterError != bit(0x08) || s.Unrecoverable != bit(0x20) || s.AutoRecoverable != bit(0x40) {
					t.Errorf("n=3 b=%#02x: %+v", b, s)
				}
			case 4:
				want := devices.PaperOK
				if bit(0x0C) {
					want = devices.PaperNearEnd
				}
				if bit(0x60) {
					want = devices.PaperOut
				}
				if s.Paper != want {
					t.Errorf("n=4 b=%#02x: paper = %s, want %s", b, s.Paper, want)
				}
			}
		}
	}
	var s Status
	if err := s.ApplyStatusByte(5, ok); !errors.Is(err, ErrBadReply) {
		t.Errorf("n=5: %v", err)
	}
}

func TestDecodeStatus(t *testing.T) {
	tests := []struct {
		name    string
		replies [4]byte
		state   devices.State
		paper   devices.Paper
		detail  string
		err     error
	}{
		{"ready", [4]byte{ok, ok, ok, ok}, devices.Online, devices.PaperOK, "", nil},
		{"near end (bit 2)", [4]byte{ok, ok, ok, ok | 0x04}, devices.Online, devices.PaperNearEnd, "paper near end", nil},
		{"near end (bits 2-3)", [4]byte{ok, ok, ok, ok | 0x0C}, devices.Online, devices.PaperNearEnd, "paper near end", nil},
		{"paper out", [4]byte{ok | 0x08, ok | 0x20 | 0x40, ok, ok | 0x6C}, devices.UserError, devices.PaperOut, "paper out", ErrPaperOut},
		{"paper out sensor only", [4]byte{ok, ok, ok, ok | 0x60}, devices.UserError, devices.PaperOut, "paper out", ErrPaperOut},
		{"paper-end stop only", [4]byte{ok | 0x08, ok | 0x20, ok, ok}, devices.UserError, devices.PaperOut, "paper out", ErrPaperOut},
		{"cover open", [4]byte{ok | 0x08, ok | 0x04, ok, ok}, devices.UserError, devices.PaperOK, "cover open", ErrCoverOpen},
		{"cover open and paper out", [4]byte{ok | 0x08, ok | 0x24, ok, ok | 0x60}, devices.UserError, devices.PaperOut, "paper out, cover open", ErrPaperOut},
		{"cutter error", [4]byte{ok | 0x08, ok | 0x40, ok | 0x08, ok}, devices.HardwareError, devices.PaperOK, "cutter error", ErrCutter},
		{"unrecoverable", [4]byte{ok | 0x08, ok | 0x40, ok | 0x20, ok}, devices.HardwareError, devices.PaperOK, "unrecoverable error", ErrHardware},
		{"mechanical", [4]byte{ok | 0x08, ok | 0x40, ok | 0x04, ok}, devices.HardwareError, devices.PaperOK, "mechanism error", ErrHardware},
		{"overheated", [4]byte{ok | 0x08, ok | 0x40, ok | 0x40, ok}, devices.Offline, devices.PaperOK, "print head overheated, recovers by itself", ErrOffline},
		{"offline, no cause", [4]byte{ok | 0x08, ok, ok, ok}, devices.Offline, devices.PaperOK, "printer offline", ErrOffline},
		{"feed button", [4]byte{ok | 0x08, ok | 0x08, ok, ok}, devices.Offline, devices.PaperOK, "feed button held", ErrOffline},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := DecodeStatus(tt.replies)
			if err != nil {
				t.Fatal(err)
			}
			if s.State != tt.state || s.Paper != tt.paper || s.Detail != tt.detail {
				t.Errorf("got %s/%s/%q, want %s/%s/%q", s.State, s.Paper, s.Detail, tt.state, tt.paper, tt.detail)
			}
			err = s.Err()
			if tt.err == nil {
				if err != nil {
					t.Errorf("Err() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("Err() = %v, want %v", err, tt.err)
			}
			var se *StatusError
			if !errors.As(err, &se) || se.Status.State != tt.state {
				t.Errorf("Err() = %#v, want a *StatusError", err)
			}
		})
	}
	if _, err := DecodeStatus([4]byte{0x00, ok, ok, ok}); !errors.Is(err, ErrBadReply) {
		t.Errorf("garbage reply: %v", err)
	}
}

func TestStatusJSON(t *testing.T) {
	s, err := DecodeStatus([4]byte{ok | 0x08, ok | 0x24, ok, ok | 0x60})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"state":"user_error","paper":"out","cover_open":true,"cutter_error":false}`
	if string(b) != want {
		t.Errorf("JSON = %s, want %s", b, want)
	}
	if d := s.Device(); d.State != devices.UserError || d.Paper != devices.PaperOut || d.Detail != "paper out, cover open" {
		t.Errorf("Device() = %+v", d)
	}
}

// FuzzDecodeStatus: any four reply bytes decode or fail, never panic, and
// a decoded status always has a valid state and paper level.
func FuzzDecodeStatus(f *testing.F) {
	f.Add(byte(ok), byte(ok), byte(ok), byte(ok))
	f.Add(byte(ok|0x08), byte(ok|0x24), byte(ok|0x08), byte(ok|0x6C))
	f.Add(byte(0), byte(0xFF), byte(0x7F), byte(0x80))
	f.Fuzz(func(t *testing.T, a, b, c, d byte) {
		s, err := DecodeStatus([4]byte{a, b, c, d})
		if err != nil {
			return
		}
		if !s.State.Valid() {
			t.Fatalf("state %q", s.State)
		}
		switch s.Paper {
		case devices.PaperOK, devices.PaperNearEnd, devices.PaperOut:
		default:
			t.Fatalf("paper %q", s.Paper)
		}
		if (s.Err() == nil) != (s.State == devices.Online) {
			t.Fatalf("state %s but Err() = %v", s.State, s.Err())
		}
	})
}
