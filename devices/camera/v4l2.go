package camera

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/blackjack/webcam"
	"golang.org/x/sys/unix"
)

// Pixel formats the driver reads (V4L2 fourcc codes, linux/videodev2.h).
const (
	FormatMJPEG uint32 = 'M' | 'J'<<8 | 'P'<<16 | 'G'<<24
	FormatYUYV  uint32 = 'Y' | 'U'<<8 | 'Y'<<16 | 'V'<<24
)

// FourCC spells a pixel format code ("MJPG").
func FourCC(f uint32) string {
	b := []byte{byte(f), byte(f >> 8), byte(f >> 16), byte(f >> 24)}
	for i, c := range b {
		if c < 0x20 || c > 0x7e {
			b[i] = '?'
		}
	}
	return string(b)
}

// Size is a frame size a camera offers for a format: a discrete size has
// Min == Max and no step; a stepwise one is a range.
type Size struct {
	MinW, MaxW, StepW int
	MinH, MaxH, StepH int
}

// Discrete reports whether s is one fixed size.
func (s Size) Discrete() bool { return s.MinW == s.MaxW && s.MinH == s.MaxH }

// Has reports whether s offers exactly w x h.
func (s Size) Has(w, h int) bool {
	in := func(v, lo, hi, step int) bool {
		if v < lo || v > hi {
			return false
		}
		return step <= 0 || (v-lo)%step == 0
	}
	return in(w, s.MinW, s.MaxW, s.StepW) && in(h, s.MinH, s.MaxH, s.StepH)
}

// String is "640x480", or "160-1920x120-1080" for a range.
func (s Size) String() string {
	if s.Discrete() {
		return fmt.Sprintf("%dx%d", s.MinW, s.MinH)
	}
	return fmt.Sprintf("%d-%dx%d-%d", s.MinW, s.MaxW, s.MinH, s.MaxH)
}

// stream is what the driver needs of one open V4L2 device. v4l2Stream (on
// blackjack/webcam's ioctls) has it; tests put a fake ioctl layer behind
// it.
type stream interface {
	Name() string
	Formats() map[uint32]string
	Sizes(format uint32) []Size
	// SetFormat asks for a format and size and returns what the device
	// took.
	SetFormat(format uint32, w, h int) (uint32, int, int, error)
	Start() error
	// Wait waits up to d for a frame: errFrameWait on timeout.
	Wait(d time.Duration) error
	// Frame returns a copy of the next frame.
	Frame() ([]byte, error)
	Close() error
}

// opener opens the device at path (resolved, e.g. /dev/video0).
type opener func(path string) (stream, error)

// errFrameWait is a wait for a frame that timed out.
var errFrameWait = errors.New("camera: no frame within the wait")

// ErrBusy reports a camera another program (or another part of this one)
// holds open.
var ErrBusy = errors.New("camera: in use by another program")

// v4l2Stream is a V4L2 device opened with blackjack/webcam, locked with
// flock so that no two processes stream from it at once.
type v4l2Stream struct {
	cam  *webcam.Webcam
	lock *os.File
	name string
}

// openV4L2 opens path exclusively (flock LOCK_EX|LOCK_NB on the device
// node: a second opener gets ErrBusy) and checks it is a capture device.
func openV4L2(path string) (stream, error) {
	lock, err := lockDevice(path)
	if err != nil {
		return nil, err
	}
	cam, err := webcam.Open(path)
	if err != nil {
		lock.Close()
		if errors.Is(err, syscall.EBUSY) {
			return nil, fmt.Errorf("%w: %v", ErrBusy, err)
		}
		return nil, fmt.Errorf("camera: open %s: %w", path, err)
	}
	name, _ := cam.GetName()
	return &v4l2Stream{cam: cam, lock: lock, name: strings.TrimSpace(name)}, nil
}

// lockDevice takes an exclusive, non-blocking flock on path. The lock
// lives as long as the returned file is open (and dies with the process).
func lockDevice(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("camera: open %s: %w", path, err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, fmt.Errorf("%w: %s", ErrBusy, path)
		}
		return nil, fmt.Errorf("camera: lock %s: %w", path, err)
	}
	return f, nil
}

func (s *v4l2Stream) Name() string { return s.name }

func (s *v4l2Stream) Formats() map[uint32]string {
	out := map[uint32]string{}
	for f, d := range s.cam.GetSupportedFormats() {
		out[uint32(f)] = d
	}
	return out
}

func (s *v4l2Stream) Sizes(format uint32) []Size {
	var out []Size
	for _, fs := range s.cam.GetSupportedFrameSizes(webcam.PixelFormat(format)) {
		out = append(out, Size{int(fs.MinWidth), int(fs.MaxWidth), int(fs.StepWidth),
			int(fs.MinHeight), int(fs.MaxHeight), int(fs.StepHeight)})
	}
	return out
}

func (s *v4l2Stream) SetFormat(format uint32, w, h int) (uint32, int, int, error) {
	f, gw, gh, err := s.cam.SetImageFormat(webcam.PixelFormat(format), uint32(w), uint32(h))
	return uint32(f), int(gw), int(gh), err
}

func (s *v4l2Stream) Start() error {
	if err := s.cam.SetBufferCount(4); err != nil {
		return err
	}
	return s.cam.StartStreaming()
}

func (s *v4l2Stream) Wait(d time.Duration) error {
	ms := d.Milliseconds()
	if ms < 1 {
		ms = 1
	}
	err := s.cam.WaitForFrame(uint32(ms))
	var to *webcam.Timeout
	if errors.As(err, &to) {
		return errFrameWait
	}
	return err
}

func (s *v4l2Stream) Frame() ([]byte, error) {
	b, idx, err := s.cam.GetFrame()
	if err != nil {
		return nil, err
	}
	out := append([]byte(nil), b...)
	if err := s.cam.ReleaseFrame(idx); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *v4l2Stream) Close() error {
	err := s.cam.Close()
	s.lock.Close()
	return err
}

// SysfsRoot is where Linux lists video devices (their names in
// SysfsRoot/videoN/name).
const SysfsRoot = "/sys/class/video4linux"

// Resolve turns a camera spec from the config into a device path: a spec
// with a slash is a path (/dev/video0, or a stable /dev/v4l/by-id/… link);
// otherwise it is the name the driver gives the device (udev's
// ATTR{name}, e.g. "HD USB Camera"), matched in sysroot and taking the
// capture node (index 0) when a camera has several. Resolving happens at
// every open, so a camera that comes back as another videoN is found.
func Resolve(spec, sysroot string) (string, error) {
	if spec == "" {
		return "", fmt.Errorf("%w: no device configured", ErrNoCamera)
	}
	if strings.Contains(spec, "/") {
		return spec, nil
	}
	entries, err := os.ReadDir(sysroot)
	if err != nil {
		return "", fmt.Errorf("%w: list %s: %v", ErrNoCamera, sysroot, err)
	}
	var found []string
	for _, e := range entries {
		name, err := os.ReadFile(filepath.Join(sysroot, e.Name(), "name"))
		if err != nil || strings.TrimSpace(string(name)) != spec {
			continue
		}
		if idx, err := os.ReadFile(filepath.Join(sysroot, e.Name(), "index")); err == nil && strings.TrimSpace(string(idx)) != "0" {
			continue
		}
		found = append(found, "/dev/"+e.Name())
	}
	if len(found) == 0 {
		return "", fmt.Errorf("%w: no camera named %q", ErrNoCamera, spec)
	}
	sort.Strings(found)
	return found[0], nil
}

// chooseFormat picks the pixel format and size: MJPEG at w x h, else YUYV
// at w x h, else the format offering the size nearest to w x h (MJPEG
// first on a tie). A device with neither format is refused.
func chooseFormat(s stream, w, h int) (uint32, int, int, error) {
	formats := s.Formats()
	order := []uint32{}
	for _, f := range []uint32{FormatMJPEG, FormatYUYV} {
		if _, ok := formats[f]; ok {
			order = append(order, f)
		}
	}
	if len(order) == 0 {
		var have []string
		for f := range formats {
			have = append(have, FourCC(f))
		}
		sort.Strings(have)
		return 0, 0, 0, fmt.Errorf("camera: neither MJPEG nor YUYV offered (has %s)", strings.Join(have, ","))
	}
	for _, f := range order {
		for _, sz := range s.Sizes(f) {
			if sz.Has(w, h) {
				return f, w, h, nil
			}
		}
	}
	best, bw, bh, bestD := order[0], w, h, -1
	for _, f := range order {
		for _, sz := range s.Sizes(f) {
			cw, ch := nearest(sz, w, h)
			d := abs(cw*ch - w*h)
			if bestD < 0 || d < bestD {
				best, bw, bh, bestD = f, cw, ch, d
			}
		}
	}
	return best, bw, bh, nil
}

// nearest is the size in sz closest to w x h.
func nearest(sz Size, w, h int) (int, int) {
	if sz.Discrete() {
		return sz.MinW, sz.MinH
	}
	clampStep := func(v, lo, hi, step int) int {
		v = max(lo, min(hi, v))
		if step > 0 {
			v = lo + (v-lo)/step*step
		}
		return v
	}
	return clampStep(w, sz.MinW, sz.MaxW, sz.StepW), clampStep(h, sz.MinH, sz.MaxH, sz.StepH)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
