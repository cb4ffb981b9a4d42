// Package camera is the kiosk's face camera and document camera (高拍仪)
// behind one small interface, Camera (Snapshot, Status), with Previewer
// for a live preview.
//
// # The V4L2 driver
//
// Dev drives a UVC camera through V4L2 with github.com/blackjack/webcam
// (pure Go ioctls, no cgo). One goroutine owns the device: it opens it when
// a snapshot or a preview is asked for and closes it after Opts.Idle, so the
// camera and its light are off between citizens. It prefers MJPEG at the
// configured size, else YUYV, else the nearest size offered (chooseFormat).
// A camera is named by path (/dev/video0, a /dev/v4l/by-id link) or by the
// name its driver reports (udev's ATTR{name}); the name is resolved at
// every open, so a camera that comes back as another videoN is found.
//
// Unplugging makes a wait or a read fail; the driver closes the device,
// reports no_device, answers snapshots with ErrNoCamera and looks at the
// node every Opts.Poll: when it is back, the next request opens it again.
// No restart is needed. A device node is opened with an exclusive flock
// (LOCK_EX|LOCK_NB), so two kiosk processes (or `hallkiosk camera snap`
// while the kiosk runs) never stream from one camera at once: the second
// gets ErrBusy and the status busy.
//
// # Frames
//
// UVC cameras send MJPEG frames without Huffman tables (DHT); the UVC
// MJPEG payload format leaves them out and expects the "typical" tables of
// ITU-T T.81 Annex K.3. FixMJPEG inserts them before the first scan.
// YUYV (V4L2_PIX_FMT_YUYV, 4:2:2, BT.601 limited range) is converted by
// YUYVToRGBA. Truncated or corrupt frames (a lost USB packet) are
// ErrBadFrame and dropped; both decoders are fuzzed.
//
// References: the V4L2 API (linux/videodev2.h, "Video Capture Interface",
// "Streaming I/O (Memory Mapping)"), USB Video Class 1.5 "Payload: Motion
// JPEG", ITU-T T.81 (JPEG) Annex B (marker segments) and K.3 (tables).
//
// # Fake
//
// No camera can run on the build machines (no v4l2loopback), so tests and
// `hallkiosk demo` use Fake, which draws real JPEG frames (a head and
// shoulders, or a page of text for a document camera) and can be told to
// fail like an unplugged device. The driver's own logic (format choice,
// timeouts, unplug and reopen) is tested against a fake ioctl layer behind
// the same stream interface as the real device.
package camera
