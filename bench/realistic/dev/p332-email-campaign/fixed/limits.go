package campaign

import (
	"context"
	"sync"
	"time"
)

// domainLimiter is a token bucket per recipient domain. Callers reserve a
// token and then wait until the reservation is due, so concurrent senders
// to one domain are spaced out rather than woken all at once.
type domainLimiter struct {
	clock Clock
	rate  float64 // tokens per second
	burst float64

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newDomainLimiter(c Clock, rate float64, burst int) *domainLimiter {
	return &domainLimiter{clock: c, rate: rate, burst: float64(burst), buckets: make(map[string]*bucket)}
}

// reserve takes a token for domain and returns how long the caller must
// wait before using it.
func (l *domainLimiter) reserve(domain string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	b, ok := l.buckets[domain]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[domain] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens += elapsed * l.rate
		if b.tokens > l.burst {
			b.tokens = l.burst
		}
		b.last = now
	}
	b.tokens--
	if b.tokens >= 0 {
		return 0
	}
	return time.Duration(-b.tokens / l.rate * float64(time.Second))
}

// wait blocks until a message may be sent to domain or ctx ends.
func (l *domainLimiter) wait(ctx context.Context, domain string) error {
	d := l.reserve(domain)
	if d <= 0 {
		return nil
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-l.clock.After(d):
		return nil
	}
}
