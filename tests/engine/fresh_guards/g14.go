package fp

import (
	"sync"
	"time"
)

type rotator14 struct {
	mu     sync.Mutex
	ticker *time.Ticker
	doneCh chan struct{}
	closed bool
}

func newRotator14() *rotator14 {
	r := &rotator14{ticker: time.NewTicker(100 * time.Millisecond), doneCh: make(chan struct{})}
	go r.flushPeriodically()
	return r
}

func (r *rotator14) flushPeriodically() {
	for {
		select {
		case <-r.ticker.C:
		case <-r.doneCh:
			return
		}
	}
}

// Close is idempotent: closed is true only after doneCh was closed.
func (r *rotator14) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ticker.Stop()
	if !r.closed {
		close(r.doneCh)
		r.closed = true
	}
	return nil
}
