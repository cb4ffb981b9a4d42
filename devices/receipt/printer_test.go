package receipt_test

import (
	"context"
	"errors"
	"image"
	"image/color"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/devices"
	"hallkiosk/devices/receipt"
	"hallkiosk/devices/receipt/receiptsim"
)

// rig is a simulated printer and the driver on it.
type rig struct {
	sim *receiptsim.Sim
	p   *receipt.Printer
	ctx context.Context
}

func newRig(t *testing.T, o receipt.Opts) *rig {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	if o.Width == 0 {
		o.Width = receipt.W80
	}
	sim, err := receiptsim.Start(ctx, filepath.Join(t.TempDir(), "ttyRCPT"), receiptsim.Options{Width: o.Width})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	if o.PollInterval == 0 {
		o.PollInterval = 50 * time.Millisecond
	}
	if o.RestInterval == 0 {
		o.RestInterval = o.PollInterval
	}
	if o.StatusTimeout == 0 {
		o.StatusTimeout = 300 * time.Millisecond
	}
	p, err := receipt.Open(ctx, sim.Port(), o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return &rig{sim: sim, p: p, ctx: ctx}
}

func smallDoc(w receipt.Width) *receipt.Doc {
	return receipt.NewDoc(w).Init().Line("测试 test").Cut(receipt.PartialCut)
}

// bigDoc is a long raster: many pieces with status checks between them.
func bigDoc(w receipt.Width, rows int) *receipt.Doc {
	img := image.NewGray(image.Rect(0, 0, w.Dots(), rows))
	for y := 0; y < rows; y++ {
		for x := 0; x < w.Dots(); x++ {
			img.SetGray(x, y, color.Gray{Y: uint8((x + y) % 256)})
		}
	}
	return receipt.NewDoc(w).Init().Image(img).Cut(receipt.FullCut)
}

func TestStatusFromSimulator(t *testing.T) {
	r := newRig(t, receipt.Opts{})
	tests := []struct {
		cond   receiptsim.Condition
		state  devices.State
		paper  devices.Paper
		cover  bool
		cutter bool
		err    error
	}{
		{receiptsim.OK, devices.Online, devices.PaperOK, false, false, nil},
		{receiptsim.NearEnd, devices.Online, devices.PaperNearEnd, false, false, nil},
		{receiptsim.PaperOut, devices.UserError, devices.PaperOut, false, false, receipt.ErrPaperOut},
		{receiptsim.CoverOpen, devices.UserError, devices.PaperOK, true, false, receipt.ErrCoverOpen},
		{receiptsim.CutterError, devices.HardwareError, devices.PaperOK, false, true, receipt.ErrCutter},
	}
	for _, tt := range tests {
		t.Run(tt.cond.String(), func(t *testing.T) {
			r.sim.SetCondition(tt.cond)
			st, err := r.p.Status(r.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.State != tt.state || st.Paper != tt.paper || st.CoverOpen != tt.cover || st.CutterError != tt.cutter {
				t.Errorf("status = %+v", st)
			}
			if tt.err == nil && st.Err() != nil || tt.err != nil && !errors.Is(st.Err(), tt.err) {
				t.Errorf("Err() = %v, want %v", st.Err(), tt.err)
			}
		})
	}
	r.sim.SetCondition(receiptsim.Silent)
	st, err := r.p.Status(r.ctx)
	if !errors.Is(err, receipt.ErrNoReply) || st.State != devices.Offline {
		t.Errorf("silent printer: %+v, %v", st, err)
	}
}

// TestRefusedJobsSendNothing: paper out, cover open or cutter error → the
// typed error and not one byte of the job on the line.
func TestRefusedJobsSendNothing(t *testing.T) {
	r := newRig(t, receipt.Opts{})
	for _, tt := range []struct {
		cond receiptsim.Condition
		err  error
	}{
		{receiptsim.PaperOut, receipt.ErrPaperOut},
		{receiptsim.CoverOpen, receipt.ErrCoverOpen},
		{receiptsim.CutterError, receipt.ErrCutter},
		{receiptsim.Silent, receipt.ErrNoReply},
	} {
		t.Run(tt.cond.String(), func(t *testing.T) {
			r.sim.SetCondition(tt.cond)
			before := r.sim.Stats().PrintBytes()
			err := r.p.Print(r.ctx, smallDoc(receipt.W80))
			if !errors.Is(err, tt.err) {
				t.Fatalf("Print = %v, want %v", err, tt.err)
			}
			if errors.Is(err, receipt.ErrIncomplete) {
				t.Errorf("a refused job reported as incomplete: %v", err)
			}
			if n := r.sim.Stats().PrintBytes() - before; n != 0 {
				t.Errorf("%d bytes of the job reached the printer", n)
			}
			if tt.err == receipt.ErrPaperOut {
				var se *receipt.StatusError
				if !errors.As(err, &se) || se.Status.Device().State != devices.UserError || !strings.Contains(err.Error(), "paper out") {
					t.Errorf("paper out error %#v", err)
				}
			}
		})
	}
	// Paper loaded: the next job prints.
	r.sim.SetCondition(receiptsim.OK)
	if err := r.p.Print(r.ctx, smallDoc(receipt.W80)); err != nil {
		t.Fatal(err)
	}
	if _, err := r.sim.Wait(r.ctx); err != nil {
		t.Fatal(err)
	}
}

// TestPaperRunsOutMidJob: the roll ends inside a long job; the job is
// reported incomplete with paper out, never as printed.
func TestPaperRunsOutMidJob(t *testing.T) {
	r := newRig(t, receipt.Opts{ChunkSize: 2048})
	r.sim.RunOutAfter(300)
	err := r.p.Print(r.ctx, bigDoc(receipt.W80, 1200))
	if !errors.Is(err, receipt.ErrIncomplete) || !errors.Is(err, receipt.ErrPaperOut) {
		t.Fatalf("Print = %v, want ErrIncomplete and ErrPaperOut", err)
	}
	var je *receipt.JobError
	if !errors.As(err, &je) || je.Sent == 0 || je.Sent >= je.Total {
		t.Errorf("JobError = %#v", err)
	}
	pr, err := r.sim.Wait(r.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Cut {
		t.Error("the torn receipt is marked as cut")
	}
	if st := r.p.DeviceStatus(); st.State != devices.UserError || st.Paper != devices.PaperOut {
		t.Errorf("status after run-out: %v", st)
	}
}

// TestNearEndStillPrints: near end is a warning, not a refusal.
func TestNearEndStillPrints(t *testing.T) {
	r := newRig(t, receipt.Opts{})
	r.sim.SetCondition(receiptsim.NearEnd)
	if err := r.p.Print(r.ctx, smallDoc(receipt.W80)); err != nil {
		t.Fatal(err)
	}
	if st := r.p.DeviceStatus(); st.State != devices.Online || st.Paper != devices.PaperNearEnd {
		t.Errorf("status = %v", st)
	}
}

// TestUnplugReplug: unplugged → no_device and ErrNoDevice with nothing
// sent; plugged back → it recovers on its own and prints.
func TestUnplugReplug(t *testing.T) {
	r := newRig(t, receipt.Opts{})
	waitState := func(want devices.State) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for r.p.DeviceStatus().State != want {
			if time.Now().After(deadline) {
				t.Fatalf("state %v, want %s", r.p.DeviceStatus(), want)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitState(devices.Online)
	if err := r.sim.Unplug(); err != nil {
		t.Fatal(err)
	}
	waitState(devices.NoDevice)
	if err := r.p.Print(r.ctx, smallDoc(receipt.W80)); !errors.Is(err, receipt.ErrNoDevice) {
		t.Fatalf("Print while unplugged = %v", err)
	}
	if err := r.sim.Replug(); err != nil {
		t.Fatal(err)
	}
	waitState(devices.Online)
	if err := r.p.Print(r.ctx, smallDoc(receipt.W80)); err != nil {
		t.Fatal(err)
	}
	if _, err := r.sim.Wait(r.ctx); err != nil {
		t.Fatal(err)
	}
}

// TestUnplugMidJob: the cable goes while a long job is being sent.
func TestUnplugMidJob(t *testing.T) {
	r := newRig(t, receipt.Opts{ChunkSize: 1024})
	done := make(chan error, 1)
	go func() { done <- r.p.Print(r.ctx, bigDoc(receipt.W80, 4000)) }()
	for r.sim.Stats().PrintBytes() == 0 {
		time.Sleep(time.Millisecond)
	}
	r.sim.Unplug()
	err := <-done
	if err == nil {
		t.Skip("the job finished before the unplug")
	}
	if !errors.Is(err, receipt.ErrIncomplete) {
		t.Fatalf("Print = %v, want ErrIncomplete", err)
	}
}

func TestEvents(t *testing.T) {
	r := newRig(t, receipt.Opts{})
	next := func(want devices.State, paper devices.Paper) {
		t.Helper()
		for {
			select {
			case st := <-r.p.Events():
				if st.State == want && (paper == "" || st.Paper == paper) {
					return
				}
			case <-r.ctx.Done():
				t.Fatalf("no %s event", want)
			}
		}
	}
	next(devices.Online, devices.PaperOK)
	r.sim.SetCondition(receiptsim.NearEnd)
	next(devices.Online, devices.PaperNearEnd)
	r.sim.SetCondition(receiptsim.CoverOpen)
	next(devices.UserError, "")
	r.sim.Unplug()
	next(devices.NoDevice, "")
}

// TestReadyPrinterRestsAndFaultsArePolled: an idle printer that can print
// is asked for its status every RestInterval only; one that cannot is
// asked every PollInterval, so its recovery shows at once.
func TestReadyPrinterRestsAndFaultsArePolled(t *testing.T) {
	r := newRig(t, receipt.Opts{PollInterval: 20 * time.Millisecond, RestInterval: time.Hour})
	waitEvent := func(want devices.State) {
		t.Helper()
		for {
			select {
			case st := <-r.p.Events():
				if st.State == want {
					return
				}
			case <-r.ctx.Done():
				t.Fatalf("no %s event", want)
			}
		}
	}
	waitEvent(devices.Online)
	asked := r.sim.Stats().StatusRequests
	time.Sleep(300 * time.Millisecond) // 15 poll intervals
	if got := r.sim.Stats().StatusRequests; got != asked {
		t.Fatalf("a ready idle printer was asked %d more times within its rest", got-asked)
	}
	r.sim.SetCondition(receiptsim.CoverOpen)
	if st, _ := r.p.Status(r.ctx); st.State != devices.UserError {
		t.Fatalf("status with the cover open = %s", st)
	}
	r.sim.SetCondition(receiptsim.OK)
	waitEvent(devices.Online) // only the fast poll can see the cover closed
}

// TestFileTransport drives the printer as a USB printer device (plain
// file I/O with read deadlines) over the simulator's pty.
func TestFileTransport(t *testing.T) {
	r := newRig(t, receipt.Opts{Transport: receipt.TransportFile})
	if err := r.p.Print(r.ctx, smallDoc(receipt.W80)); err != nil {
		t.Fatal(err)
	}
	if _, err := r.sim.Wait(r.ctx); err != nil {
		t.Fatal(err)
	}
}

func TestQueuedJobsAllPrint(t *testing.T) {
	r := newRig(t, receipt.Opts{})
	errs := make(chan error, 5)
	for i := 0; i < 5; i++ {
		go func() { errs <- r.p.Print(r.ctx, smallDoc(receipt.W80)) }()
	}
	for i := 0; i < 5; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 5; i++ {
		if _, err := r.sim.Wait(r.ctx); err != nil {
			t.Fatal(err)
		}
	}
}

func TestWrongWidthAndClose(t *testing.T) {
	r := newRig(t, receipt.Opts{Width: receipt.W58})
	if err := r.p.Print(r.ctx, smallDoc(receipt.W80)); err == nil {
		t.Error("80 mm document accepted by a 58 mm printer")
	}
	if err := r.p.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.p.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	if err := r.p.Print(r.ctx, smallDoc(receipt.W58)); !errors.Is(err, receipt.ErrClosed) {
		t.Errorf("Print after Close = %v", err)
	}
	if _, err := r.p.Status(r.ctx); !errors.Is(err, receipt.ErrClosed) {
		t.Errorf("Status after Close = %v", err)
	}
}

func TestNoSuchPort(t *testing.T) {
	ctx := t.Context()
	p, err := receipt.Open(ctx, filepath.Join(t.TempDir(), "nothing"), receipt.Opts{PollInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	st, err := p.Status(ctx)
	if !errors.Is(err, receipt.ErrNoDevice) || st.State != devices.NoDevice {
		t.Errorf("Status = %+v, %v", st, err)
	}
	if err := p.Print(ctx, smallDoc(receipt.W80)); !errors.Is(err, receipt.ErrNoDevice) {
		t.Errorf("Print = %v", err)
	}
}

// TestCanceledBeforeStart: a job whose context ended before its turn is
// never sent.
func TestCanceledBeforeStart(t *testing.T) {
	r := newRig(t, receipt.Opts{})
	ctx, cancel := context.WithCancel(r.ctx)
	cancel()
	before := r.sim.Stats().PrintBytes()
	if err := r.p.Print(ctx, smallDoc(receipt.W80)); !errors.Is(err, context.Canceled) {
		t.Fatalf("Print = %v", err)
	}
	if n := r.sim.Stats().PrintBytes() - before; n != 0 {
		t.Errorf("%d bytes sent", n)
	}
}

// TestNoSensibleAnswer: a line that carries garbage (replies that fail the
// fixed-bit check) or an endless stream of bytes gives ErrNoSensibleAnswer
// within the status timeout, an offline status and never a state made up
// from the noise; a job is refused with nothing sent; when the printer
// answers properly again the kiosk's own polling recovers.
func TestNoSensibleAnswer(t *testing.T) {
	for _, cond := range []receiptsim.Condition{receiptsim.Garbled, receiptsim.Babble} {
		t.Run(cond.String(), func(t *testing.T) {
			r := newRig(t, receipt.Opts{StatusTimeout: 300 * time.Millisecond})
			r.sim.SetCondition(cond)
			for i := 0; i < 3; i++ {
				start := time.Now()
				st, err := r.p.Status(r.ctx)
				if !errors.Is(err, receipt.ErrNoSensibleAnswer) {
					t.Fatalf("Status = %+v, %v; want ErrNoSensibleAnswer", st, err)
				}
				if st.State != devices.Offline || st.Paper == devices.PaperOut || st.CoverOpen || st.CutterError {
					t.Errorf("status made up from noise: %+v", st)
				}
				// One settle and four replies at most, each bounded by
				// StatusTimeout; a stream must not keep it reading.
				if d := time.Since(start); d > 2*time.Second {
					t.Errorf("Status took %v", d)
				}
			}
			if d := r.p.DeviceStatus(); d.State != devices.Offline {
				t.Errorf("polled status %v", d)
			}
			before := r.sim.Stats().PrintBytes()
			err := r.p.Print(r.ctx, smallDoc(receipt.W80))
			if !errors.Is(err, receipt.ErrNoSensibleAnswer) || errors.Is(err, receipt.ErrIncomplete) {
				t.Errorf("Print = %v, want ErrNoSensibleAnswer before anything was sent", err)
			}
			if n := r.sim.Stats().PrintBytes() - before; n != 0 {
				t.Errorf("%d bytes of the job went to a printer that does not answer sensibly", n)
			}
			r.sim.SetCondition(receiptsim.PaperOut)
			deadline := time.Now().Add(10 * time.Second)
			for {
				st := r.p.LastStatus()
				if st.State == devices.UserError && st.Paper == devices.PaperOut {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("no recovery after the noise stopped: %+v", st)
				}
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
}

// TestNoiseDuringJob: the line starts babbling while a long job is sent;
// the status check between two pieces reports ErrNoSensibleAnswer (job
// incomplete) instead of reading forever or inventing a state.
func TestNoiseDuringJob(t *testing.T) {
	r := newRig(t, receipt.Opts{ChunkSize: 1024, StatusTimeout: 300 * time.Millisecond})
	done := make(chan error, 1)
	go func() { done <- r.p.Print(r.ctx, bigDoc(receipt.W80, 4000)) }()
	for r.sim.Stats().PrintBytes() == 0 {
		time.Sleep(time.Millisecond)
	}
	r.sim.SetCondition(receiptsim.Babble)
	start := time.Now()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the job is still reading the stream")
	}
	if err == nil {
		t.Skip("the job finished before the line started babbling")
	}
	if !errors.Is(err, receipt.ErrIncomplete) || !errors.Is(err, receipt.ErrNoSensibleAnswer) {
		t.Fatalf("Print = %v, want ErrIncomplete and ErrNoSensibleAnswer", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("stopped %v after the noise began", d)
	}
}

// TestRealtimeBytesInImage: raster data holding 10 04 n (DLE EOT n), which
// an Epson-like printer answers even inside an image, must not put extra
// status bytes on the line that a status check could take for its own
// reply: the job prints and the status after it is the printer's.
func TestRealtimeBytesInImage(t *testing.T) {
	r := newRig(t, receipt.Opts{ChunkSize: 1024})
	ras := receipt.NewRaster(576, 400)
	for i := 0; i+2 < len(ras.Pix); i += 5 {
		ras.Pix[i], ras.Pix[i+1], ras.Pix[i+2] = 0x10, 0x04, byte(1+i%4)
	}
	d := receipt.NewDoc(receipt.W80).Init().Raster(ras).Cut(receipt.FullCut)
	for i := 0; i+1 < d.Len(); i++ {
		if b := d.Bytes(); b[i] == 0x10 && (b[i+1] == 0x04 || b[i+1] == 0x05 || b[i+1] == 0x14) {
			t.Fatalf("the document holds a real-time command %x at %d", b[i:i+2], i)
		}
	}
	for i := 0; i < 3; i++ {
		if err := r.p.Print(r.ctx, d); err != nil {
			t.Fatal(err)
		}
		if _, err := r.sim.Wait(r.ctx); err != nil {
			t.Fatal(err)
		}
	}
	r.sim.SetCondition(receiptsim.NearEnd)
	st, err := r.p.Status(r.ctx)
	if err != nil || st.State != devices.Online || st.Paper != devices.PaperNearEnd {
		t.Errorf("status after the jobs: %+v, %v", st, err)
	}
}
