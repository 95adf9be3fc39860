package fresh

import (
	"context"
	"sync"
	"testing"
)

// The counting goroutine skips `wg.Done()` only once the context ends, and the test
// cancels that context only when it returns, after `wg.Wait()` (cloudflared's muxer
// test, with `t.Context()` as the parent).
func checkEveryPacketArrivesM4(t *testing.T, recv <-chan int, send func(int)) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	var got []int
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case p := <-recv:
				got = append(got, p)
				wg.Done()
			}
		}
	}()
	for i := 0; i < 10; i++ {
		wg.Add(1)
		send(i)
	}
	wg.Wait()
	if len(got) != 10 {
		t.Fatalf("got %d packets", len(got))
	}
}
