// Package serialport is the serial plumbing shared by the kiosk's serial
// devices (ID-card reader, receipt printer).
//
// Open sets the line up with github.com/tarm/serial and moves the bytes
// through a second, non-blocking descriptor of the same device, whose reads
// wait in Go's netpoller with a deadline as their timeout (tarm's own reads
// block a thread in read(2), which keeps Go's sysmon thread waking hundreds
// of times a second on an idle kiosk). It smooths tarm's Linux quirks (see
// shared/research/platform-notes.md): a read that times out returns (0, nil)
// instead of (0, io.EOF), and a vanished device path is reported as ErrGone
// so drivers can tell "no data yet" from "unplugged". Close interrupts a
// waiting read; drivers still loop on bounded reads and check their context
// between them.
//
// Open takes the port's UUCP lock (/run/lock/LCK..ttyUSB0, HDB format,
// symlinks resolved) and Close gives it back, so `hallkiosk doctor` never
// reads frames off a port a running kiosk owns, and two kiosks never share
// one; a stale lock (its process gone) is taken over.
//
// PTY opens a pseudo-terminal pair for the simulators: the simulator serves
// the master side, the driver opens the slave path like a real tty. A stable
// symlink lets a simulator "unplug" and "replug" a device under one name.
package serialport
