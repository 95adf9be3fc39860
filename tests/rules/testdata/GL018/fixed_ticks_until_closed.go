// checkFailed ranges over the ticks until the server is closed. A ticker's channel is
// never closed (Stop does not close it), so the loop ends only by its `return`, which
// stops the ticker first: the end of the function is never reached (TICKS_NEVER_END).
package ticksuntilclosed

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
	ticker := time.NewTicker(every)
	for range ticker.C {
		switch r.state.Load() {
		case failed:
			r.events <- "check failed"
		case closed:
			ticker.Stop()
			return
		}
	}
}
