package glfw

import (
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/internal/async"
)

// TestStopFuncQueueLetsEveryWaiterGo stops the main thread's queue while
// goroutines keep queueing work with and without waiting, as a kiosk's
// timers and device goroutines do when it quits: every one of them must
// return (hallkiosk patch 8). Upstream's drain missed calls still inside
// the queue's buffer, and their callers waited for ever.
func TestStopFuncQueueLetsEveryWaiterGo(t *testing.T) {
	defer func() {
		funcQueue = async.NewUnboundedChan[funcData]()
		running.Store(false)
		drained.Store(false)
	}()
	for round := 0; round < 300; round++ {
		funcQueue = async.NewUnboundedChan[funcData]()
		drained.Store(false)
		running.Store(true)
		stop, stopped := make(chan struct{}), make(chan struct{})
		go func() { // the main loop: run queued work until stopped
			defer close(stopped)
			for {
				select {
				case <-stop:
					running.Store(false)
					stopFuncQueue()
					return
				case f := <-funcQueue.Out():
					f.f()
					if f.done != nil {
						f.done <- struct{}{}
					}
				}
			}
		}()
		var callers sync.WaitGroup
		started := make(chan struct{}, 8)
		for i := 0; i < 8; i++ {
			wait := i%2 == 0
			callers.Go(func() {
				started <- struct{}{}
				for !drained.Load() {
					runOnMainWithWait(func() {}, wait)
				}
			})
		}
		for i := 0; i < 8; i++ {
			<-started
		}
		close(stop)
		returned := make(chan struct{})
		go func() { callers.Wait(); <-stopped; close(returned) }()
		select {
		case <-returned:
		case <-time.After(10 * time.Second):
			t.Fatalf("round %d: a call queued for the main thread still waits after the queue stopped, or the stop does not end", round)
		}
	}
}
