package receiptsim

import (
	"image"
	"math/rand/v2"
	"time"

	"hallkiosk/devices"
	"hallkiosk/devices/receipt"
)

// Printed is one receipt that came out of the simulated printer.
type Printed struct {
	// Seq counts receipts from 1.
	Seq int
	// Path is the PNG file, "" when the simulator keeps no files.
	Path string
	// Image is the whole paper width, one bit per dot (white, black).
	Image *image.Paletted
	// Cut is false when the paper ran out before the cut: the receipt was
	// torn off half printed.
	Cut bool
	// Missing lists what the simulator could not draw (an unsupported
	// barcode type, a QR code wider than the paper).
	Missing []string
	// Time is when it was cut.
	Time time.Time
	// Text is the text it carries as the printer received it (GB18030
	// decoded), a line per line feed; barcodes and QR codes are only in
	// Image.
	Text string
}

// Stats counts what the simulated printer received.
type Stats struct {
	// Bytes is every byte received.
	Bytes int
	// StatusRequests counts DLE EOT requests.
	StatusRequests int
	// Receipts counts receipts cut (or torn off).
	Receipts int
}

// PrintBytes is the number of bytes received that were not status
// requests: zero after a job refused for lack of paper.
func (s Stats) PrintBytes() int { return s.Bytes - 3*s.StatusRequests }

// machine is the printer without its port: parser, mechanism, condition.
// Its owner serialises calls.
type machine struct {
	width  receipt.Width
	parser *Parser
	paper  *paper
	cond   Condition
	runOut int // paper.printed value at which the roll ends; 0 = never
	stats  Stats
	rt     [2]byte // the last two bytes received, for real-time commands
	rtLen  int
	rng    *rand.Rand // garbled replies
}

func newMachine(w receipt.Width, f *fonts, c Condition) *machine {
	return &machine{width: w, parser: NewParser(), paper: newPaper(w.Dots(), f), cond: c,
		rng: rand.New(rand.NewPCG(1, 2))}
}

// realtime answers DLE EOT n wherever the three bytes 10 04 n appear in the
// stream, also inside the data of another command (a raster image), as an
// Epson printer does: its command reference warns that the sequence is
// executed there too. Real-time commands are handled as the bytes arrive,
// before the commands buffered ahead of them.
func (m *machine) realtime(b []byte) (replies []byte) {
	for _, c := range b {
		if m.rtLen == 2 && m.rt[0] == 0x10 && m.rt[1] == 0x04 {
			m.rtLen = 0
			replies = append(replies, m.reply(int(c))...)
			continue
		}
		if m.rtLen == 2 {
			m.rt[0] = m.rt[1]
			m.rtLen = 1
		}
		m.rt[m.rtLen] = c
		m.rtLen++
	}
	return replies
}

// reply is what the printer sends for DLE EOT n in its condition.
func (m *machine) reply(n int) []byte {
	if m.cond.Garbled && !m.cond.Silent {
		out := make([]byte, 1+m.rng.IntN(3))
		for i := range out {
			b := byte(m.rng.Uint32())
			for receipt.ValidStatusByte(b) {
				b = byte(m.rng.Uint32())
			}
			out[i] = b
		}
		return out
	}
	if r, ok := m.cond.reply(n); ok {
		return []byte{r}
	}
	return nil
}

// feed runs bytes from the host through the printer. It returns the status
// replies to send back and the receipts that came out.
func (m *machine) feed(b []byte) (replies []byte, out []Printed) {
	m.stats.Bytes += len(b)
	replies = m.realtime(b)
	m.parser.Feed(b, func(o op) {
		if o.kind == opStatus {
			// Answered by realtime; counted here, where a DLE EOT is a
			// command of its own and not bytes inside another one.
			m.stats.StatusRequests++
			return
		}
		if o.kind == opChinese || o.kind == opInit {
			m.paper.apply(o)
			return
		}
		if !m.cond.CanPrint() {
			return // a stopped printer puts nothing on paper
		}
		cut := m.paper.apply(o)
		switch {
		case m.runOut > 0 && m.paper.printed >= m.runOut:
			m.cond.Paper = devices.PaperOut
			m.runOut = 0
			out = append(out, m.take(false))
		case cut && !m.paper.empty():
			out = append(out, m.take(true))
		case m.paper.h > maxRows:
			out = append(out, m.take(true))
		}
	})
	return replies, out
}

// take cuts off what is on the paper.
func (m *machine) take(cut bool) Printed {
	m.stats.Receipts++
	p := Printed{Image: m.paper.take(m.width.PaperDots()), Cut: cut, Missing: m.paper.missing, Time: time.Now(),
		Text: string(m.paper.words)}
	m.paper.missing, m.paper.words = nil, nil
	return p
}
