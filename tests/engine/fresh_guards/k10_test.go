package fresh

import (
	"context"
	"sync"
	"testing"
	"time"
)

func readyK10() bool { return time.Now().Unix()%2 == 0 }

// The poller returns without cancelling only once `finished` is closed, and that
// happens only after the wait on ctx.Done() has ended.
func TestPollUntilReadyK10(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	go func() {
		ticker := time.NewTicker(time.Millisecond)
		defer ticker.Stop()
		for {
			select {
			case <-finished:
				return
			case <-ticker.C:
				if readyK10() {
					cancel()
				}
			}
		}
	}()
	<-ctx.Done()
	close(finished)
}

// The counter leaves without its last Done only once `done` is closed, after Wait.
func TestCountFirstK10(t *testing.T) {
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(3)
	go func() {
		n := 0
		for {
			select {
			case <-done:
				return
			default:
			}
			if n < 3 {
				wg.Done()
				n++
			}
			time.Sleep(time.Millisecond)
		}
	}()
	wg.Wait()
	close(done)
}
