package idcard

import "fmt"

// Preamble starts every request and response frame
// (SAMSerial.cs PackToSAMCommand; BearPi IDReader.c).
var preamble = [5]byte{0xAA, 0xAA, 0xAA, 0x96, 0x69}

// Frame geometry. headerLen is the preamble plus the two length bytes; the
// length counts everything after it, checksum included.
const (
	headerLen = len(preamble) + 2
	// MaxPayload bounds the length field of a frame: the 30 10 reply is
	// the largest one (3 status bytes, three lengths, 256 text bytes,
	// 1024 photo bytes, 1024 fingerprint bytes and the checksum = 2314),
	// with some room for module variants.
	MaxPayload = 2400
)

// Command is the CMD PARA pair of a request.
type Command struct {
	Cmd, Para byte
}

// The commands the driver uses (research/devices.md §1, table "Commands").
var (
	// CmdResetSAM resets the SAM (10 FF, libsamv samv_build_cmd_reset).
	CmdResetSAM = Command{0x10, 0xFF}
	// CmdSAMStatus checks the SAM (11 FF); a healthy module answers 90.
	CmdSAMStatus = Command{0x11, 0xFF}
	// CmdSAMID reads the SAM's 16-byte management number (12 FF).
	CmdSAMID = Command{0x12, 0xFF}
	// CmdFindCard looks for a card in the field (20 01); 9F means found.
	CmdFindCard = Command{0x20, 0x01}
	// CmdSelectCard selects the found card (20 02).
	CmdSelectCard = Command{0x20, 0x02}
	// CmdReadText reads text and photo (30 01), the 1295-byte reply.
	CmdReadText = Command{0x30, 0x01}
	// CmdReadAppended reads the appended address (追加住址, 30 03).
	CmdReadAppended = Command{0x30, 0x03}
	// CmdReadFingerprint reads text, photo and fingerprint (30 10).
	CmdReadFingerprint = Command{0x30, 0x10}
)

// String names the command for error messages and logs.
func (c Command) String() string {
	switch c {
	case CmdResetSAM:
		return "reset SAM"
	case CmdSAMStatus:
		return "SAM status"
	case CmdSAMID:
		return "read SAM id"
	case CmdFindCard:
		return "find card"
	case CmdSelectCard:
		return "select card"
	case CmdReadText:
		return "read card"
	case CmdReadAppended:
		return "read appended address"
	case CmdReadFingerprint:
		return "read card with fingerprint"
	}
	return fmt.Sprintf("command %02X %02X", c.Cmd, c.Para)
}

// Checksum is the XOR of b. Over a frame it covers the two length bytes up
// to the last data byte, the preamble excluded: 00⊕03⊕20⊕01 = 22 in
// AA AA AA 96 69 00 03 20 01 22 (SAMSerial.cs; BearPi IDReader.c).
func Checksum(b []byte) byte {
	var x byte
	for _, c := range b {
		x ^= c
	}
	return x
}

// AppendRequest appends the request frame of cmd with optional data to dst
// and returns the extended slice: preamble, length, CMD, PARA, data, CHK.
// Find card becomes AA AA AA 96 69 00 03 20 01 22.
func AppendRequest(dst []byte, cmd Command, data []byte) []byte {
	n := 2 + len(data) + 1
	start := len(dst)
	dst = append(dst, preamble[:]...)
	dst = append(dst, byte(n>>8), byte(n), cmd.Cmd, cmd.Para)
	dst = append(dst, data...)
	return append(dst, Checksum(dst[start+len(preamble):]))
}

// AppendFrame appends a frame carrying payload (the bytes between the length
// field and the checksum) to dst. Simulators use it for responses, whose
// payload is SW1 SW2 SW3 followed by data.
func AppendFrame(dst []byte, payload []byte) []byte {
	n := len(payload) + 1
	start := len(dst)
	dst = append(dst, preamble[:]...)
	dst = append(dst, byte(n>>8), byte(n))
	dst = append(dst, payload...)
	return append(dst, Checksum(dst[start+len(preamble):]))
}

// FrameLen returns the on-wire size of a frame with a payload of n bytes.
func FrameLen(n int) int { return headerLen + n + 1 }
