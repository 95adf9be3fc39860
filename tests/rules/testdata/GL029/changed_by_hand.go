package changedbyhand

import (
	"errors"
	"sync"
	"time"
)

// run: l := NewLimiter(1); held := make(chan struct{}); failed := make(chan error); go func() { failed <- l.Do(func() error { close(held); for l.Waiting() == 0 { time.Sleep(time.Millisecond) }; return errFailed }) }(); <-held; go func() { _ = l.Do(func() error { return nil }) }(); <-failed

// Limiter runs at most max functions at a time.
type Limiter struct {
	mu       sync.Mutex
	cond     *sync.Cond
	inUse    int
	max      int
	waiting  int
	lastFree time.Time
}

// NewLimiter returns a Limiter for max concurrent calls.
func NewLimiter(max int) *Limiter {
	l := &Limiter{max: max}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *Limiter) acquire() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for l.inUse >= l.max {
		l.waiting++
		l.cond.Wait() // want "`l.cond.Wait\(\)` may never return: `Do` changes `l.inUse`, which this loop waits on, by hand when `err != nil` and returns without waking the waiters; on its other path it calls `l.release\(\)`"
		l.waiting--
	}
	l.inUse++
}

func (l *Limiter) release() {
	l.mu.Lock()
	l.inUse--
	l.lastFree = time.Now()
	l.cond.Signal()
	l.mu.Unlock()
}

// Waiting reports how many callers wait for a slot.
func (l *Limiter) Waiting() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.waiting
}

// Do runs fn once a slot is free.
func (l *Limiter) Do(fn func() error) error {
	l.acquire()
	if err := fn(); err != nil {
		l.mu.Lock()
		l.inUse--
		l.mu.Unlock()
		return err
	}
	l.release()
	return nil
}

// errFailed is what a failing call returns in the example run.
var errFailed = errors.New("call failed")
