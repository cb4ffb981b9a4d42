package serialport

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestPortOverPTY(t *testing.T) {
	link := filepath.Join(t.TempDir(), "ttySIM")
	p, err := NewPTY(link)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	port, err := Open(link, 115200, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer port.Close()

	// Nothing sent yet: a read times out with (0, nil).
	buf := make([]byte, 16)
	n, err := port.Read(buf)
	if n != 0 || err != nil {
		t.Fatalf("idle read = %d, %v; want 0, nil", n, err)
	}

	// Both directions carry raw bytes, including CR, LF and 0x03.
	want := []byte{0xAA, 0x0D, 0x0A, 0x03, 0x11, 0x13, 0xFF}
	if _, err := p.Master.Write(want); err != nil {
		t.Fatal(err)
	}
	var got []byte
	for len(got) < len(want) {
		n, err := port.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, buf[:n]...)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("driver got % X, want % X", got, want)
	}
	if _, err := port.Write(want); err != nil {
		t.Fatal(err)
	}
	back := make([]byte, len(want))
	if _, err := readFull(p, back); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back, want) {
		t.Fatalf("simulator got % X, want % X", back, want)
	}

	// Unplug: the next read reports ErrGone instead of blocking or EOF.
	if err := p.Unplug(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		_, err := port.Read(buf)
		if errors.Is(err, ErrGone) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("read after unplug: %v, want ErrGone", err)
		}
	}
	if err := port.Close(); err != nil {
		t.Logf("close after unplug: %v", err)
	}
	if err := port.Close(); err != nil {
		t.Logf("second close: %v", err)
	}
	if _, err := Open(link, 115200, 0); err == nil {
		t.Fatal("open after unplug succeeded")
	}
}

func readFull(p *PTY, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := p.Master.Read(b[n:])
		if err != nil {
			return n, err
		}
		n += m
	}
	return n, nil
}

func TestUnplugInterruptsABlockedSimulatorRead(t *testing.T) {
	p, err := NewPTY(filepath.Join(t.TempDir(), "ttySIM"))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := p.Master.Read(make([]byte, 8))
		done <- err
	}()
	p.Unplug()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("read after unplug returned no error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Unplug did not interrupt the simulator's read")
	}
}
