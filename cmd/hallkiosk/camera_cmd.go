package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"hallkiosk/app/config"
	"hallkiosk/devices/camera"
)

const cameraUsage = `usage: hallkiosk camera list
       hallkiosk camera snap --device D [--size WxH] [--timeout 10s] --out F.jpg`

// cmdCamera runs `hallkiosk camera list` (every /dev/video* with its
// name, stable links, formats and sizes, as JSON) and `hallkiosk camera
// snap` (one JPEG from a camera, through the same driver the kiosk uses).
// Exit 0 ok, 1 a device error, 2 bad usage, 3 no camera there or no frame
// in time.
func cmdCamera(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, cameraUsage)
		return exitUsage
	}
	switch args[0] {
	case "list":
		return cameraList(e, args[1:])
	case "snap":
		return cameraSnap(ctx, e, args[1:])
	}
	fmt.Fprintf(e.stderr, "hallkiosk: camera: unknown subcommand %q\n%s\n", args[0], cameraUsage)
	return exitUsage
}

func cameraList(e *env, args []string) int {
	fs := e.flags("camera list")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "hallkiosk: camera list: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	infos, err := camera.List()
	if err != nil {
		return e.fail("%v", err)
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(infos); err != nil {
		return e.fail("camera: write: %v", err)
	}
	return exitOK
}

func cameraSnap(ctx context.Context, e *env, args []string) int {
	fs := e.flags("camera snap")
	device := fs.String("device", "", "camera: a path (/dev/video0, /dev/v4l/by-id/…) or its name (required)")
	size := fs.String("size", "640x480", "preferred frame size WxH")
	out := fs.String("out", "", "JPEG file to write (required)")
	timeout := fs.Duration("timeout", 10*time.Second, "how long to wait for a frame")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	w, h, err := config.ParseSize(*size)
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(e.stderr, "hallkiosk: camera snap: unexpected argument %q\n%s\n", fs.Arg(0), cameraUsage)
		return exitUsage
	case *device == "" || *out == "":
		fmt.Fprintf(e.stderr, "hallkiosk: camera snap: --device and --out are required\n%s\n", cameraUsage)
		return exitUsage
	case err != nil:
		fmt.Fprintf(e.stderr, "hallkiosk: camera snap: --size: %v\n", err)
		return exitUsage
	case *timeout <= 0:
		fmt.Fprintln(e.stderr, "hallkiosk: camera snap: --timeout must be positive")
		return exitUsage
	}
	jpg, format, err := snapOnce(ctx, *device, w, h, *timeout)
	switch {
	case errors.Is(err, camera.ErrNoCamera), errors.Is(err, camera.ErrFrameTimeout), errors.Is(err, context.DeadlineExceeded):
		fmt.Fprintf(e.stderr, "hallkiosk: %v\n", err)
		return exitNothing
	case err != nil:
		return e.fail("%v", err)
	}
	if err := writeFileAtomic(*out, jpg); err != nil {
		return e.fail("camera: %v", err)
	}
	fmt.Fprintf(e.stdout, "%s: %s %dx%d, %d bytes\n", *out, format.FourCC, format.Width, format.Height, len(jpg))
	return exitOK
}

// snapOnce opens the camera, takes one frame and closes it.
func snapOnce(ctx context.Context, device string, w, h int, timeout time.Duration) ([]byte, camera.Format, error) {
	d := camera.New(device, &camera.Opts{Width: w, Height: h, FrameTimeout: timeout})
	defer d.Close()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	jpg, err := d.Snapshot(ctx)
	return jpg, d.Format(), err
}

// writeFileAtomic writes b to path through a temporary file in the same
// directory, so a reader never sees half a picture.
func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".snap-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
