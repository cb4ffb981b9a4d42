package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/cmd/portalsim/server"
)

// crashItems is how many submissions the crash test pushes through.
const crashItems = 200

// Environment of the child process of TestCrashKill9.
const (
	envChild = "HALLKIOSK_OUTBOX_CRASH_CHILD"
	envURL   = "HALLKIOSK_OUTBOX_CRASH_URL"
)

// TestCrashChild is the child process of TestCrashKill9; it does nothing
// in a normal run. It adds the submissions not yet in the outbox (every
// tenth with a material), then drains until the queue is empty.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(envChild)
	if path == "" {
		t.Skip("child of TestCrashKill9 only")
	}
	c, err := portal.New(portal.Options{BaseURL: os.Getenv(envURL), Token: simToken, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ob, err := outbox.Open(path, outbox.Options{Portal: c, BaseDelay: 2 * time.Millisecond, MaxDelay: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	ctx := context.Background()
	// Each Add is one transaction, so the number of applications present
	// is exactly the number of Adds that committed.
	n := 0
	if err := ob.Each(ctx, outbox.ListOptions{Kind: outbox.KindApplication}, func(outbox.Entry) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	for i := n; i < crashItems; i++ {
		var mats []outbox.Material
		if i%10 == 0 {
			mats = append(mats, outbox.Material{Code: "m", ContentType: portal.ContentPDF, Data: pdf(4096 + i)})
		}
		if _, err := ob.Add(ctx, application(fmt.Sprint(i)), mats...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ob.Drain(ctx, true); err != nil {
		t.Fatal(err)
	}
}

// TestCrashKill9 runs a child process that fills and drains the outbox
// against a faulty portal, SIGKILLs it at random moments, restarts it, and
// repeats. Every submission must arrive exactly once under its one key,
// nothing may stay pending, and the database must pass integrity_check.
func TestCrashKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test in -short mode")
	}
	sim := startSim(t, server.Faults{FailRate: 0.1, DropAfterCommit: 0.1, Latency: 4 * time.Millisecond}, nil)
	path := filepath.Join(t.TempDir(), "outbox.db")
	rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	const maxKills = 15
	kills, rounds := 0, 0
	start := time.Now()
	for {
		rounds++
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), envChild+"="+path, envURL+"="+sim.URL())
		out := &syncBuf{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		limit := 60 * time.Second
		if kills < maxKills {
			limit = time.Duration(20+rnd.IntN(230)) * time.Millisecond
		}
		var err error
		select {
		case err = <-done:
		case <-time.After(limit):
			cmd.Process.Signal(syscall.SIGKILL)
			err = <-done
			var ee *exec.ExitError
			if errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled() {
				if kills >= maxKills {
					t.Fatalf("child did not finish:\n%s", out.String())
				}
				kills++
				continue
			}
		}
		if err != nil {
			t.Fatalf("round %d: child failed: %v\n%s", rounds, err, out.String())
		}
		break // the child drained everything
	}
	t.Logf("%d rounds, %d SIGKILLs, %v", rounds, kills, time.Since(start).Round(time.Millisecond))

	ob, err := outbox.Open(path, outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ob.Close()
	ctx := context.Background()
	if err := ob.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	c, err := ob.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Pending != 0 || c.Parked != 0 || c.Sent != crashItems+crashItems/10 {
		t.Fatalf("counts %+v, want %d sent", c, crashItems+crashItems/10)
	}
	// Every application the portal has arrived under a key the outbox
	// assigned; each marker arrived once.
	ours := map[string]bool{}
	err = ob.Each(ctx, outbox.ListOptions{Kind: outbox.KindApplication}, func(e outbox.Entry) error {
		ours[e.Key] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	apps, err := sim.Applications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, a := range apps {
		if !ours[a.IdempotencyKey] {
			t.Errorf("application %s arrived under a key the outbox does not have", a.ApplicationID)
		}
		want[a.Application.Form["marker"]] = a.IdempotencyKey
	}
	for i := range crashItems {
		if _, ok := want[fmt.Sprint(i)]; !ok {
			want[fmt.Sprint(i)] = "missing"
		}
	}
	checkArrivedOnce(t, sim, want, 10)
	if kills < 3 {
		t.Errorf("only %d SIGKILLs landed while the child was working", kills)
	}
}
