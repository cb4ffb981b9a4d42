package receiptsim

// opKind is one parsed ESC/POS command.
type opKind uint8

const (
	opIgnore    opKind = iota // a known or unknown command without effect here
	opText                    // data: printable bytes (GB18030 in Chinese mode)
	opLF                      // LF, FF
	opTab                     // HT
	opCancel                  // CAN: drop the line buffer
	opInit                    // ESC @
	opBold                    // ESC E n, ESC G n
	opAlign                   // ESC a n
	opMode                    // ESC ! n
	opUnderline               // ESC - n
	opFeedLines               // ESC d n
	opFeedDots                // ESC J n
	opSpacing                 // ESC 3 n (a = n), ESC 2 (a = -1)
	opSize                    // GS ! n
	opChinese                 // FS & (a = 1), FS . (a = 0)
	opQR                      // GS ( k: data = cn fn params
	opBarHeight               // GS h n
	opBarWidth                // GS w n
	opBarHRI                  // GS H n
	opBarcode                 // GS k m ...: a = m, data
	opRaster                  // GS v 0: a = m, b = bytes per row, c = rows, data
	opCut                     // GS V, ESC i, ESC m: a = m
	opStatus                  // DLE EOT n: a = n
)

// op is one command with its arguments.
type op struct {
	kind    opKind
	a, b, c int
	data    []byte
}

// Limits that keep a hostile or broken stream from exhausting memory.
const (
	maxRasterBytes = 1 << 21 // one GS v 0 command
	maxPending     = 1 << 22 // bytes waiting for a command to complete
)

// Parser splits an ESC/POS byte stream into commands. Feed it bytes as they
// arrive; a command cut between two reads waits for the rest.
type Parser struct {
	buf     []byte
	chinese bool
}

// NewParser returns a parser in Chinese mode, as GB18030 printers start.
func NewParser() *Parser { return &Parser{chinese: true} }

// Feed parses b and calls emit for each complete command, in order.
func (p *Parser) Feed(b []byte, emit func(op)) {
	p.buf = append(p.buf, b...)
	i := 0
	for i < len(p.buf) {
		o, n := p.next(p.buf[i:])
		if n == 0 {
			break
		}
		i += n
		if o.kind == opChinese {
			p.chinese = o.a == 1
		}
		if o.kind == opInit {
			p.chinese = true
		}
		emit(o)
	}
	rest := copy(p.buf, p.buf[i:])
	p.buf = p.buf[:rest]
	if len(p.buf) > maxPending {
		p.buf = p.buf[:0]
	}
}

// escArgs is the number of argument bytes of fixed-length ESC commands.
var escArgs = map[byte]int{
	'@': 0, '2': 0, 'i': 0, 'm': 0, 'L': 0, 'S': 0, '<': 0,
	'E': 1, 'G': 1, 'a': 1, 'd': 1, 'J': 1, 'K': 1, '3': 1, '!': 1, '-': 1, 'M': 1,
	't': 1, ' ': 1, 'R': 1, '{': 1, 'V': 1, '=': 1, 'U': 1, 'r': 1, 'T': 1, '%': 1,
	'?': 1, 'e': 1, 'u': 1, 'v': 0,
	'$': 2, '\\': 2, 'c': 2, 'p': 3, 'W': 8,
}

// gsArgs is the same for GS.
var gsArgs = map[byte]int{
	'!': 1, 'B': 1, 'H': 1, 'h': 1, 'w': 1, 'f': 1, 'a': 1, 'r': 1, 'b': 1, 'I': 1, '/': 1,
	'L': 2, 'W': 2, 'P': 2, '$': 2, '\\': 2, '^': 3, ':': 0,
}

// fsArgs is the same for FS.
var fsArgs = map[byte]int{'&': 0, '.': 0, '!': 1, '-': 1, 'W': 1, 'C': 1, 'S': 2, 'p': 2}

// next parses one command at the start of b. n = 0 means b holds only part
// of a command.
func (p *Parser) next(b []byte) (op, int) {
	switch c := b[0]; {
	case c == 0x0A || c == 0x0C:
		return op{kind: opLF}, 1
	case c == 0x09:
		return op{kind: opTab}, 1
	case c == 0x18:
		return op{kind: opCancel}, 1
	case c == 0x10:
		return p.dle(b)
	case c == 0x1B:
		return p.esc(b)
	case c == 0x1D:
		return p.gs(b)
	case c == 0x1C:
		return p.fs(b)
	case c < 0x20 || c == 0x7F:
		return op{}, 1
	}
	return p.text(b)
}

func (p *Parser) dle(b []byte) (op, int) {
	if len(b) < 2 {
		return op{}, 0
	}
	switch b[1] {
	case 0x04:
		if len(b) < 3 {
			return op{}, 0
		}
		return op{kind: opStatus, a: int(b[2])}, 3
	case 0x05:
		if len(b) < 3 {
			return op{}, 0
		}
		return op{}, 3
	case 0x14:
		if len(b) < 5 {
			return op{}, 0
		}
		return op{}, 5
	}
	return op{}, 1
}

func (p *Parser) esc(b []byte) (op, int) {
	if len(b) < 2 {
		return op{}, 0
	}
	cmd := b[1]
	switch cmd {
	case '*': // ESC * m nL nH d1..dk: column bit image (not drawn)
		if len(b) < 5 {
			return op{}, 0
		}
		k := int(b[3]) | int(b[4])<<8
		if b[2] == 32 || b[2] == 33 {
			k *= 3
		}
		if len(b) < 5+k {
			return op{}, 0
		}
		return op{}, 5 + k
	case 'D': // ESC D n1..nk NUL: tab stops
		for i := 2; i < len(b) && i < 2+33; i++ {
			if b[i] == 0 {
				return op{}, i + 1
			}
		}
		if len(b) < 2+33 {
			return op{}, 0
		}
		return op{}, 2
	}
	argc, known := escArgs[cmd]
	if !known {
		return op{}, 2
	}
	if len(b) < 2+argc {
		return op{}, 0
	}
	n := 0
	if argc > 0 {
		n = int(b[2])
	}
	size := 2 + argc
	switch cmd {
	case '@':
		return op{kind: opInit}, size
	case 'E', 'G':
		return op{kind: opBold, a: n & 1}, size
	case 'a':
		return op{kind: opAlign, a: n % 48}, size
	case '!':
		return op{kind: opMode, a: n}, size
	case '-':
		return op{kind: opUnderline, a: n % 48}, size
	case 'd':
		return op{kind: opFeedLines, a: n}, size
	case 'J':
		return op{kind: opFeedDots, a: n}, size
	case '3':
		return op{kind: opSpacing, a: n}, size
	case '2':
		return op{kind: opSpacing, a: -1}, size
	case 'i':
		return op{kind: opCut, a: 0}, size
	case 'm':
		return op{kind: opCut, a: 1}, size
	}
	return op{}, size
}

func (p *Parser) gs(b []byte) (op, int) {
	if len(b) < 2 {
		return op{}, 0
	}
	cmd := b[1]
	switch cmd {
	case 'V': // GS V m [n]
		if len(b) < 3 {
			return op{}, 0
		}
		m := int(b[2])
		if m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104 {
			if len(b) < 4 {
				return op{}, 0
			}
			return op{kind: opCut, a: m}, 4
		}
		return op{kind: opCut, a: m}, 3
	case 'v': // GS v 0 m xL xH yL yH d...
		if len(b) < 8 {
			return op{}, 0
		}
		x := int(b[4]) | int(b[5])<<8
		y := int(b[6]) | int(b[7])<<8
		if b[2] != '0' && b[2] != 0 {
			return op{}, 3
		}
		size := x * y
		if size > maxRasterBytes {
			return op{}, 8
		}
		if len(b) < 8+size {
			return op{}, 0
		}
		return op{kind: opRaster, a: int(b[3]), b: x, c: y, data: b[8 : 8+size]}, 8 + size
	case '(': // GS ( fn pL pH payload
		if len(b) < 5 {
			return op{}, 0
		}
		n := int(b[3]) | int(b[4])<<8
		if len(b) < 5+n {
			return op{}, 0
		}
		if b[2] == 'k' {
			return op{kind: opQR, data: b[5 : 5+n]}, 5 + n
		}
		return op{}, 5 + n
	case 'k': // GS k m ...
		if len(b) < 3 {
			return op{}, 0
		}
		m := int(b[2])
		if m <= 6 {
			for i := 3; i < len(b) && i < 3+256; i++ {
				if b[i] == 0 {
					return op{kind: opBarcode, a: m, data: b[3:i]}, i + 1
				}
			}
			if len(b) < 3+256 {
				return op{}, 0
			}
			return op{}, 3
		}
		if len(b) < 4 {
			return op{}, 0
		}
		n := int(b[3])
		if len(b) < 4+n {
			return op{}, 0
		}
		return op{kind: opBarcode, a: m, data: b[4 : 4+n]}, 4 + n
	case '*': // GS * x y d(x*y*8): define a downloaded image
		if len(b) < 4 {
			return op{}, 0
		}
		k := int(b[2]) * int(b[3]) * 8
		if len(b) < 4+k {
			return op{}, 0
		}
		return op{}, 4 + k
	}
	argc, known := gsArgs[cmd]
	if !known {
		return op{}, 2
	}
	if len(b) < 2+argc {
		return op{}, 0
	}
	n := 0
	if argc > 0 {
		n = int(b[2])
	}
	size := 2 + argc
	switch cmd {
	case '!':
		return op{kind: opSize, a: n}, size
	case 'h':
		return op{kind: opBarHeight, a: n}, size
	case 'w':
		return op{kind: opBarWidth, a: n}, size
	case 'H':
		return op{kind: opBarHRI, a: n % 48}, size
	}
	return op{}, size
}

func (p *Parser) fs(b []byte) (op, int) {
	if len(b) < 2 {
		return op{}, 0
	}
	argc, known := fsArgs[b[1]]
	if !known {
		return op{}, 2
	}
	if len(b) < 2+argc {
		return op{}, 0
	}
	switch b[1] {
	case '&':
		return op{kind: opChinese, a: 1}, 2
	case '.':
		return op{kind: opChinese, a: 0}, 2
	}
	return op{}, 2 + argc
}

// text takes a run of printable bytes. In Chinese mode a GB18030 lead byte
// (0x81–0xFE) takes its trail bytes with it; a character cut at the end of
// b waits for the rest unless the run already has characters.
func (p *Parser) text(b []byte) (op, int) {
	i := 0
	for i < len(b) {
		c := b[i]
		if c < 0x20 || c == 0x7F {
			break
		}
		if c < 0x80 || !p.chinese || c == 0x80 || c == 0xFF {
			i++
			continue
		}
		n := gbLen(b[i:])
		if n == 0 {
			break // incomplete
		}
		i += n
	}
	if i == 0 {
		return op{}, 0
	}
	return op{kind: opText, data: b[:i]}, i
}

// gbLen is the length of the GB18030 character at the start of b (whose
// first byte is 0x81–0xFE): 2 or 4, 1 for a malformed one, 0 when b ends
// too early to tell.
func gbLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	t := b[1]
	switch {
	case t >= 0x30 && t <= 0x39:
		if len(b) < 4 {
			return 0
		}
		if b[2] >= 0x81 && b[2] <= 0xFE && b[3] >= 0x30 && b[3] <= 0x39 {
			return 4
		}
		return 1
	case t >= 0x40 && t <= 0xFE && t != 0x7F:
		return 2
	}
	return 1
}
