package sms

import (
	"fmt"
	"sync"
	"time"
)

// throttle is a fixed-window limiter: every window the budget is reset to
// limit segments, and take blocks until enough of the budget is left.
type throttle struct {
	limit  int
	window time.Duration
	clock  Clock

	mu     sync.Mutex
	cond   *sync.Cond
	tokens int

	stopOnce sync.Once
	done     chan struct{}
}

func newThrottle(limit int, window time.Duration, clock Clock) *throttle {
	t := &throttle{
		limit:  limit,
		window: window,
		clock:  clock,
		tokens: limit,
		done:   make(chan struct{}),
	}
	t.cond = sync.NewCond(&t.mu)
	return t
}

// start begins refilling the budget once per window.
func (t *throttle) start() {
	tick, stopTicker := t.clock.NewTicker(t.window)
	go func() {
		defer stopTicker()
		for {
			select {
			case <-tick:
				t.refill()
			case <-t.done:
				return
			}
		}
	}()
}

func (t *throttle) refill() {
	t.mu.Lock()
	t.tokens = t.limit
	t.mu.Unlock()
	t.cond.Broadcast()
}

// take blocks until n segments may be sent in the current window.
func (t *throttle) take(n int) error {
	if n > t.limit {
		return fmt.Errorf("%w: %d segments exceed the budget of %d per %v", ErrTooLong, n, t.limit, t.window)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.tokens < n {
		t.cond.Wait() // leak: stop() ends refills but never wakes waiters
	}
	t.tokens -= n
	return nil
}

// stop ends the refill loop.
func (t *throttle) stop() {
	t.stopOnce.Do(func() { close(t.done) })
}
