package fixedsynctestbubble

import (
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// In a synctest bubble time moves only when every goroutine of the bubble is blocked:
// the signaller's Sleep ends after the waiter is already in Wait.
func TestCondWakes(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		cond := sync.NewCond(&mu)
		go func() {
			time.Sleep(time.Millisecond)
			mu.Lock()
			cond.Broadcast()
			mu.Unlock()
		}()
		mu.Lock()
		cond.Wait()
		mu.Unlock()
	})
}
