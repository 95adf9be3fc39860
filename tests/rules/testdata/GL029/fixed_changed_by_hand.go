package fixedchangedbyhand

import (
	"sync"
	"time"
)

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
		l.cond.Wait()
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
		l.release()
		return err
	}
	l.release()
	return nil
}
