package fixed_token_bucket

import (
	"errors"
	"sync"
	"time"
)

// run: l := NewLimiter(2, time.Millisecond); l.Acquire(); _ = l.Close()

var errInUse = errors.New("limiter: tokens still borrowed")

// Limiter hands out at most burst tokens, refilled one per interval by a goroutine.
type Limiter struct {
	tokens   chan struct{}
	done     chan struct{}
	interval time.Duration
	mu       sync.Mutex
	borrowed int
}

func NewLimiter(burst int, interval time.Duration) *Limiter {
	l := &Limiter{tokens: make(chan struct{}, burst), done: make(chan struct{}), interval: interval}
	go l.refill()
	return l
}

func (l *Limiter) refill() {
	for {
		time.Sleep(l.interval)
		select {
		case l.tokens <- struct{}{}:
		case <-l.done:
			return
		}
	}
}

func (l *Limiter) Acquire() {
	<-l.tokens
	l.mu.Lock()
	l.borrowed++
	l.mu.Unlock()
}

func (l *Limiter) Release() {
	l.mu.Lock()
	l.borrowed--
	l.mu.Unlock()
}

// Close stops the refills; it reports callers that still hold tokens, but stops anyway.
func (l *Limiter) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	close(l.done)
	if l.borrowed > 0 {
		return errInUse
	}
	return nil
}
