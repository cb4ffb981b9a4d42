package receipt

import (
	"fmt"
	"strings"
)

// qrCapacityM is the byte-mode capacity of QR versions 1..40 at error
// correction level M (ISO/IEC 18004 table 7). It bounds the symbol's size
// before it is sent, so a QR code never runs off the paper.
var qrCapacityM = [40]int{
	14, 26, 42, 62, 84, 106, 122, 152, 180, 213,
	251, 287, 331, 362, 412, 450, 504, 560, 624, 666,
	711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370,
	1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331,
}

// QRModules is the number of modules across the QR code (model 2, error
// correction M) that holds n bytes, or 0 when n is too many.
func QRModules(n int) int {
	for v, c := range qrCapacityM {
		if n <= c {
			return 17 + 4*(v+1)
		}
	}
	return 0
}

// QR appends a QR code (model 2, error correction level M) of data with
// modules of size dots (1..16), printed by the printer itself with GS ( k:
// fn 65 select model 2, fn 67 module size, fn 69 level M, fn 80 store the
// data, fn 81 print. It fails when the code would be wider than the paper.
// The code is aligned like text; a line feed before and after keeps its
// quiet zone clear.
func (d *Doc) QR(data string, size int) *Doc {
	if size < 1 || size > 16 {
		return d.fail(fmt.Errorf("receipt: qr module size %d: want 1..16", size))
	}
	if data == "" {
		return d.fail(fmt.Errorf("receipt: qr: no data"))
	}
	if i := realtimeIn([]byte(data)); i >= 0 {
		return d.fail(fmt.Errorf("receipt: qr: bytes %#x %#x at %d would be a real-time printer command", data[i], data[i+1], i))
	}
	mods := QRModules(len(data))
	if mods == 0 {
		return d.fail(fmt.Errorf("receipt: qr: %d bytes do not fit a QR code at level M", len(data)))
	}
	if mods*size > d.width.Dots() {
		return d.fail(fmt.Errorf("receipt: qr: %d modules of %d dots are wider than %s paper (%d dots)",
			mods, size, d.width, d.width.Dots()))
	}
	if d.err != nil {
		return d
	}
	n := len(data) + 3
	d.cmd(gs, '(', 'k', 4, 0, 49, 65, 50, 0, // fn 65: model 2
		gs, '(', 'k', 3, 0, 49, 67, byte(size), // fn 67: module size
		gs, '(', 'k', 3, 0, 49, 69, 49, // fn 69: level M
		gs, '(', 'k', byte(n), byte(n>>8), 49, 80, 48) // fn 80: store
	d.buf = append(d.buf, data...)
	return d.cmd(gs, '(', 'k', 3, 0, 49, 81, 48) // fn 81: print
}

// Barcode geometry used by Code128.
const (
	barcodeHeight = 80 // dots: 10 mm
	maxBarModule  = 3  // dots per narrowest bar
	minBarModule  = 2  // the smallest GS w value every printer accepts
)

// Code128 appends a CODE128 barcode of data with its human-readable text
// below (GS H 2, GS f 0, GS h, GS w, GS k 73). Data of printable ASCII goes
// out in code set B; an even number of digits (4 or more) in code set C,
// half as wide (except a pair 16 followed by 04, 05 or 20, which goes out
// in code set B: as bytes it would start a real-time command, see
// realtime.go). The narrowest bar is 3 dots, or 2 when 3 does not fit the
// paper; longer data fails (about 23 characters or 46 digits on 80 mm
// paper, 13 characters or 26 digits on 58 mm).
func (d *Doc) Code128(data string) *Doc {
	if data == "" {
		return d.fail(fmt.Errorf("receipt: code128: no data"))
	}
	for i := 0; i < len(data); i++ {
		if data[i] < 0x20 || data[i] > 0x7E {
			return d.fail(fmt.Errorf("receipt: code128: byte %#x at %d: want printable ASCII", data[i], i))
		}
	}
	var payload []byte
	symbols := 0
	if len(data) >= 4 && len(data)%2 == 0 && strings.Trim(data, "0123456789") == "" {
		payload = append(payload, '{', 'C')
		pair := func(i int) byte { return (data[i]-'0')*10 + data[i+1] - '0' }
		for i := 0; i < len(data); i += 2 {
			if pair(i) == dle && i+3 < len(data) && realtimeSecond(pair(i+2)) {
				// 16 then 04, 05 or 20 would be bytes 10 04 (DLE EOT)
				// and the like: send this pair as "16" in code set B.
				payload = append(payload, '{', 'B', data[i], data[i+1], '{', 'C')
				symbols += 4
				continue
			}
			payload = append(payload, pair(i))
			symbols++
		}
	} else {
		payload = append(payload, '{', 'B')
		for i := 0; i < len(data); i++ {
			payload = append(payload, data[i])
			if data[i] == '{' {
				payload = append(payload, '{')
			}
		}
		symbols = len(data)
	}
	if len(payload) > 255 {
		return d.fail(fmt.Errorf("receipt: code128: %d bytes of data: too long", len(data)))
	}
	// start + data + check symbols of 11 modules, stop of 13.
	modules := 11*(symbols+2) + 13
	module := min(maxBarModule, d.width.Dots()/modules)
	if module < minBarModule {
		return d.fail(fmt.Errorf("receipt: code128: %d modules are wider than %s paper", modules, d.width))
	}
	if d.err != nil {
		return d
	}
	d.cmd(gs, 'H', 2, gs, 'f', 0, gs, 'h', barcodeHeight, gs, 'w', byte(module),
		gs, 'k', 73, byte(len(payload)))
	d.buf = append(d.buf, payload...)
	return d
}
