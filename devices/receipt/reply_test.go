package receipt

import (
	"bytes"
	"errors"
	"testing"
)

func TestScanReply(t *testing.T) {
	asb := []byte{0x14, 0x00, 0x0C, 0x00} // ASB block: cover open, paper near end
	cat := func(bs ...[]byte) []byte { return bytes.Join(bs, nil) }
	tests := []struct {
		name  string
		in    []byte
		reply byte
		n     int // 0: more bytes needed (or an error)
		bad   bool
	}{
		{"nothing yet", nil, 0, 0, false},
		{"reply", []byte{0x12}, 0x12, 1, false},
		{"reply with flags", []byte{0x7E, 0x12}, 0x7E, 1, false},
		{"xon xoff first", []byte{xoff, xon, 0x16}, 0x16, 3, false},
		{"asb block first", cat(asb, []byte{0x1A}), 0x1A, 5, false},
		{"half an asb block", asb[:2], 0, 0, false},
		{"fails the fixed bits", []byte{0xFF}, 0, 0, true},
		{"zero byte", []byte{0x00, 0x12}, 0, 0, true},
		{"bit 7 set", []byte{0x92}, 0, 0, true},
		// DLE looks like an ASB head: more bytes needed (a timeout then
		// makes it noise, see query).
		{"echo of the request", []byte{dle, eot, 1}, 0, 0, false},
		{"echo then the next request", []byte{dle, eot, 1, dle}, 0, 0, true},
		{"asb head then a status byte", []byte{0x10, 0x12}, 0, 0, true},
		{"too many asb blocks", cat(asb, asb, asb, asb, asb), 0, 0, true},
		{"endless xon", bytes.Repeat([]byte{xon}, 40), 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply, n, err := scanReply(tt.in)
			if tt.bad {
				if !errors.Is(err, ErrNoSensibleAnswer) {
					t.Fatalf("scanReply(% x) = %#x, %d, %v; want ErrNoSensibleAnswer", tt.in, reply, n, err)
				}
				return
			}
			if err != nil || reply != tt.reply || n != tt.n {
				t.Fatalf("scanReply(% x) = %#x, %d, %v; want %#x, %d", tt.in, reply, n, err, tt.reply, tt.n)
			}
		})
	}
	if err := checkUnasked(cat(asb, []byte{xon})); err != nil {
		t.Errorf("ASB and XON unasked: %v", err)
	}
	if err := checkUnasked([]byte{0x12}); !errors.Is(err, ErrNoSensibleAnswer) {
		t.Errorf("unasked status byte: %v", err)
	}
}

// FuzzScanReply: whatever comes down the line, scanReply never takes a
// byte that fails the fixed-bit check for a reply, decides within a
// bounded number of bytes, and never changes its mind when more bytes
// arrive later.
func FuzzScanReply(f *testing.F) {
	f.Add([]byte{0x12})
	f.Add([]byte{0x13, 0x14, 0x00, 0x0C, 0x00, 0x7E})
	f.Add([]byte{0x10, 0x04, 0x01})
	f.Add([]byte{0xFF, 0x12})
	f.Add(bytes.Repeat([]byte{0x11}, 20))
	f.Fuzz(func(t *testing.T, b []byte) {
		reply, n, err := scanReply(b)
		if n < 0 || n > len(b) {
			t.Fatalf("n = %d of %d bytes", n, len(b))
		}
		if n > 0 {
			if err != nil || reply != b[n-1] || !ValidStatusByte(reply) {
				t.Fatalf("reply %#x at %d, %v", reply, n, err)
			}
		}
		if err != nil && !errors.Is(err, ErrNoSensibleAnswer) {
			t.Fatalf("error %v", err)
		}
		if n == 0 && err == nil {
			if len(b) >= maxSkip+4 {
				t.Fatalf("still waiting after %d bytes", len(b))
			}
			for _, c := range b {
				if ValidStatusByte(c) {
					t.Fatalf("% x: a status-shaped byte behind skippable ones was not taken", b)
				}
			}
			return
		}
		// Decided: more bytes do not change the decision.
		more := append(append([]byte(nil), b...), 0x12, 0xFF, 0x10)
		r2, n2, err2 := scanReply(more)
		if r2 != reply || n2 != n || (err2 == nil) != (err == nil) {
			t.Fatalf("% x: %#x, %d, %v; with more bytes %#x, %d, %v", b, reply, n, err, r2, n2, err2)
		}
	})
}
