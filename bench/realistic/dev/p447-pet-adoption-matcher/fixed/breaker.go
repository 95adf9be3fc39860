package adoption

import (
	"sync"
	"time"
)

type breakerState int

const (
	closedState breakerState = iota
	openState
	halfOpenState
)

type breaker struct {
	mu        sync.Mutex
	threshold int
	cooldown  time.Duration
	state     breakerState
	failures  int
	openedAt  time.Time
	probing   bool
}

func newBreaker(threshold int, cooldown time.Duration) *breaker {
	return &breaker{threshold: threshold, cooldown: cooldown}
}

func (b *breaker) allow(now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case openState:
		if now.Sub(b.openedAt) < b.cooldown {
			return false
		}
		b.state = halfOpenState
		b.probing = true
		return true
	case halfOpenState:
		if b.probing {
			return false
		}
		b.probing = true
		return true
	}
	return true
}

func (b *breaker) record(ok bool, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.probing = false
	if ok {
		b.state = closedState
		b.failures = 0
		return
	}
	b.failures++
	if b.state == halfOpenState || b.failures >= b.threshold {
		b.state = openState
		b.openedAt = now
	}
}
