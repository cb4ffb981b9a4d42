package idcard

import (
	"encoding/hex"
	"strings"
	"testing"
)

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.NewReplacer(" ", "", "\n", "", "\t", "").Replace(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Request frames as published (research/devices.md §1 "Commands"):
// SAMSerial.cs, the Python test_com hit, YinanSoft SerialReader.java.
func TestAppendRequest(t *testing.T) {
	for _, tc := range []struct {
		name string
		cmd  Command
		want string
	}{
		{"reset SAM", CmdResetSAM, "AAAAAA96690003 10FF EC"},
		{"SAM status", CmdSAMStatus, "AAAAAA96690003 11FF ED"},
		{"SAM id", CmdSAMID, "AAAAAA96690003 12FF EE"},
		{"find card", CmdFindCard, "AAAAAA96690003 2001 22"},
		{"select card", CmdSelectCard, "AAAAAA96690003 2002 21"},
		{"read text and photo", CmdReadText, "AAAAAA96690003 3001 32"},
		{"read appended address", CmdReadAppended, "AAAAAA96690003 3003 30"},
		{"read with fingerprint", CmdReadFingerprint, "AAAAAA96690003 3010 23"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := AppendRequest(nil, tc.cmd, nil)
			if want := unhex(t, tc.want); string(got) != string(want) {
				t.Errorf("AppendRequest(%v) = % X, want % X", tc.cmd, got, want)
			}
			if tc.cmd.String() == "" || strings.HasPrefix(tc.cmd.String(), "command ") {
				t.Errorf("command %v has no name", tc.cmd)
			}
		})
	}
}

func TestAppendRequestWithDataAndPrefix(t *testing.T) {
	prefix := []byte{1, 2}
	got := AppendRequest(prefix, Command{0x61, 0xFF}, []byte{0x01, 0x02})
	want := unhex(t, "0102 AAAAAA96690005 61FF 0102 98")
	if string(got) != string(want) {
		t.Fatalf("got % X, want % X", got, want)
	}
	if FrameLen(4) != 12 {
		t.Fatalf("FrameLen(4) = %d", FrameLen(4))
	}
}

func TestLineTime(t *testing.T) {
	// 1295 bytes at 115200 8N1: 12950 bits = 112.413 ms.
	if got := LineTime(1295, 115200); got.Microseconds() != 112413 {
		t.Fatalf("LineTime = %v", got)
	}
}
