package proxy

import (
	"sync"
	"time"
)

// State is the state of a circuit breaker.
type State int

// Breaker states.
const (
	// Closed lets all traffic through and counts consecutive failures.
	Closed State = iota
	// Open rejects all traffic until the cooldown has elapsed.
	Open
	// HalfOpen rejects user traffic while a health probe decides whether
	// the backend has recovered.
	HalfOpen
)

func (s State) String() string {
	switch s {
	case Closed:
		return "closed"
	case Open:
		return "open"
	case HalfOpen:
		return "half-open"
	}
	return "invalid"
}

// Breaker is a consecutive-failure circuit breaker. Recovery is decided by
// out-of-band probes rather than by sacrificing user requests.
type Breaker struct {
	clock     Clock
	threshold int
	cooldown  time.Duration
	onChange  func(from, to State)

	mu       sync.Mutex
	state    State
	failures int
	openedAt time.Time
}

func newBreaker(clock Clock, threshold int, cooldown time.Duration, onChange func(from, to State)) *Breaker {
	return &Breaker{clock: clock, threshold: threshold, cooldown: cooldown, onChange: onChange}
}

// Allow reports whether a request may be sent to the backend. When the
// cooldown of an open breaker has elapsed it moves to half-open and asks
// the caller to start a probe; the request itself is still rejected.
func (b *Breaker) Allow() (allowed, startProbe bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case Closed:
		return true, false
	case Open:
		if b.clock.Now().Sub(b.openedAt) < b.cooldown {
			return false, false
		}
		b.setLocked(HalfOpen)
		return false, true
	default:
		return false, false
	}
}

// Success records a successful request.
func (b *Breaker) Success() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == Closed {
		b.failures = 0
	}
}

// Failure records a failed request and trips the breaker once the
// threshold of consecutive failures is reached.
func (b *Breaker) Failure() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state != Closed {
		return
	}
	b.failures++
	if b.failures >= b.threshold {
		b.openedAt = b.clock.Now()
		b.setLocked(Open)
	}
}

// ProbeResult closes a half-open breaker if healthy is true and reopens it
// for another cooldown otherwise.
func (b *Breaker) ProbeResult(healthy bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state != HalfOpen {
		return
	}
	if healthy {
		b.failures = 0
		b.setLocked(Closed)
		return
	}
	b.openedAt = b.clock.Now()
	b.setLocked(Open)
}

func (b *Breaker) setLocked(to State) {
	from := b.state
	b.state = to
	if b.onChange != nil && from != to {
		b.onChange(from, to)
	}
}
