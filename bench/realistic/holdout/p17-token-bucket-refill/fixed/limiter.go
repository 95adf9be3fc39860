// Package ratelimit is a token-bucket limiter for outgoing API calls.
package ratelimit

import (
	"context"
	"time"
)

// Limiter hands out tokens at a steady rate with a burst allowance.
type Limiter struct {
	tokens chan struct{}
	every  time.Duration
	stop   chan struct{}
}

// NewLimiter allows one call per every, with bursts of up to burst calls.
func NewLimiter(every time.Duration, burst int) *Limiter {
	l := &Limiter{tokens: make(chan struct{}, burst), every: every, stop: make(chan struct{})}
	for i := 0; i < burst; i++ {
		l.tokens <- struct{}{}
	}
	go l.refill()
	return l
}

func (l *Limiter) refill() {
	t := time.NewTicker(l.every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-l.stop:
			return
		}
		select {
		case l.tokens <- struct{}{}:
		default: // bucket full
		}
	}
}

// Stop ends the refill goroutine.
func (l *Limiter) Stop() { close(l.stop) }

// Wait blocks until a token is available or ctx ends.
func (l *Limiter) Wait(ctx context.Context) error {
	select {
	case <-l.tokens:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Allow takes a token if one is available right now.
func (l *Limiter) Allow() bool {
	select {
	case <-l.tokens:
		return true
	default:
		return false
	}
}
