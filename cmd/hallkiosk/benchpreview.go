package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"hallkiosk/app"
	"hallkiosk/app/kiosk"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard/idcardsim"
	"hallkiosk/screens"
)

// benchPreviewService is a service whose application checks the face.
const benchPreviewService = "GJJ-0301"

// benchPreviewCamera is the face camera of the preview benchmark: the real
// driver over a simulated UVC camera sending 640x480 MJPEG frames without
// Huffman tables at 15 fps (camera.NewSim), so each frame is restored,
// decoded and drawn as from a real camera.
func benchPreviewCamera() (*camera.Dev, error) { return camera.NewSim(640, 480, 15, nil) }

// benchPreview shows the face screen (consent, live preview under the
// oval guide) with a citizen's card read, lets it settle, then for d
// counts the camera frames put on screen and the CPU time of the whole
// process (user + system of every thread, from /proc/self/stat: the
// driver's decoding, Fyne, Mesa's software GL) as a share of one core.
func benchPreview(ctx context.Context, k *kiosk.Kiosk, ui *screens.UI, d time.Duration, out io.Writer) error {
	fmt.Fprintf(out, "face preview 640x480 MJPEG 15 fps (decode + draw), %d CPUs, over %s\n", runtime.NumCPU(), d)
	s := k.Session
	fyne.DoAndWait(func() {
		s.Start()
		s.Data().SetCard(idcardsim.SampleCards()[0])
		s.Open(app.Screen{ID: app.ScreenFace, Param: benchPreviewService})
	})
	if err := waitShown(ctx, ui, app.ScreenFace); err != nil {
		return err
	}
	// The camera opens, the first frames and their garbage pass.
	if err := sleepCtx(ctx, 5*time.Second); err != nil {
		return err
	}
	stopProfile, err := startBenchProfile("") // of the measured time
	if err != nil {
		return err
	}
	defer stopProfile()
	f0, s0, t0 := ui.PreviewFrames(), ui.PreviewSeen(), time.Now()
	c0, err := procCPU()
	if err != nil {
		return err
	}
	if err := sleepCtx(ctx, d); err != nil {
		return err
	}
	c1, err := procCPU()
	if err != nil {
		return err
	}
	f1, s1, wall := ui.PreviewFrames(), ui.PreviewSeen(), time.Since(t0).Seconds()
	fps := float64(f1-f0) / wall
	cpu := 100 * (c1 - c0).Seconds() / wall
	fmt.Fprintf(out, "preview_fps %.1f drawn, %.1f from the camera (target >= 15)\npreview_cpu %.1f%% of one core (target < 25%%)\n",
		fps, float64(s1-s0)/wall, cpu)
	fyne.DoAndWait(s.Finish)
	return nil
}

// procCPU is the process's CPU time so far, every thread's, from
// /proc/self/stat (utime + stime, in clock ticks of 1/100 s).
func procCPU() (time.Duration, error) {
	b, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0, fmt.Errorf("cpu time: %w", err)
	}
	// Fields after the command (which may hold spaces) in parentheses.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0, fmt.Errorf("cpu time: odd /proc/self/stat")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("cpu time: odd /proc/self/stat")
	}
	// f[0] is field 3 (state): utime is field 14, stime 15.
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("cpu time: odd /proc/self/stat")
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, nil
}
