// checkFailed stops the ticker when the server is closed, but gives up with a `break`
// once a check failed, and falls off the end of the function with the ticker running.
package ticksuntilbreak

import (
	"sync/atomic"
	"time"
)

type runtime struct {
	state  atomic.Int32
	events chan string
}

const (
	running = iota
	failed
	closed
)

func (r *runtime) checkFailed(every time.Duration) {
	ticker := time.NewTicker(every) // want "ticker `ticker` is not stopped on every path: the end of the function leaves it running"
	for range ticker.C {
		state := r.state.Load()
		if state == failed {
			r.events <- "check failed"
			break
		}
		if state == closed {
			ticker.Stop()
			return
		}
	}
}
