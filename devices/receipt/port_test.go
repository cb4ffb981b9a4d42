package receipt

import (
	"os"
	"path/filepath"
	"testing"
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
