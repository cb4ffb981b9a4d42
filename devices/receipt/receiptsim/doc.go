// Package receiptsim is a thermal receipt printer on a pseudo-terminal, for
// tests and `hallkiosk demo`. It speaks the same ESC/POS bytes as a real
// printer: the receipt driver opens its port exactly as it opens
// /dev/ttyUSB0, sends documents and asks DLE EOT status.
//
// The simulator parses the byte stream (Parser) and puts on "paper" what a
// 203 dpi printer would: text in font A cells of 12×24 dots (24×24 for
// Chinese, decoded from GB18030 in Chinese mode) drawn with the CJK font of
// the kiosk (Droid Sans Fallback, Debian package fonts-droid-fallback) and
// Go Mono for ASCII, scaled by GS ! / ESC ! and emboldened by ESC E; QR
// codes (GS ( k) encoded and drawn at their module size; CODE128 barcodes
// (GS k 73) with their text; raster images (GS v 0) dot for dot. A cut
// (GS V) ends one receipt: it becomes a one-bit PNG in the output directory
// and the latest receipt is kept for a preview.
//
// DLE EOT 1..4 are answered from a Condition the test or the demo sets: ok,
// paper near end, paper out, cover open, cutter error, or silent (no
// reply). While the printer cannot print, it answers status requests but
// puts nothing on paper, as a real one would. Like an Epson printer it
// answers the bytes 10 04 n wherever they appear, also inside a raster
// image's data. Two conditions make a line that does not answer sensibly:
// garbled (each request answered with bytes that fail the fixed-bit check,
// as at a wrong baud rate) and babble (an endless stream of bytes, half of
// them status-shaped). Unplug and Replug make the port vanish and come back
// under the same name.
//
// Protocol facts: shared/research/devices.md §2 (see package receipt).
package receiptsim
