package fresh

import (
	"sync"
	"time"
)

var strictJ21 bool

// stampJ21 may panic: a call of it is where a recovered panic can come from.
func stampJ21() time.Time {
	if strictJ21 {
		panic("no clock")
	}
	return time.Now()
}

// Only the clock is read before `Done`: nothing the deferred recover catches can
// come before it (RECOVER_MEANS_PANICS forks before calls that may panic).
func hammerJ21(n int, step func()) {
	var started sync.WaitGroup
	started.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer func() {
				_ = recover()
			}()
			begun := time.Now()
			started.Done()
			_ = begun
			step()
		}()
	}
	started.Wait()
}
