package idcard

import (
	"bytes"
	"errors"
	"testing"
)

// decodeAll feeds chunks to a decoder and collects frames and errors.
func decodeAll(chunks ...[]byte) (frames [][]byte, errs []error) {
	var d Decoder
	for _, c := range chunks {
		d.Write(c)
		for {
			f, ok, err := d.Next()
			if err != nil {
				errs = append(errs, err)
				continue
			}
			if !ok {
				break
			}
			frames = append(frames, append([]byte(nil), f...))
		}
	}
	return frames, errs
}

// Hand-built response frames for every status code, checksums worked out
// by hand (len ⊕ SW3 ⊕ data). The first six are the canned replies of
// YinanSoft SerialReader.java and the Python test_com hit (research §1).
func TestResponseStatuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		cmd  Command
		hex  string
		want error // nil: success
		data int
	}{
		{"find ok 9F", CmdFindCard, "AAAAAA96690008 00009F 00000000 97", nil, 4},
		{"find fail 80", CmdFindCard, "AAAAAA96690004 000080 84", ErrNoCard, 0},
		{"select ok 90", CmdSelectCard, "AAAAAA9669000C 000090 0000000000000000 9C", nil, 8},
		{"select fail 81", CmdSelectCard, "AAAAAA96690004 000081 85", ErrSelectFailed, 0},
		{"read fail 41", CmdReadText, "AAAAAA96690004 000041 45", ErrReadFailed, 0},
		{"SAM status ok 90", CmdSAMStatus, "AAAAAA96690004 000090 94", nil, 0},
		{"reset ok 90", CmdResetSAM, "AAAAAA96690004 000090 94", nil, 0},
		{"SAM id 90", CmdSAMID, "AAAAAA96690014 000090 05000100 EFCA3201 4E61BC00 B168DE3A 38", nil, 16},
		{"appended address item empty 91", CmdReadAppended, "AAAAAA96690004 000091 95", ErrItemEmpty, 0},
		{"received checksum error 10", CmdSAMStatus, "AAAAAA96690004 000010 14", ErrChecksum, 0},
		{"received length error 11", CmdSAMStatus, "AAAAAA96690004 000011 15", ErrLength, 0},
		{"command error 21", CmdSAMID, "AAAAAA96690004 000021 25", ErrCommand, 0},
		{"unauthorised 23", CmdSAMID, "AAAAAA96690004 000023 27", ErrUnauthorized, 0},
		{"unrecognised 24", CmdSAMID, "AAAAAA96690004 000024 20", ErrCommand, 0},
		{"card auth SAM 31", CmdReadText, "AAAAAA96690004 000031 35", ErrAuth, 0},
		{"SAM auth card 32", CmdReadText, "AAAAAA96690004 000032 36", ErrAuth, 0},
		{"verification 33", CmdReadText, "AAAAAA96690004 000033 37", ErrAuth, 0},
		{"card type 40", CmdReadText, "AAAAAA96690004 000040 44", ErrCardType, 0},
		{"random 47", CmdReadText, "AAAAAA96690004 000047 43", ErrAuth, 0},
		{"SAM self-test 60", CmdSAMStatus, "AAAAAA96690004 000060 64", ErrSAM, 0},
		{"SAM unauthorised 66", CmdSAMStatus, "AAAAAA96690004 000066 62", ErrUnauthorized, 0},
		{"unknown code 77", CmdSAMStatus, "AAAAAA96690004 000077 73", ErrSAM, 0},
		{"9F is not success for select", CmdSelectCard, "AAAAAA96690004 00009F 9B", ErrSAM, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			frames, errs := decodeAll(unhex(t, tc.hex))
			if len(errs) != 0 || len(frames) != 1 {
				t.Fatalf("frames %d, errs %v", len(frames), errs)
			}
			resp, err := Frame(frames[0]).Response()
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Data) != tc.data {
				t.Errorf("data %d bytes, want %d", len(resp.Data), tc.data)
			}
			err = resp.Err(tc.cmd)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Err = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Err = %v, want errors.Is %v", err, tc.want)
			}
			var se *StatusError
			if !errors.As(err, &se) || se.SW3 != resp.SW3 || se.Cmd != tc.cmd {
				t.Fatalf("Err = %#v, want *StatusError for SW3 %02X", err, resp.SW3)
			}
		})
	}
}

func TestSAMIDFormat(t *testing.T) {
	frames, _ := decodeAll(unhex(t, "AAAAAA96690014 000090 05000100 EFCA3201 4E61BC00 B168DE3A 38"))
	resp, _ := Frame(frames[0]).Response()
	id, err := SAMID(resp.Data)
	if err != nil {
		t.Fatal(err)
	}
	if want := "05.01-20105967-012345678-987654321"; id != want {
		t.Fatalf("SAMID = %q, want %q", id, want)
	}
	if _, err := SAMID([]byte{1, 2}); !errors.Is(err, ErrLength) {
		t.Fatalf("short SAM id: %v", err)
	}
}

var findOK = "AAAAAA96690008 00009F 00000000 97"
var selectOK = "AAAAAA9669000C 000090 0000000000000000 9C"

func TestDecoderSplitAtEveryByte(t *testing.T) {
	frame := unhex(t, selectOK)
	for cut := 1; cut < len(frame); cut++ {
		frames, errs := decodeAll(frame[:cut], frame[cut:])
		if len(frames) != 1 || len(errs) != 0 || !bytes.Equal(frames[0], frame[7:len(frame)-1]) {
			t.Fatalf("cut at %d: frames %X errs %v", cut, frames, errs)
		}
	}
	// One byte at a time.
	var chunks [][]byte
	for i := range frame {
		chunks = append(chunks, frame[i:i+1])
	}
	if frames, errs := decodeAll(chunks...); len(frames) != 1 || len(errs) != 0 {
		t.Fatalf("byte by byte: frames %d errs %v", len(frames), errs)
	}
}

func TestDecoderNoise(t *testing.T) {
	a, b := unhex(t, findOK), unhex(t, selectOK)
	for _, tc := range []struct {
		name  string
		noise []byte
	}{
		{"zeros", []byte{0, 0, 0}},
		{"partial preambles", []byte{0xAA, 0xAA, 0x96, 0xAA, 0xAA, 0xAA, 0x96, 0x00, 0xAA}},
		{"almost preamble", []byte{0xAA, 0xAA, 0xAA, 0x96, 0x68}},
		{"extra AA", []byte{0xAA}},
		{"line garbage", []byte("\r\nOK\r\n\xff\xfe")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stream := append(append(append(append([]byte{}, tc.noise...), a...), tc.noise...), b...)
			stream = append(stream, tc.noise...)
			frames, errs := decodeAll(stream)
			if len(errs) != 0 || len(frames) != 2 {
				t.Fatalf("frames %d errs %v", len(frames), errs)
			}
			if frames[0][2] != 0x9F || frames[1][2] != 0x90 {
				t.Fatalf("frames % X", frames)
			}
		})
	}
	var d Decoder
	d.Write([]byte{1, 2, 3, 4, 5, 6, 7, 8})
	if _, ok, err := d.Next(); ok || err != nil || d.Buffered() > 4 || d.Skipped() != 4 {
		t.Fatalf("pure noise: ok %v err %v buffered %d skipped %d", ok, err, d.Buffered(), d.Skipped())
	}
}

func TestDecoderBadChecksumThenGood(t *testing.T) {
	bad := unhex(t, findOK)
	bad[len(bad)-1] ^= 0xFF
	good := unhex(t, selectOK)
	frames, errs := decodeAll(bad, good)
	if len(errs) != 1 || !errors.Is(errs[0], ErrChecksum) {
		t.Fatalf("errs %v, want one ErrChecksum", errs)
	}
	if len(frames) != 1 || frames[0][2] != 0x90 {
		t.Fatalf("frames % X, want the select reply only", frames)
	}
	// A flipped data bit is caught the same way.
	bad = unhex(t, selectOK)
	bad[12] ^= 0x01
	if frames, errs := decodeAll(bad); len(frames) != 0 || len(errs) != 1 {
		t.Fatalf("flipped data: frames %d errs %v", len(frames), errs)
	}
}

func TestDecoderBadLength(t *testing.T) {
	for _, tc := range []struct{ name, hex string }{
		{"too short", "AAAAAA96690002 0000"},
		{"zero", "AAAAAA96690000"},
		{"too long", "AAAAAA9669FFFF 000090"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			frames, errs := decodeAll(unhex(t, tc.hex), unhex(t, findOK))
			if len(errs) != 1 || !errors.Is(errs[0], ErrLength) {
				t.Fatalf("errs %v, want one ErrLength", errs)
			}
			if len(frames) != 1 || frames[0][2] != 0x9F {
				t.Fatalf("frames % X, want the find reply after it", frames)
			}
		})
	}
}

func TestDecoderPreambleInsideBadFrame(t *testing.T) {
	// A truncated frame whose body is followed by a complete one: the
	// length of the first swallows part of the second, the checksum fails,
	// and the decoder resynchronises on the second preamble.
	first := unhex(t, "AAAAAA9669000C 000090 00")
	second := unhex(t, findOK)
	frames, errs := decodeAll(first, second, unhex(t, "000000000000000000"))
	if len(frames) != 1 || frames[0][2] != 0x9F {
		t.Fatalf("frames % X errs %v", frames, errs)
	}
}

func TestResponseTooShortAndRequest(t *testing.T) {
	if _, err := (Frame{0, 0}).Response(); !errors.Is(err, ErrLength) {
		t.Fatalf("short response: %v", err)
	}
	frames, _ := decodeAll(AppendRequest(nil, CmdReadText, []byte{7}))
	cmd, data, err := Frame(frames[0]).Request()
	if err != nil || cmd != CmdReadText || !bytes.Equal(data, []byte{7}) {
		t.Fatalf("request: %v %v %v", cmd, data, err)
	}
	if _, _, err := (Frame{1}).Request(); !errors.Is(err, ErrLength) {
		t.Fatalf("short request: %v", err)
	}
}

func TestDecoderResetWipes(t *testing.T) {
	var d Decoder
	d.Write([]byte("secret bytes"))
	buf := d.buf[:cap(d.buf)]
	d.Reset()
	if d.Buffered() != 0 || bytes.Contains(buf, []byte("secret")) {
		t.Fatal("Reset left data behind")
	}
}
