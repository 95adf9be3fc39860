// Package breaker implements a circuit breaker for outbound calls. After a
// run of consecutive failures the breaker opens and fails calls fast; once a
// cool-down has passed it lets a single probe call through (half-open), and
// the probe's outcome decides whether the breaker closes again or stays open.
package breaker

import (
	"context"
	"errors"
	"sync"
	"time"
)

// State is the position of the breaker.
type State int

// Breaker states.
const (
	Closed State = iota
	Open
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
	return "unknown"
}

// ErrOpen is returned without calling the backend while the breaker is open.
var ErrOpen = errors.New("breaker: circuit open")

// Option configures a Breaker.
type Option func(*Breaker)

// WithThreshold sets how many consecutive failures open the breaker.
func WithThreshold(n int) Option { return func(b *Breaker) { b.threshold = n } }

// WithCooldown sets how long the breaker stays open before probing.
func WithCooldown(d time.Duration) Option { return func(b *Breaker) { b.cooldown = d } }

// WithProbeTimeout bounds the half-open probe call.
func WithProbeTimeout(d time.Duration) Option { return func(b *Breaker) { b.probeTimeout = d } }

// WithClock replaces time.Now, for tests.
func WithClock(now func() time.Time) Option { return func(b *Breaker) { b.now = now } }

// OnStateChange registers a callback for state transitions. It runs with the
// breaker locked and must not call back into the breaker.
func OnStateChange(fn func(name string, from, to State)) Option {
	return func(b *Breaker) { b.onChange = fn }
}

// Breaker guards calls to one backend.
type Breaker struct {
	name         string
	threshold    int
	cooldown     time.Duration
	probeTimeout time.Duration
	now          func() time.Time
	onChange     func(name string, from, to State)

	mu       sync.Mutex
	state    State
	failures int
	openedAt time.Time
	probing  bool
}

// New returns a closed breaker for the backend called name.
func New(name string, opts ...Option) *Breaker {
	b := &Breaker{
		name:         name,
		threshold:    5,
		cooldown:     30 * time.Second,
		probeTimeout: 2 * time.Second,
		now:          time.Now,
	}
	for _, o := range opts {
		o(b)
	}
	return b
}

// State returns the current state.
func (b *Breaker) State() State {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state
}

// Do calls fn unless the breaker is open, and records the outcome. A call
// cancelled by its caller counts neither as a success nor as a failure.
func (b *Breaker) Do(ctx context.Context, fn func(context.Context) error) error {
	probe, err := b.admit()
	if err != nil {
		return err
	}
	if probe {
		err = b.probe(ctx, fn)
	} else {
		err = fn(ctx)
	}
	b.record(probe, err, ctx.Err() != nil)
	return err
}

func (b *Breaker) admit() (probe bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case Closed:
		return false, nil
	case Open:
		if b.now().Sub(b.openedAt) < b.cooldown {
			return false, ErrOpen
		}
		b.setState(HalfOpen)
	}
	if b.probing {
		return false, ErrOpen
	}
	b.probing = true
	return true, nil
}

func (b *Breaker) record(probe bool, err error, callerGaveUp bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if probe {
		b.probing = false
	}
	switch {
	case callerGaveUp:
		return
	case err == nil:
		b.failures = 0
		if probe {
			b.setState(Closed)
		}
	case probe:
		b.trip()
	default:
		b.failures++
		if b.state == Closed && b.failures >= b.threshold {
			b.trip()
		}
	}
}

// trip opens the breaker. b.mu must be held.
func (b *Breaker) trip() {
	b.failures = 0
	b.openedAt = b.now()
	b.setState(Open)
}

// setState moves to s and reports the transition. b.mu must be held.
func (b *Breaker) setState(s State) {
	if s == b.state {
		return
	}
	from := b.state
	b.state = s
	if b.onChange != nil {
		b.onChange(b.name, from, s)
	}
}
