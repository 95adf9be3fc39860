package crawler

import (
	"context"
	"time"
)

// hostLimiter is a token bucket for one host: up to burst requests at once,
// refilled by one token per interval.
type hostLimiter struct {
	tokens chan struct{}
	ticker *time.Ticker
	done   chan struct{}
}

func newHostLimiter(burst int, interval time.Duration) *hostLimiter {
	l := &hostLimiter{
		tokens: make(chan struct{}, burst),
		ticker: time.NewTicker(interval),
		done:   make(chan struct{}),
	}
	for i := 0; i < burst; i++ {
		l.tokens <- struct{}{}
	}
	go l.refill()
	return l
}

func (l *hostLimiter) refill() {
	for {
		select {
		case <-l.ticker.C:
		case <-l.done:
			return
		}
		select {
		case l.tokens <- struct{}{}:
		default: // bucket full
		}
	}
}

// wait takes a token, blocking until one is available or ctx is done.
func (l *hostLimiter) wait(ctx context.Context) error {
	select {
	case <-l.tokens:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *hostLimiter) stop() {
	l.ticker.Stop()
	close(l.done)
}
