package push

import (
	"sync"
	"time"
)

// deviceLimiter hands out send permits per device token. Every device may
// receive up to burst notifications per interval; the allowance of all
// devices is restored together when the interval ticks.
type deviceLimiter struct {
	mu        sync.Mutex
	cond      *sync.Cond
	burst     int
	used      map[string]int
	throttled int
	closed    bool

	stop chan struct{}
	done chan struct{}
}

func newDeviceLimiter(burst int, interval time.Duration) *deviceLimiter {
	l := &deviceLimiter{
		burst: burst,
		used:  make(map[string]int),
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	l.cond = sync.NewCond(&l.mu)
	go l.refill(interval)
	return l
}

func (l *deviceLimiter) refill(interval time.Duration) {
	defer close(l.done)
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-ticker.C:
			l.mu.Lock()
			l.used = make(map[string]int)
			l.mu.Unlock()
			l.cond.Broadcast()
		}
	}
}

// wait blocks until device may be sent one more notification. It returns
// ErrClosed once the limiter has been closed.
func (l *deviceLimiter) wait(device string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	counted := false
	for {
		if l.closed {
			return ErrClosed
		}
		if l.used[device] < l.burst {
			l.used[device]++
			return nil
		}
		if !counted {
			l.throttled++
			counted = true
		}
		l.cond.Wait() // leak: close marks the limiter closed and stops the refill ticker but never broadcasts, so nothing wakes this waiter
	}
}

// throttledCount reports how many sends had to wait for their device's allowance.
func (l *deviceLimiter) throttledCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.throttled
}

// close stops the refill loop and rejects further waits. It must be called
// only once.
func (l *deviceLimiter) close() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
	close(l.stop)
	<-l.done
}
