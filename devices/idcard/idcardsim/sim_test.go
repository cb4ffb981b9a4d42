package idcardsim

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/devices/idcard"
	"hallkiosk/devices/serialport"
)

func TestSampleCards(t *testing.T) {
	cards := SampleCards()
	var dot, rare, longTerm, hmt, foreign, appended bool
	for _, c := range cards {
		text, err := idcard.EncodeText(c)
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		back, err := idcard.ParseText(text[:])
		if err != nil {
			t.Fatalf("%v does not decode: %v", c, err)
		}
		back.Photo, back.AppendedAddress = c.Photo, c.AppendedAddress
		if back.View() != c.View() {
			t.Fatalf("round trip\n got %+v\nwant %+v", back.View(), c.View())
		}
		if c.Type != idcard.ForeignPermanent && !idcard.ValidNumber(c.IDNumber) {
			t.Errorf("%v: invalid check character", c)
		}
		if len(c.Photo) != idcard.PhotoLen {
			t.Errorf("%v: photo %d bytes", c, len(c.Photo))
		}
		dot = dot || strings.Contains(c.Name, "·")
		rare = rare || strings.Contains(c.Name, "䶮")
		longTerm = longTerm || c.ValidTo == idcard.LongTerm
		hmt = hmt || c.Type == idcard.HMTResidence
		foreign = foreign || c.Type == idcard.ForeignPermanent
		appended = appended || c.AppendedAddress != ""
	}
	if !(dot && rare && longTerm && hmt && foreign && appended) {
		t.Fatalf("samples miss a case: dot %v rare %v 长期 %v J %v I %v appended %v", dot, rare, longTerm, hmt, foreign, appended)
	}
	// Fresh copies: wiping one leaves the next call intact.
	cards[0].Wipe()
	if SampleCards()[0].Name == "" {
		t.Fatal("SampleCards shares cards between calls")
	}
	if y := Sample2023Text(); idcard.LayoutFlag(y[:]) != 'Y' {
		t.Fatal("Sample2023Text is not flagged Y")
	}
}

func start(t *testing.T, opts Options) (*Sim, *idcard.Conn, serialport.Port) {
	t.Helper()
	link := filepath.Join(t.TempDir(), "ttySIM")
	sim, err := Start(context.Background(), link, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	port, err := serialport.Open(link, 115200, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { port.Close() })
	return sim, idcard.NewConn(port, 115200), port
}

func TestProtocolStates(t *testing.T) {
	ctx := context.Background()
	sim, c, _ := start(t, Options{})
	if err := c.SAMStatus(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.ResetSAM(ctx); err != nil {
		t.Fatal(err)
	}
	if id, err := c.SAMID(ctx); err != nil || id == "" {
		t.Fatal(id, err)
	}
	if err := c.FindCard(ctx); !errors.Is(err, idcard.ErrNoCard) {
		t.Fatalf("find without card: %v", err)
	}
	card := SampleCards()[2]
	if err := sim.Place(card); err != nil {
		t.Fatal(err)
	}
	if err := c.SelectCard(ctx); !errors.Is(err, idcard.ErrSelectFailed) {
		t.Fatalf("select before find: %v", err)
	}
	if _, err := c.ReadCard(ctx, false); !errors.Is(err, idcard.ErrReadFailed) {
		t.Fatalf("read before select: %v", err)
	}
	if err := c.FindCard(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.SelectCard(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := c.ReadCard(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != card.Name {
		t.Fatalf("read %v", got)
	}
	// The card was read: find card fails while it stays, 30 03 answers.
	if err := c.FindCard(ctx); !errors.Is(err, idcard.ErrNoCard) {
		t.Fatalf("find after read: %v", err)
	}
	if addr, err := c.ReadAppendedAddress(ctx); err != nil || addr != card.AppendedAddress {
		t.Fatalf("appended address %q, %v", addr, err)
	}
	sim.Remove()
	if _, err := c.ReadAppendedAddress(ctx); !errors.Is(err, idcard.ErrReadFailed) {
		t.Fatalf("appended address without card: %v", err)
	}
	if _, err := c.Do(ctx, idcard.Command{Cmd: 0x61, Para: 0xFF}, nil); !errors.Is(err, idcard.ErrCommand) {
		t.Fatalf("unknown command: %v", err)
	}
	if st := sim.Stats(); st.Requests < 10 || st.BytesIn == 0 || st.BytesOut == 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestBadRequestChecksum(t *testing.T) {
	_, _, port := start(t, Options{})
	req := idcard.AppendRequest(nil, idcard.CmdFindCard, nil)
	req[len(req)-1] ^= 0xFF
	if _, err := port.Write(req); err != nil {
		t.Fatal(err)
	}
	var d idcard.Decoder
	buf := make([]byte, 64)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		n, err := port.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		d.Write(buf[:n])
		if f, ok, _ := d.Next(); ok {
			resp, _ := f.Response()
			if err := resp.Err(idcard.CmdFindCard); !errors.Is(err, idcard.ErrChecksum) {
				t.Fatalf("reply %v, want the module's checksum error", err)
			}
			return
		}
	}
	t.Fatal("no reply")
}

func TestPacedLineIsNeverFaster(t *testing.T) {
	ctx := context.Background()
	sim, c, _ := start(t, Options{Baud: 9600})
	sim.ResetStats()
	begin := time.Now()
	if err := c.SAMStatus(ctx); err != nil {
		t.Fatal(err)
	}
	took := time.Since(begin)
	line := sim.Stats().LineTime(9600)
	if took < line {
		t.Fatalf("exchange took %v, less than its line time %v", took, line)
	}
	t.Logf("%v for %v of line time", took, line)
}

func TestUnplugReplugClose(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	link := filepath.Join(t.TempDir(), "ttySIM")
	sim, err := Start(ctx, link, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if sim.Path() != link {
		t.Fatal(sim.Path())
	}
	if err := sim.Unplug(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Fatalf("link after unplug: %v", err)
	}
	if err := sim.Unplug(); err != nil {
		t.Fatal("second unplug:", err)
	}
	if err := sim.Replug(); err != nil {
		t.Fatal(err)
	}
	if err := sim.Replug(); err != nil {
		t.Fatal("second replug:", err)
	}
	port, err := serialport.Open(link, 115200, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := idcard.NewConn(port, 115200).SAMStatus(ctx); err != nil {
		t.Fatal(err)
	}
	port.Close()

	cancel() // the context ends the simulator
	select {
	case <-sim.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("simulator still running after cancel")
	}
	if _, err := os.Lstat(link); !os.IsNotExist(err) {
		t.Fatalf("link after cancel: %v", err)
	}
	if err := sim.Close(); err != nil {
		t.Fatal(err)
	}
	if err := sim.Replug(); err == nil {
		t.Fatal("replug after close succeeded")
	}
}
