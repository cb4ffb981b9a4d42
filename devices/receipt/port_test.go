package receipt

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"hallkiosk/devices/serialport"
)

func TestDialAutoFallsBackToFile(t *testing.T) {
	// A character device that is not a tty (like usblp) behind a name
	// that does not say lp: the serial open fails with ENOTTY and the
	// file transport takes over.
	link := filepath.Join(t.TempDir(), "hallkiosk-receipt")
	if err := os.Symlink("/dev/null", link); err != nil {
		t.Fatal(err)
	}
	p, err := dial(link, Opts{Baud: 9600})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer p.Close()
	if _, ok := p.(*filePort); !ok {
		t.Errorf("port is %T, want *filePort", p)
	}
	if !lpName.MatchString("/dev/usb/lp0") || lpName.MatchString("/dev/ttyUSB0") || lpName.MatchString("/dev/help0") {
		t.Error("lpName")
	}
}

// TestIdleReadEndsOnCloseAndUnplug: a read waiting for a silent printer
// ends at once when the port is closed or the device goes, on both
// transports, long before its idleReadWait: the reader waits in Go's
// netpoller, which lets an idle printer wake the kiosk only every 10 s.
func TestIdleReadEndsOnCloseAndUnplug(t *testing.T) {
	for _, tr := range []Transport{TransportSerial, TransportFile} {
		for _, end := range []string{"close", "unplug"} {
			pt, err := serialport.NewPTY(filepath.Join(t.TempDir(), "ttyRCPT"))
			if err != nil {
				t.Fatal(err)
			}
			p, err := dial(pt.Path, Opts{Baud: 115200, Transport: tr})
			if err != nil {
				pt.Close()
				t.Fatal(err)
			}
			done := make(chan error, 1)
			start := time.Now()
			go func() {
				var b [8]byte
				_, err := p.Read(b[:])
				done <- err
			}()
			time.Sleep(50 * time.Millisecond)
			select {
			case err := <-done:
				t.Fatalf("transport %d: a read of a silent printer returned at once (%v)", tr, err)
			default: // it waits, as it should
			}
			if end == "close" {
				p.Close()
			} else {
				pt.Unplug()
			}
			select {
			case err := <-done:
				if err == nil {
					t.Errorf("transport %d, %s: read returned no error", tr, end)
				}
			case <-time.After(idleReadWait / 2):
				t.Errorf("transport %d, %s: the read still waits after %v", tr, end, time.Since(start))
			}
			p.Close()
			pt.Close()
		}
	}
}
