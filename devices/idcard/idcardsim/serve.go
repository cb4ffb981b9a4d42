package idcardsim

import (
	"errors"
	"os"
	"time"

	"hallkiosk/devices/idcard"
)

// noisePattern is the garbage sent before replies under Faults.Noise: stray
// bytes and broken preambles that the driver's decoder must skip.
const noisePattern = "\x00\xAA\xAA\x96\xFF\xAA\x55\xAA\xAA\xAA\x96\x00\x13\x69"

// serve answers requests on the master side until it is closed.
func (s *Sim) serve(m *os.File, done chan<- struct{}) {
	defer close(done)
	var dec idcard.Decoder
	buf := make([]byte, 512)
	var first time.Time // when the first byte of the pending request arrived
	var out []byte
	for {
		n, err := m.Read(buf)
		if err != nil {
			return
		}
		now := time.Now()
		if dec.Buffered() == 0 {
			first = now
		}
		dec.Write(buf[:n])
		s.count(n, 0, 0)
		for {
			f, ok, err := dec.Next()
			if !ok && err == nil {
				break // wait for the rest of the request
			}
			var payload []byte
			reqLen := 0
			switch {
			case errors.Is(err, idcard.ErrChecksum):
				payload = []byte{0, 0, 0x10} // module received a bad checksum
			case err != nil:
				payload = []byte{0, 0, 0x11} // module received a bad length
			default:
				cmd, data, _ := f.Request()
				reqLen = idcard.FrameLen(len(f))
				s.count(0, 0, 1)
				if s.onRequest != nil {
					s.onRequest(cmd)
				}
				if payload = s.handle(cmd, data); payload == nil {
					continue // mute
				}
			}
			start := time.Now()
			if s.baud > 0 {
				// The request held the line for its own line time.
				if end := first.Add(idcard.LineTime(reqLen, s.baud)); end.After(start) {
					start = end
				}
			}
			out = s.frame(out[:0], payload)
			if err := s.send(m, out, start); err != nil {
				return
			}
			first = time.Now()
		}
	}
}

func (s *Sim) count(in, out, req int) {
	s.mu.Lock()
	s.stats.BytesIn += in
	s.stats.BytesOut += out
	s.stats.Requests += req
	s.mu.Unlock()
}

// handle runs one command against the card state and returns the reply
// payload (SW1 SW2 SW3 data), or nil to stay mute.
func (s *Sim) handle(cmd idcard.Command, _ []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.Mute > 0 {
		s.faults.Mute--
		return nil
	}
	status := func(sw3 byte, data ...byte) []byte { return append([]byte{0, 0, sw3}, data...) }
	switch cmd {
	case idcard.CmdResetSAM:
		return status(idcard.SWSuccess)
	case idcard.CmdSAMStatus:
		if s.faults.SAMStatus != 0 {
			return status(s.faults.SAMStatus)
		}
		return status(idcard.SWSuccess)
	case idcard.CmdSAMID:
		// Renders as 05.01-20105967-012345678-987654321 (synthetic).
		return status(idcard.SWSuccess,
			5, 0, 1, 0,
			0xEF, 0xCA, 0x32, 0x01,
			0x4E, 0x61, 0xBC, 0x00,
			0xB1, 0x68, 0xDE, 0x3A)
	case idcard.CmdFindCard:
		if s.state == idle || s.state == found {
			s.state = found
			return status(idcard.SWFound, 0, 0, 0, 0)
		}
		return status(idcard.SWNoCard)
	case idcard.CmdSelectCard:
		if s.state == found {
			s.state = selected
			return status(idcard.SWSuccess, 0, 0, 0, 0, 0, 0, 0, 0)
		}
		return status(idcard.SWSelect)
	case idcard.CmdReadText, idcard.CmdReadFingerprint:
		if s.state != selected {
			return status(idcard.SWRead)
		}
		fp := cmd == idcard.CmdReadFingerprint
		return idcard.AppendReadData(status(idcard.SWSuccess), s.card.text[:], s.card.photo, s.card.fp, fp)
	case idcard.CmdReadAppended:
		if s.state != selected {
			return status(idcard.SWRead)
		}
		return status(idcard.SWSuccess, s.card.appended[:]...)
	}
	return status(0x21)
}

// frame builds the reply bytes with the faults in effect: noise first, a
// corrupted checksum if asked.
func (s *Sim) frame(dst, payload []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := 0; i < s.faults.Noise; i++ {
		dst = append(dst, noisePattern[i%len(noisePattern)])
	}
	dst = idcard.AppendFrame(dst, payload)
	if s.faults.BadChecksum > 0 {
		s.faults.BadChecksum--
		dst[len(dst)-1] ^= 0x5A
	}
	return dst
}

// usbBurst is the line time of the bytes the simulator sends together.
const usbBurst = 2 * time.Millisecond

// send writes b, paced at the line speed from start and cut into pieces
// under Faults.Split.
func (s *Sim) send(m *os.File, b []byte, start time.Time) error {
	s.mu.Lock()
	split := s.faults.Split
	s.mu.Unlock()
	if d := time.Until(start); d > 0 {
		time.Sleep(d)
	}
	sent := 0
	for sent < len(b) {
		end := len(b)
		if s.baud > 0 {
			byteTime := idcard.LineTime(1, s.baud)
			due := int(time.Since(start) / byteTime)
			if due <= sent {
				// Bytes come in bursts of about 2 ms of line time, as
				// from a USB serial adapter, not one sleep per byte: a
				// sleep of 87 µs per byte woke the demo's idle process
				// hundreds of times a second (make bench-idle).
				burst := max(1, int(usbBurst/byteTime))
				time.Sleep(time.Until(start.Add(time.Duration(min(sent+burst, len(b))) * byteTime)))
				continue
			}
			end = min(due, len(b))
		}
		if split > 0 {
			end = min(end, sent+split)
		}
		n, err := m.Write(b[sent:end])
		sent += n
		s.count(0, n, 0)
		if err != nil {
			return err
		}
		if split > 0 && sent < len(b) {
			time.Sleep(200 * time.Microsecond)
		}
	}
	return nil
}
