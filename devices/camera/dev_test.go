package camera

import (
	"bytes"
	"context"
	"errors"
	"image/jpeg"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"hallkiosk/devices"
)

// fakeIoctl is a fake V4L2 ioctl layer: a device node (a real file, so
// unplug is the node vanishing as with udev) with formats, sizes and a
// frame source the test controls.
type fakeIoctl struct {
	t    testing.TB
	node string

	mu       sync.Mutex
	formats  map[uint32][]Size
	frames   chan []byte
	opens    int
	open     *fakeStream
	set      [3]int // format, w, h of the last SetFormat
	gone     bool
	deny     error // open fails with it
	startErr error
}

func newFakeIoctl(t testing.TB) *fakeIoctl {
	node := filepath.Join(t.TempDir(), "video0")
	if err := os.WriteFile(node, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return &fakeIoctl{t: t, node: node, frames: make(chan []byte, 64),
		formats: map[uint32][]Size{
			FormatMJPEG: {{MinW: 640, MaxW: 640, MinH: 480, MaxH: 480}, {MinW: 1280, MaxW: 1280, MinH: 720, MaxH: 720}},
			FormatYUYV:  {{MinW: 640, MaxW: 640, MinH: 480, MaxH: 480}},
		}}
}

func (f *fakeIoctl) opener(path string) (stream, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if path != f.node {
		f.t.Errorf("opened %q, want %q", path, f.node)
	}
	if f.gone {
		return nil, syscall.ENOENT
	}
	if f.deny != nil {
		return nil, f.deny
	}
	if f.open != nil {
		f.t.Error("device opened twice at once")
	}
	f.opens++
	s := &fakeStream{f: f}
	f.open = s
	return s, nil
}

// unplug removes the node and makes the open stream fail as the kernel
// does (ENODEV); replug brings the node back.
func (f *fakeIoctl) unplug() {
	f.mu.Lock()
	f.gone = true
	f.mu.Unlock()
	os.Remove(f.node)
}

func (f *fakeIoctl) replug() {
	if err := os.WriteFile(f.node, nil, 0o600); err != nil {
		f.t.Fatal(err)
	}
	f.mu.Lock()
	f.gone = false
	f.mu.Unlock()
}

func (f *fakeIoctl) isOpen() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.open != nil
}

func (f *fakeIoctl) opened() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.opens
}

// feed keeps the frame channel topped up with frame until ctx ends.
func (f *fakeIoctl) feed(ctx context.Context, frame []byte) {
	go func() {
		for {
			select {
			case f.frames <- frame:
			case <-ctx.Done():
				return
			}
		}
	}()
}

type fakeStream struct {
	f       *fakeIoctl
	started bool
	next    []byte
}

func (s *fakeStream) Name() string { return "Fake UVC Camera" }

func (s *fakeStream) Formats() map[uint32]string {
	out := map[uint32]string{}
	for k := range s.f.formats {
		out[k] = FourCC(k)
	}
	return out
}

func (s *fakeStream) Sizes(format uint32) []Size { return s.f.formats[format] }

func (s *fakeStream) SetFormat(format uint32, w, h int) (uint32, int, int, error) {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.f.set = [3]int{int(format), w, h}
	return format, w, h, nil
}

func (s *fakeStream) Start() error {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	s.started = true
	return s.f.startErr
}

func (s *fakeStream) Wait(d time.Duration) error {
	s.f.mu.Lock()
	gone := s.f.gone
	s.f.mu.Unlock()
	if gone {
		return syscall.ENODEV
	}
	select {
	case b := <-s.f.frames:
		s.next = b
		return nil
	case <-time.After(d):
		return errFrameWait
	}
}

func (s *fakeStream) Frame() ([]byte, error) {
	if !s.started || s.next == nil {
		s.f.t.Error("frame read without a wait or a start")
		return nil, syscall.EINVAL
	}
	b := s.next
	s.next = nil
	return append([]byte(nil), b...), nil
}

func (s *fakeStream) Close() error {
	s.f.mu.Lock()
	defer s.f.mu.Unlock()
	if s.f.open != s {
		s.f.t.Error("closed a stream that is not open")
	}
	s.f.open = nil
	return nil
}

func testOpts(f *fakeIoctl) *Opts {
	return &Opts{FrameTimeout: 300 * time.Millisecond, Idle: 200 * time.Millisecond, Retry: 20 * time.Millisecond,
		Poll: 20 * time.Millisecond, Warmup: 1, open: f.opener}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func snap(t *testing.T, d *Dev) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return d.Snapshot(ctx)
}

func TestChooseFormat(t *testing.T) {
	mj := Size{MinW: 1280, MaxW: 1280, MinH: 720, MaxH: 720}
	vga := Size{MinW: 640, MaxW: 640, MinH: 480, MaxH: 480}
	step := Size{MinW: 160, MaxW: 1920, StepW: 16, MinH: 120, MaxH: 1080, StepH: 8}
	cases := []struct {
		name    string
		formats map[uint32][]Size
		w, h    int
		want    [3]int
		err     bool
	}{
		{"MJPEG at the size", map[uint32][]Size{FormatMJPEG: {vga}, FormatYUYV: {vga}}, 640, 480, [3]int{int(FormatMJPEG), 640, 480}, false},
		{"YUYV has the size, MJPEG not", map[uint32][]Size{FormatMJPEG: {mj}, FormatYUYV: {vga}}, 640, 480, [3]int{int(FormatYUYV), 640, 480}, false},
		{"nearest size", map[uint32][]Size{FormatMJPEG: {mj}}, 640, 480, [3]int{int(FormatMJPEG), 1280, 720}, false},
		{"stepwise range", map[uint32][]Size{FormatYUYV: {step}}, 1000, 700, [3]int{int(FormatYUYV), 992, 696}, false},
		{"neither format", map[uint32][]Size{'R' | 'G'<<8 | 'B'<<16 | '3'<<24: {vga}}, 640, 480, [3]int{}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fi := &fakeIoctl{t: t, formats: c.formats}
			f, w, h, err := chooseFormat(&fakeStream{f: fi}, c.w, c.h)
			if (err != nil) != c.err {
				t.Fatalf("err = %v", err)
			}
			if !c.err && [3]int{int(f), w, h} != c.want {
				t.Errorf("got %s %dx%d, want %s %dx%d", FourCC(f), w, h, FourCC(uint32(c.want[0])), c.want[1], c.want[2])
			}
		})
	}
}

func TestSnapshotMJPEGWithoutTables(t *testing.T) {
	fi := newFakeIoctl(t)
	d := New(fi.node, testOpts(fi))
	defer d.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fi.feed(ctx, stripTables(t, encodeJPEG(t, testPicture(640, 480))))
	shot, err := snap(t, d)
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(shot))
	if err != nil || img.Bounds().Dx() != 640 {
		t.Fatalf("snapshot is not a 640-wide JPEG: %v", err)
	}
	if fi.set != [3]int{int(FormatMJPEG), 640, 480} {
		t.Errorf("format set %v", fi.set)
	}
	if got := d.Format(); got != (Format{"MJPG", 640, 480}) {
		t.Errorf("Format() = %v", got)
	}
	if st := d.Status(); st.State != devices.Online {
		t.Errorf("status %v", st)
	}
	// Nobody asks: the device closes after Idle (the light goes off).
	waitFor(t, "the idle camera to close", func() bool { return !fi.isOpen() })
}

func TestSnapshotYUYV(t *testing.T) {
	fi := newFakeIoctl(t)
	delete(fi.formats, FormatMJPEG)
	d := New(fi.node, testOpts(fi))
	defer d.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fi.feed(ctx, yuyvOf(testPicture(640, 480)))
	shot, err := snap(t, d)
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	r, g, b, _ := img.At(600, 20).RGBA()
	if !near(uint8(r>>8), 40, 12) || !near(uint8(g>>8), 180, 12) || !near(uint8(b>>8), 60, 12) {
		t.Errorf("green corner is %d,%d,%d", r>>8, g>>8, b>>8)
	}
}

func TestBadFramesAreSkipped(t *testing.T) {
	fi := newFakeIoctl(t)
	o := testOpts(fi)
	o.Warmup = 0
	d := New(fi.node, o)
	defer d.Close()
	good := stripTables(t, encodeJPEG(t, testPicture(640, 480)))
	fi.frames <- good[:len(good)/3] // truncated
	fi.frames <- []byte("garbage")
	fi.frames <- good
	shot, err := snap(t, d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := jpeg.Decode(bytes.NewReader(shot)); err != nil {
		t.Fatalf("snapshot after bad frames: %v", err)
	}
}

func TestFrameTimeout(t *testing.T) {
	fi := newFakeIoctl(t)
	d := New(fi.node, testOpts(fi))
	defer d.Close()
	// No frames at all.
	for i := 0; i < 3; i++ {
		if _, err := snap(t, d); !errors.Is(err, ErrFrameTimeout) {
			t.Fatalf("try %d: %v, want ErrFrameTimeout", i, err)
		}
	}
	// Three timeouts in a row: the device is closed and opened afresh.
	waitFor(t, "hardware_error", func() bool { return d.Status().State == devices.HardwareError })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fi.feed(ctx, encodeJPEG(t, testPicture(640, 480)))
	if _, err := snap(t, d); err != nil {
		t.Fatal(err)
	}
	if fi.opened() < 3 { // the probe, the first stream, the reopened one
		t.Errorf("opened %d times", fi.opened())
	}
}

func TestUnplugAndReplug(t *testing.T) {
	fi := newFakeIoctl(t)
	d := New(fi.node, testOpts(fi))
	defer d.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fi.feed(ctx, encodeJPEG(t, testPicture(640, 480)))
	frames, err := d.Preview(ctx, 30)
	if err != nil {
		t.Fatal(err)
	}
	<-frames
	fi.unplug()
	waitFor(t, "no_device", func() bool { return d.Status().State == devices.NoDevice })
	if _, err := snap(t, d); !errors.Is(err, ErrNoCamera) {
		t.Fatalf("snapshot while unplugged: %v", err)
	}
	fi.replug()
	// The preview resumes by itself, without a restart.
	for {
		select {
		case img, ok := <-frames:
			if !ok {
				t.Fatal("preview closed by the unplug")
			}
			if img == nil {
				t.Fatal("nil frame")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no frame after the replug")
		}
		if d.Status().State == devices.Online {
			break
		}
	}
	if _, err := snap(t, d); err != nil {
		t.Fatalf("snapshot after replug: %v", err)
	}
}

func TestNoDeviceAtStartThenPlugged(t *testing.T) {
	fi := newFakeIoctl(t)
	fi.unplug()
	d := New(fi.node, testOpts(fi))
	defer d.Close()
	waitFor(t, "no_device", func() bool { return d.Status().State == devices.NoDevice })
	start := time.Now()
	if _, err := snap(t, d); !errors.Is(err, ErrNoCamera) {
		t.Fatalf("snapshot: %v", err)
	}
	if time.Since(start) > time.Second {
		t.Error("a missing camera kept the snapshot waiting")
	}
	fi.replug()
	waitFor(t, "online after plugging in", func() bool { return d.Status().State == devices.Online })
}

func TestBusyDevice(t *testing.T) {
	fi := newFakeIoctl(t)
	fi.deny = ErrBusy
	d := New(fi.node, testOpts(fi))
	defer d.Close()
	if _, err := snap(t, d); !errors.Is(err, ErrBusy) {
		t.Fatalf("snapshot: %v", err)
	}
	if st := d.Status(); st.State != devices.Busy {
		t.Errorf("status %v", st)
	}
}

func TestStartFailure(t *testing.T) {
	fi := newFakeIoctl(t)
	fi.startErr = syscall.EIO
	d := New(fi.node, testOpts(fi))
	defer d.Close()
	if _, err := snap(t, d); !errors.Is(err, ErrNoCamera) {
		t.Fatalf("snapshot: %v", err)
	}
	if st := d.Status(); st.State != devices.HardwareError {
		t.Errorf("status %v", st)
	}
	if fi.isOpen() {
		t.Error("a stream that failed to start stays open")
	}
}

func TestPreviewRateBoundAndClose(t *testing.T) {
	fi := newFakeIoctl(t)
	d := New(fi.node, testOpts(fi))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fi.feed(ctx, encodeJPEG(t, testPicture(64, 48))) // as fast as it can
	pctx, pcancel := context.WithCancel(ctx)
	frames, err := d.Preview(pctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	stop := time.After(time.Second)
loop:
	for {
		select {
		case <-frames:
			n++
		case <-stop:
			break loop
		}
	}
	if n == 0 || n > 12 {
		t.Errorf("%d frames in a second at 10 fps", n)
	}
	pcancel()
	waitFor(t, "the preview channel to close", func() bool {
		select {
		case _, ok := <-frames:
			return !ok
		default:
			return false
		}
	})
	start := time.Now()
	d.Close()
	d.Close()
	if time.Since(start) > time.Second {
		t.Errorf("Close took %v", time.Since(start))
	}
	if fi.isOpen() {
		t.Error("device open after Close")
	}
	if _, err := d.Snapshot(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("snapshot after close: %v", err)
	}
}

func TestLockIsExclusive(t *testing.T) {
	node := filepath.Join(t.TempDir(), "video9")
	os.WriteFile(node, nil, 0o600)
	a, err := lockDevice(node)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockDevice(node); !errors.Is(err, ErrBusy) {
		t.Fatalf("second lock: %v, want ErrBusy", err)
	}
	a.Close()
	b, err := lockDevice(node)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	b.Close()
}

func TestResolve(t *testing.T) {
	sys := t.TempDir()
	mk := func(dev, name, index string) {
		os.MkdirAll(filepath.Join(sys, dev), 0o755)
		os.WriteFile(filepath.Join(sys, dev, "name"), []byte(name+"\n"), 0o644)
		os.WriteFile(filepath.Join(sys, dev, "index"), []byte(index+"\n"), 0o644)
	}
	mk("video0", "HD USB Camera", "0")
	mk("video1", "HD USB Camera", "1") // the metadata node
	mk("video2", "Document Camera", "0")
	cases := map[string]string{
		"/dev/video5":                 "/dev/video5",
		"/dev/v4l/by-id/usb-x-index0": "/dev/v4l/by-id/usb-x-index0",
		"HD USB Camera":               "/dev/video0",
		"Document Camera":             "/dev/video2",
	}
	for spec, want := range cases {
		if got, err := Resolve(spec, sys); err != nil || got != want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", spec, got, err, want)
		}
	}
	for _, spec := range []string{"", "No Such Camera"} {
		if _, err := Resolve(spec, sys); !errors.Is(err, ErrNoCamera) {
			t.Errorf("Resolve(%q) = %v, want ErrNoCamera", spec, err)
		}
	}
}
