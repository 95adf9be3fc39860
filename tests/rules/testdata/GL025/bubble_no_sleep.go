package bubblenosleep

import (
	"sync"
	"testing"
)

// bubble stands in for testing/synctest (Go 1.24 and later), so that the fixture
// builds with older Go too: its Test runs f in a bubble.
type bubble struct{}

func (bubble) Test(t *testing.T, f func(*testing.T)) { f(t) }

var synctest bubble

// In a bubble, a signaller that does not sleep first can still signal before the Wait.
func TestNoSleep(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		cond := sync.NewCond(&mu)
		go func() {
			mu.Lock()
			cond.Broadcast()
			mu.Unlock()
		}()
		mu.Lock()
		cond.Wait() // want "`cond.Wait\(\)` is not in a loop that re-checks its condition"
		mu.Unlock()
	})
}
