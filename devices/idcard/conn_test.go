package idcard

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"
)

// playback is a scripted serial line in the manner of periph's
// conntest.Playback: each write must equal the next expected request, and
// the reply is then served in the given pieces, one per Read. A Read with
// nothing to serve behaves like a serial read timeout: it waits `idle`
// and returns (0, nil).
type playback struct {
	t     *testing.T
	steps []step
	queue [][]byte
	idle  time.Duration
	reads int
}

type step struct {
	want   []byte
	pieces [][]byte
}

func (p *playback) Write(b []byte) (int, error) {
	if len(p.steps) == 0 {
		p.t.Fatalf("unexpected write % X", b)
	}
	s := p.steps[0]
	p.steps = p.steps[1:]
	if !bytes.Equal(b, s.want) {
		p.t.Fatalf("wrote % X, want % X", b, s.want)
	}
	p.queue = append(p.queue, s.pieces...)
	return len(b), nil
}

func (p *playback) Read(b []byte) (int, error) {
	p.reads++
	if len(p.queue) == 0 {
		time.Sleep(p.idle)
		return 0, nil
	}
	n := copy(b, p.queue[0])
	if n < len(p.queue[0]) {
		p.queue[0] = p.queue[0][n:]
	} else {
		p.queue = p.queue[1:]
	}
	return n, nil
}

func (p *playback) done() {
	p.t.Helper()
	if len(p.steps) != 0 || len(p.queue) != 0 {
		p.t.Fatalf("script not used up: %d steps, %d pieces left", len(p.steps), len(p.queue))
	}
}

func req(cmd Command) []byte { return AppendRequest(nil, cmd, nil) }

func TestConnPlayback(t *testing.T) {
	ctx := context.Background()
	find := unhex(t, findOK)
	sel := unhex(t, selectOK)
	p := &playback{t: t, idle: time.Millisecond, steps: []step{
		{req(CmdFindCard), [][]byte{{0xAA, 0x00}, find[:4], find[4:9], find[9:]}}, // noise, split
		{req(CmdSelectCard), [][]byte{sel}},
		{req(CmdReadText), [][]byte{unhex(t, "AAAAAA96690004 000041 45")}},
	}}
	c := NewConn(p, 0)
	if err := c.FindCard(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.SelectCard(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReadCard(ctx, false); !errors.Is(err, ErrReadFailed) {
		t.Fatalf("read: %v", err)
	}
	p.done()
}

func TestConnBadChecksumDrainsTheRest(t *testing.T) {
	bad := unhex(t, findOK)
	bad[len(bad)-1] ^= 1
	// The broken reply is followed by a stray one, which must be dropped
	// rather than taken for the answer to the next command.
	p := &playback{t: t, idle: time.Millisecond, steps: []step{
		{req(CmdFindCard), [][]byte{bad, unhex(t, "AAAAAA96690004 000080 84")}},
		{req(CmdSelectCard), [][]byte{unhex(t, selectOK)}},
	}}
	c := NewConn(p, 0)
	if err := c.FindCard(context.Background()); !errors.Is(err, ErrChecksum) {
		t.Fatalf("find: %v", err)
	}
	if err := c.SelectCard(context.Background()); err != nil {
		t.Fatalf("select after a broken reply: %v", err)
	}
	p.done()
}

func TestConnTimeoutAndHangup(t *testing.T) {
	p := &playback{t: t, idle: 2 * time.Millisecond, steps: []step{{req(CmdSAMStatus), nil}}}
	c := NewConn(p, 0)
	c.SetModuleTime(time.Millisecond)
	if err := c.SAMStatus(context.Background()); !errors.Is(err, ErrTimeout) {
		t.Fatalf("mute module: %v", err)
	}

	// A hung-up tty returns end-of-file at once, again and again.
	p = &playback{t: t, idle: 0, steps: []step{{req(CmdSAMStatus), nil}}}
	c = NewConn(p, 0)
	if err := c.SAMStatus(context.Background()); !errors.Is(err, ErrHangup) {
		t.Fatalf("hung-up line: %v", err)
	}
	if p.reads > 100 {
		t.Fatalf("%d reads before giving up", p.reads)
	}
}

func TestConnHonoursContext(t *testing.T) {
	// The module stays silent; the context ends the wait long before the
	// Conn's own timeout (over a second for a read) would.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	p := &playback{t: t, idle: time.Millisecond, steps: []step{{req(CmdReadText), nil}}}
	c := NewConn(p, 0)
	if _, err := c.ReadCard(ctx, false); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("read: %v", err)
	}
	if _, err := c.Do(ctx, CmdFindCard, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("do after the deadline: %v", err)
	}
}

type failing struct{ err error }

func (f failing) Read([]byte) (int, error)  { return 0, f.err }
func (f failing) Write([]byte) (int, error) { return 0, f.err }

func TestConnLineErrors(t *testing.T) {
	gone := errors.New("gone")
	err := NewConn(failing{gone}, 0).FindCard(context.Background())
	if !errors.Is(err, gone) || err.Error() != "idcard: find card: write: gone" {
		t.Fatalf("write error: %v", err)
	}
}
