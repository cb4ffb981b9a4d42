package receipt

// Real-time commands are carried out by the printer as their bytes arrive,
// before the commands buffered ahead of them and wherever the bytes are,
// also inside the data of another command: the Epson ESC/POS command
// reference warns, under DLE EOT, that the sequence 10 04 n inside bit-image
// data is executed as DLE EOT n. The three are
//
//   - DLE EOT n (10 04 n, n = 1..4): the printer sends a status byte;
//   - DLE ENQ n (10 05 n, n = 0..2): recover from an error, 2 also clears
//     the receive and print buffers;
//   - DLE DC4 fn (10 14 fn, fn = 1..8): pulse the drawer, power off, clear
//     the buffers.
//
// So a document never holds the first two bytes of one inside its data: a
// status byte the driver did not ask for would be taken for the reply to
// its own request (a reply of the right shape from the wrong command), and
// the others would break the job. Raster data gets one dot darkened
// (Doc.Raster), a CODE128 digit pair 16 that would start one goes out in
// code set B (Doc.Code128) and QR data holding one is refused (Doc.QR).
const (
	enq = 0x05
	dc4 = 0x14
)

// realtimeSecond reports whether b after DLE (0x10) starts a real-time
// command.
func realtimeSecond(b byte) bool { return b == eot || b == enq || b == dc4 }

// realtimeIn returns the offset of the first DLE in b that is followed by
// EOT, ENQ or DC4, or -1.
func realtimeIn(b []byte) int {
	for i := 0; i+1 < len(b); i++ {
		if b[i] == dle && realtimeSecond(b[i+1]) {
			return i
		}
	}
	return -1
}

// realtimeCommand reports whether b starts with a real-time command a
// printer would carry out wherever it appears: DLE EOT 1..4, DLE ENQ 0..2
// or DLE DC4 1..8. No document built here contains one (tests check it).
func realtimeCommand(b []byte) bool {
	if len(b) < 3 || b[0] != dle {
		return false
	}
	switch n := b[2]; b[1] {
	case eot:
		return n >= 1 && n <= 4
	case enq:
		return n <= 2
	case dc4:
		return n >= 1 && n <= 8
	}
	return false
}

// breakRealtime darkens, in raster data, the dot beside the lone dot of
// every 0x10 byte that is followed by 0x04, 0x05 or 0x14 (0x10 becomes
// 0x18), so no real-time command starts inside the image. It returns how
// many bytes it changed.
func breakRealtime(pix []byte) int {
	n := 0
	for i := 0; i+1 < len(pix); i++ {
		if pix[i] == dle && realtimeSecond(pix[i+1]) {
			pix[i] = dle | 0x08
			n++
		}
	}
	return n
}
